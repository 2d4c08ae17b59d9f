"""Schema migrations: each a named step in a transaction, applied from every earlier version
with the data kept; a failing step leaves the file at the version before it."""

from __future__ import annotations

import sqlite3

import pytest

from unclench.journal import Journal
from unclench.journal.schema import (
    LATEST,
    MIGRATIONS,
    ForeignSchema,
    Migration,
    NewerSchema,
    migrate,
    user_version,
)

# One session as each version can hold it (columns that version has).
V1_ROW = (
    "INSERT INTO sessions (uuid, routine_id, title, started, ended, outcome, steps_total, "
    "step_reached, practised_seconds, tempo, cycles, voice_on, owner) VALUES "
    "('u1', 'box-breathing', 'Box', '2024-05-01T08:00:00+02:00', "
    "'2024-05-01T08:04:00+02:00', 'completed', 10, 9, 240.0, 1.0, 6, 1, 'h:1')"
)
V2_ROW = (
    "INSERT INTO sessions (uuid, routine_id, title, started, outcome, steps_total, tempo, "
    "voice_on, rating_before, rating_after, practised_seconds) VALUES "
    "('u2', 'relaxing-breath', 'Relaxing', '2024-05-02T21:00:00-05:00', 'stopped', 9, 1.0, 0, "
    "7, 4, 30.0)"
)


def autocommit() -> sqlite3.Connection:
    return sqlite3.connect(":memory:", isolation_level=None)


def test_versions_are_numbered_one_by_one_with_names() -> None:
    assert [m.version for m in MIGRATIONS] == list(range(1, LATEST + 1))
    assert all(m.name for m in MIGRATIONS)


def test_a_new_file_runs_every_step_by_name() -> None:
    conn = autocommit()
    assert migrate(conn) == [m.name for m in MIGRATIONS]
    assert user_version(conn) == LATEST
    assert migrate(conn) == []


@pytest.mark.parametrize("start", range(1, LATEST))
def test_migrating_from_every_earlier_version_keeps_the_sessions(start: int) -> None:
    conn = autocommit()
    migrate(conn, target=start)
    assert user_version(conn) == start
    conn.execute(V1_ROW)
    if start >= 2:
        conn.execute(V2_ROW)
    journal = Journal(conn)  # migrates the rest of the way
    assert user_version(conn) == LATEST
    records = {r.uuid: r for r in journal.sessions()}
    assert records["u1"].outcome_text == "completed" and records["u1"].practised_seconds == 240
    assert records["u1"].rating_before is None
    if start >= 2:
        assert (records["u2"].rating_before, records["u2"].rating_after) == (7, 4)
    totals = {t.routine_id: (t.sessions, t.completed, t.practised_seconds)
              for t in journal.routine_totals()}  # fmt: skip
    expected = {"box-breathing": (1, 1, 240.0)}
    if start >= 2:
        expected["relaxing-breath"] = (1, 0, 30.0)
    assert totals == expected
    assert journal.streak(records["u1"].day) == 1
    [day] = journal.days(records["u1"].day, records["u1"].day)
    assert (day.sessions, day.completed, day.practised_seconds) == (1, 1, 240.0)


def test_a_migrated_file_has_the_same_schema_as_a_new_one() -> None:
    fresh, old = autocommit(), autocommit()
    migrate(fresh)
    migrate(old, target=1)
    old.execute(V1_ROW)
    migrate(old)
    shape = "SELECT type, name, sql FROM sqlite_master ORDER BY name"
    assert old.execute(shape).fetchall() == fresh.execute(shape).fetchall()


def test_a_failing_step_is_rolled_back_whole() -> None:
    broken = (*MIGRATIONS[:1], Migration(2, "half done", (
        "ALTER TABLE sessions ADD COLUMN rating_before INTEGER",
        "THIS IS NOT SQL",
    )))  # fmt: skip
    conn = autocommit()
    with pytest.raises(sqlite3.OperationalError):
        migrate(conn, migrations=broken)
    assert user_version(conn) == 1
    columns = {row[1] for row in conn.execute("PRAGMA table_info(sessions)")}
    assert "rating_before" not in columns


def test_a_file_with_tables_but_no_version_is_foreign() -> None:
    conn = autocommit()
    conn.execute("CREATE TABLE notes (body TEXT)")
    with pytest.raises(ForeignSchema):
        migrate(conn)


def test_a_file_from_a_newer_unclench_is_not_touched() -> None:
    conn = autocommit()
    conn.execute(f"PRAGMA user_version = {LATEST + 1}")
    with pytest.raises(NewerSchema):
        migrate(conn)
    assert conn.execute("SELECT count(*) FROM sqlite_master").fetchone() == (0,)
