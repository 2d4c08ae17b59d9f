"""Opening the app's journal without ever refusing to start.

A file that is not SQLite, or SQLite with someone else's tables, is set aside (renamed to
``journal.sqlite3.damaged-N``, never over an earlier one) and a new journal started, with a
notice saying so. A journal written by a newer unclench is left untouched and this run
records into memory only, also with a notice. If even that fails (no folder can be made),
the journal lives in memory for this run.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from unclench import paths
from unclench.journal.schema import ForeignSchema, NewerSchema
from unclench.journal.store import Journal

SIDECARS = ("-wal", "-shm")
# The errors that mean the file itself is unusable (anything else may pass: a lock, a full disk).
DAMAGED = (sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT)


@dataclass(frozen=True)
class OpenedJournal:
    """The journal to use and what to tell the user about it (empty when all was well)."""

    journal: Journal
    notices: tuple[str, ...] = ()


def set_aside(path: Path) -> Path:
    """Rename ``path`` (and its WAL files) to the first free ``NAME.damaged-N``."""
    n = 1
    while True:
        backup = path.with_name(f"{path.name}.damaged-{n}")
        if not any(Path(f"{backup}{s}").exists() for s in ("", *SIDECARS)):
            break
        n += 1
    os.replace(path, backup)
    for suffix in SIDECARS:
        sidecar = Path(f"{path}{suffix}")
        if sidecar.exists():
            os.replace(sidecar, Path(f"{backup}{suffix}"))
    return backup


def _in_memory(notices: list[str]) -> OpenedJournal:
    return OpenedJournal(Journal(":memory:"), tuple(notices))


def open_journal(path: Path | None = None) -> OpenedJournal:
    """Open (creating or migrating) the journal at ``path`` (default: ``paths.journal_path()``).
    Never raises for anything about the file; side effects: may create the folder, create
    or migrate the file, or rename a damaged one."""
    path = path or paths.journal_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        return _in_memory(
            [f"{path.parent}: cannot create the journal folder ({error.strerror}); "
             "this session is not remembered"]
        )  # fmt: skip
    try:
        return OpenedJournal(Journal(path))
    except NewerSchema:
        return _in_memory(
            [f"{path}: this journal was written by a newer unclench and is left as it is; "
             "sessions played now are not remembered — update unclench to keep them"]
        )  # fmt: skip
    except ForeignSchema:
        reason = "is not an unclench journal"
    except sqlite3.Error as error:
        if getattr(error, "sqlite_errorcode", None) not in DAMAGED:
            # Locked past the busy timeout, no permission, disk full: the file may be fine,
            # so it is never set aside for these.
            return _in_memory(
                [f"{path}: cannot open the journal ({error}); this session is not remembered"]
            )
        reason = "is damaged or not a database"
    try:
        backup = set_aside(path)
    except OSError as error:
        return _in_memory(
            [f"{path}: the journal {reason} and could not be set aside ({error.strerror}); "
             "this session is not remembered"]
        )  # fmt: skip
    try:
        journal = Journal(path)
    except (sqlite3.Error, ForeignSchema, NewerSchema) as error:
        return _in_memory([f"{path}: cannot start a new journal ({error})"])
    return OpenedJournal(
        journal,
        (f"{path}: the journal {reason}; kept it as {backup.name} and started a new one",),
    )
