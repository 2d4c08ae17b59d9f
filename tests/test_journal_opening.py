"""Opening the app's journal never raises: a damaged or foreign file is set aside (never over
an earlier backup) with a notice, and a new journal started; the background writer records
without blocking and flushes on close."""

from __future__ import annotations

import sqlite3
import threading
from datetime import timedelta
from pathlib import Path

from journal_helpers import at
from unclench import paths
from unclench.journal import COMPLETED, Journal, JournalWriter, open_journal
from unclench.journal.schema import LATEST


def test_the_journal_lives_in_the_user_data_folder(unclench_home: Path) -> None:
    opened = open_journal()
    assert paths.journal_path() == unclench_home / "data" / "journal.sqlite3"
    assert paths.journal_path().is_file() and opened.notices == ()
    opened.journal.close()


def test_a_file_that_is_not_sqlite_is_set_aside_and_a_new_journal_started(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    path.write_bytes(b"my shopping list\n" * 100)
    opened = open_journal(path)
    assert (tmp_path / "journal.sqlite3.damaged-1").read_bytes().startswith(b"my shopping")
    [notice] = opened.notices
    assert "damaged" in notice and "journal.sqlite3.damaged-1" in notice
    opened.journal.start_session("r", "R", at("2024-05-01"), 1.0, None, True, 3)
    assert len(opened.journal.sessions()) == 1
    opened.journal.close()


def test_a_truncated_journal_is_set_aside(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    journal = Journal(path)
    for i in range(300):
        journal.start_session(f"r{i}", "R" * 200, at("2024-05-01"), 1.0, None, True, 3)
    journal.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    journal.close()
    data = path.read_bytes()
    path.write_bytes(data[:100] + b"\xff" * (len(data) - 100))
    opened = open_journal(path)
    assert (tmp_path / "journal.sqlite3.damaged-1").exists()
    assert opened.journal.sessions() == [] and len(opened.notices) == 1
    opened.journal.close()


def test_sqlite_with_a_foreign_schema_is_set_aside(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.commit()
    conn.close()
    opened = open_journal(path)
    assert "not an unclench journal" in opened.notices[0]
    kept = sqlite3.connect(tmp_path / "journal.sqlite3.damaged-1")
    assert kept.execute("SELECT name FROM sqlite_master").fetchall() == [("recipes",)]
    opened.journal.close()


def test_our_version_without_our_tables_is_foreign(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE sessions (x TEXT)")
    conn.execute(f"PRAGMA user_version = {LATEST}")
    conn.commit()
    conn.close()
    opened = open_journal(path)
    assert "not an unclench journal" in opened.notices[0]
    opened.journal.close()


def test_setting_aside_never_overwrites_an_earlier_backup(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    for n, text in enumerate((b"first junk", b"second junk"), start=1):
        path.write_bytes(text * 50)
        opened = open_journal(path)
        opened.journal.close()
        path.unlink()
        assert f"damaged-{n}" in opened.notices[0]
    assert (tmp_path / "journal.sqlite3.damaged-1").read_bytes().startswith(b"first")
    assert (tmp_path / "journal.sqlite3.damaged-2").read_bytes().startswith(b"second")


def test_a_journal_from_a_newer_unclench_is_left_alone_and_this_run_uses_memory(
    tmp_path: Path,
) -> None:
    path = tmp_path / "journal.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {LATEST + 5}")
    conn.close()
    before = path.read_bytes()
    opened = open_journal(path)
    assert "newer unclench" in opened.notices[0]
    opened.journal.start_session("r", "R", at("2024-05-01"), 1.0, None, True, 3)
    opened.journal.close()
    assert path.read_bytes() == before
    assert not list(tmp_path.glob("*.damaged-*"))


def test_a_folder_that_cannot_be_made_still_gives_a_journal(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    opened = open_journal(blocker / "sub" / "journal.sqlite3")
    assert "cannot create the journal folder" in opened.notices[0]
    opened.journal.start_session("r", "R", at("2024-05-01"), 1.0, None, True, 3)
    opened.journal.close()


def test_the_writer_records_a_whole_session_and_flushes_on_close(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    writer = JournalWriter(Journal(path))
    start = at("2024-05-01")
    sid = writer.start_session("r", "R", start, 1.0, 4, True, 3, rating_before=5)
    writer.step_reached(sid, 1, 10.0)
    writer.finish(sid, COMPLETED, start + timedelta(seconds=30), 30.0, rating_after=2)
    writer.close()
    [record] = Journal(path).sessions()
    assert (record.uuid, record.outcome, record.practised_seconds) == (sid, COMPLETED, 30.0)
    assert record.rating_change == -3
    assert writer.notices == ()


class GatedJournal(Journal):
    """A journal whose writes wait for a gate: shows posting never waits for the disk."""

    def __init__(self, gate: threading.Event) -> None:
        super().__init__(":memory:")
        self.gate = gate
        self.started: list[str] = []

    def start_session(self, *args: object, **kwargs: object) -> str:  # type: ignore[override]
        self.gate.wait()
        sid = super().start_session(*args, **kwargs)  # type: ignore[arg-type]
        self.started.append(sid)
        return sid


def test_posting_returns_while_the_write_is_still_waiting() -> None:
    gate = threading.Event()
    journal = GatedJournal(gate)
    writer = JournalWriter(journal)
    sid = writer.start_session("r", "R", at("2024-05-01"), 1.0, None, True, 3)
    writer.step_reached(sid, 1, 2.0)  # returned although the first write is blocked
    assert journal.started == []
    gate.set()
    writer.close()
    assert journal.started == [sid]


def test_a_failed_write_becomes_a_notice_not_an_exception() -> None:
    journal = Journal(":memory:")
    writer = JournalWriter(journal)
    sid = writer.start_session("r", "R", at("2024-05-01"), 1.0, None, True, 3)
    writer.finish(sid, "abandoned", at("2024-05-01", "08:10"), 1.0)
    writer.step_reached(sid, 1, 1.0)
    writer.close()
    assert len(writer.notices) == 1 and "could not record" in writer.notices[0]
