"""The journal's schema: a list of named migrations, applied in order by ``PRAGMA user_version``.

Each migration is one step run in its own transaction (``BEGIN IMMEDIATE`` … ``COMMIT``)
together with the version bump, so a step that fails leaves the file at the version before
it, never half-migrated. A file at version 0 is new only if it holds no tables at all; one
with tables of its own is someone else's database (see ``ForeignSchema``).

Times are stored as the user's local time with its UTC offset (ISO 8601, ``started``);
the local day and the instant are *generated* from that one text (``day``, ``started_jd``),
so there is a single owner of the fact and the history queries can still use indexes.
Needs SQLite 3.31 or later (generated columns).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass


@dataclass(frozen=True)
class Migration:
    """One named step from ``version - 1`` to ``version``."""

    version: int
    name: str
    statements: tuple[str, ...]


# The trigger bodies of migration 3: a session counts once in its routine's row and once in
# its local day's row; an update moves it out of the old rows and into the new ones.
_ADD_NEW = """
    INSERT INTO routine_totals VALUES
        (NEW.routine_id, NEW.title, 1, NEW.outcome = 'completed', NEW.practised_seconds)
    ON CONFLICT (routine_id) DO UPDATE SET
        title = NEW.title,
        sessions = sessions + 1,
        completed = completed + (NEW.outcome = 'completed'),
        practised_seconds = practised_seconds + NEW.practised_seconds;
    INSERT INTO day_totals VALUES
        (NEW.day, 1, NEW.outcome = 'completed', NEW.practised_seconds)
    ON CONFLICT (day) DO UPDATE SET
        sessions = sessions + 1,
        completed = completed + (NEW.outcome = 'completed'),
        practised_seconds = practised_seconds + NEW.practised_seconds;
"""
_SUBTRACT_OLD = """
    UPDATE routine_totals SET
        sessions = sessions - 1,
        completed = completed - (OLD.outcome = 'completed'),
        practised_seconds = practised_seconds - OLD.practised_seconds
    WHERE routine_id = OLD.routine_id;
    UPDATE day_totals SET
        sessions = sessions - 1,
        completed = completed - (OLD.outcome = 'completed'),
        practised_seconds = practised_seconds - OLD.practised_seconds
    WHERE day = OLD.day;
"""
_DROP_EMPTY = """
    DELETE FROM routine_totals WHERE routine_id = OLD.routine_id AND sessions <= 0;
    DELETE FROM day_totals WHERE day = OLD.day AND sessions <= 0;
"""

MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "sessions table",
        (
            """CREATE TABLE sessions (
                uuid TEXT PRIMARY KEY,
                routine_id TEXT NOT NULL,
                title TEXT NOT NULL,
                started TEXT NOT NULL,
                ended TEXT,
                outcome TEXT NOT NULL DEFAULT 'open'
                    CHECK (outcome IN ('open', 'completed', 'stopped')),
                steps_total INTEGER NOT NULL CHECK (steps_total >= 0),
                step_reached INTEGER NOT NULL DEFAULT 0 CHECK (step_reached >= 0),
                practised_seconds REAL NOT NULL DEFAULT 0 CHECK (practised_seconds >= 0),
                tempo REAL NOT NULL,
                cycles INTEGER,
                voice_on INTEGER NOT NULL CHECK (voice_on IN (0, 1)),
                owner TEXT NOT NULL DEFAULT '',
                day TEXT GENERATED ALWAYS AS (substr(started, 1, 10)) VIRTUAL,
                started_jd REAL GENERATED ALWAYS AS (julianday(started)) VIRTUAL
            )""",
            "CREATE INDEX sessions_by_day ON sessions (day)",
            "CREATE INDEX sessions_by_start ON sessions (started_jd)",
            "CREATE INDEX sessions_open ON sessions (outcome) WHERE outcome = 'open'",
        ),
    ),
    Migration(
        2,
        "tension ratings before and after",
        (
            "ALTER TABLE sessions ADD COLUMN rating_before INTEGER"
            " CHECK (rating_before BETWEEN 0 AND 10)",
            "ALTER TABLE sessions ADD COLUMN rating_after INTEGER"
            " CHECK (rating_after BETWEEN 0 AND 10)",
        ),
    ),
    Migration(
        3,
        "totals per routine and per day kept by triggers",
        (
            "CREATE INDEX sessions_by_routine ON sessions (routine_id, outcome, day)",
            """CREATE TABLE routine_totals (
                routine_id TEXT PRIMARY KEY,
                title TEXT NOT NULL,
                sessions INTEGER NOT NULL,
                completed INTEGER NOT NULL,
                practised_seconds REAL NOT NULL
            ) WITHOUT ROWID""",
            """CREATE TABLE day_totals (
                day TEXT PRIMARY KEY,
                sessions INTEGER NOT NULL,
                completed INTEGER NOT NULL,
                practised_seconds REAL NOT NULL
            ) WITHOUT ROWID""",
            """INSERT INTO routine_totals
                SELECT routine_id,
                       (SELECT title FROM sessions AS s WHERE s.routine_id = sessions.routine_id
                        ORDER BY started_jd DESC LIMIT 1),
                       count(*), sum(outcome = 'completed'), sum(practised_seconds)
                FROM sessions GROUP BY routine_id""",
            """INSERT INTO day_totals
                SELECT day, count(*), sum(outcome = 'completed'), sum(practised_seconds)
                FROM sessions GROUP BY day""",
            f"""CREATE TRIGGER totals_insert AFTER INSERT ON sessions BEGIN
                {_ADD_NEW}
            END""",
            f"""CREATE TRIGGER totals_update AFTER UPDATE ON sessions BEGIN
                {_SUBTRACT_OLD}
                {_ADD_NEW}
                {_DROP_EMPTY}
            END""",
            f"""CREATE TRIGGER totals_delete AFTER DELETE ON sessions BEGIN
                {_SUBTRACT_OLD}
                {_DROP_EMPTY}
            END""",
        ),
    ),
)

LATEST = MIGRATIONS[-1].version

# The columns the code relies on, by table: a file at our version without them is foreign.
EXPECTED_COLUMNS = {
    "sessions": {
        "uuid", "routine_id", "title", "started", "ended", "outcome", "steps_total",
        "step_reached", "practised_seconds", "tempo", "cycles", "voice_on", "owner",
        "rating_before", "rating_after",
    },
    "routine_totals": {"routine_id", "title", "sessions", "completed", "practised_seconds"},
    "day_totals": {"day", "sessions", "completed", "practised_seconds"},
}  # fmt: skip


class ForeignSchema(Exception):
    """The file is SQLite but not an unclench journal we can use (raised inside the package,
    turned into a notice by ``opening``)."""


class NewerSchema(Exception):
    """The file was written by a newer unclench (a higher ``user_version``)."""


def user_version(conn: sqlite3.Connection) -> int:
    row = conn.execute("PRAGMA user_version").fetchone()
    return int(row[0])


def _has_tables(conn: sqlite3.Connection) -> bool:
    row = conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()
    return int(row[0]) > 0


def check_version(conn: sqlite3.Connection) -> None:
    """Raise ``NewerSchema`` or ``ForeignSchema`` (see ``migrate``) without writing."""
    version = user_version(conn)
    if version > LATEST:
        raise NewerSchema(f"journal schema version {version}, this unclench knows {LATEST}")
    if version == 0 and _has_tables(conn):
        raise ForeignSchema("the file holds tables but no unclench schema version")


def migrate(
    conn: sqlite3.Connection,
    target: int = LATEST,
    migrations: tuple[Migration, ...] = MIGRATIONS,
) -> list[str]:
    """Bring ``conn`` (autocommit mode) up to ``target``; returns the names of the steps run.

    Raises ``ForeignSchema`` for a version-0 file that already has tables, ``NewerSchema``
    for a file from a newer unclench, and ``sqlite3.Error`` if a step fails (rolled back).
    Two processes migrating at once are safe: the version is read again inside each
    step's write transaction.
    """
    check_version(conn)
    done: list[str] = []
    for step in migrations:
        if step.version > target:
            break
        conn.execute("BEGIN IMMEDIATE")
        try:
            if user_version(conn) >= step.version:  # another process got there first
                conn.execute("ROLLBACK")
                continue
            for statement in step.statements:
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {int(step.version)}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        done.append(step.name)
    return done


def check_schema(conn: sqlite3.Connection) -> None:
    """Raise ``ForeignSchema`` if a table or column the journal relies on is missing."""
    for table, wanted in EXPECTED_COLUMNS.items():
        have = {row[1] for row in conn.execute(f"PRAGMA table_xinfo({table})")}
        missing = wanted - have
        if missing:
            raise ForeignSchema(f"table {table!r} lacks {', '.join(sorted(missing))}")
