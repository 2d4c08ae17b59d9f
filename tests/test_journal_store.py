"""The journal store: a session is recorded when it starts, at each step and at its end;
sessions left open by a dead app are closed honestly; two writers at once both record."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from datetime import timedelta
from pathlib import Path

import pytest

from journal_helpers import PARIS_SUMMER, at, played
from unclench.journal import COMPLETED, OPEN, STOPPED, Journal

SRC = Path(__file__).resolve().parents[1] / "src"


@pytest.fixture
def journal() -> Journal:
    return Journal(":memory:")


def test_a_session_is_open_from_its_start_with_everything_the_app_gave(journal: Journal) -> None:
    sid = journal.start_session(
        "box-breathing", "Box breathing", at("2024-05-01", "08:30"), 1.25, 6, False, 14, 7
    )
    [record] = journal.sessions()
    assert record.uuid == sid
    assert (record.routine_id, record.title, record.outcome) == (
        "box-breathing",
        "Box breathing",
        OPEN,
    )
    assert (record.tempo, record.cycles, record.voice_on, record.steps_total) == (
        1.25,
        6,
        False,
        14,
    )
    assert record.rating_before == 7 and record.rating_after is None
    assert record.started.isoformat() == "2024-05-01T08:30:00+02:00"
    assert record.ended is None and record.outcome_text == "still open"


def test_local_time_is_stored_with_its_offset(journal: Journal) -> None:
    journal.start_session("r", "R", at("2024-05-01", "23:30"), 1.0, None, True, 3)
    (text,) = journal.connection.execute("SELECT started FROM sessions").fetchone()
    assert text == "2024-05-01T23:30:00+02:00"


def test_a_naive_datetime_is_refused(journal: Journal) -> None:
    with pytest.raises(ValueError, match="UTC offset"):
        journal.start_session("r", "R", at("2024-05-01").replace(tzinfo=None), 1.0, None, True, 3)


def test_steps_and_finish_record_progress_rating_and_end(journal: Journal) -> None:
    start = at("2024-05-01")
    sid = journal.start_session("r", "R", start, 1.0, None, True, 5, rating_before=6)
    journal.step_reached(sid, 1, 12.5)
    journal.step_reached(sid, 2, 30.0)
    journal.finish(sid, COMPLETED, start + timedelta(seconds=95), 95.0, rating_after=3)
    [record] = journal.sessions()
    assert record.outcome_text == "completed"
    assert record.practised_seconds == 95.0
    assert record.ended == start + timedelta(seconds=95)
    assert record.rating_change == -3


def test_a_stopped_session_says_at_which_step(journal: Journal) -> None:
    start = at("2024-05-01")
    sid = journal.start_session("r", "R", start, 1.0, None, True, 12)
    journal.step_reached(sid, 2, 40.0)
    journal.finish(sid, STOPPED, start + timedelta(seconds=45), 44.0)
    [record] = journal.sessions()
    assert record.outcome_text == "stopped at step 3 of 12"
    assert record.practised_seconds == 44.0


def test_finish_refuses_an_unknown_outcome(journal: Journal) -> None:
    sid = journal.start_session("r", "R", at("2024-05-01"), 1.0, None, True, 3)
    with pytest.raises(ValueError, match="outcome"):
        journal.finish(sid, "abandoned", at("2024-05-01", "08:05"), 1.0)


def test_close_open_sessions_closes_a_dead_apps_session_with_what_was_practised(
    journal: Journal,
) -> None:
    sid = journal.start_session("r", "R", at("2024-05-01"), 1.0, None, True, 8, owner="dead")
    journal.step_reached(sid, 4, 61.0)
    live = journal.start_session("r", "R", at("2024-05-01"), 1.0, None, True, 8, owner="live")
    closed = journal.close_open_sessions(at("2024-05-01", "09:00"), running=lambda o: o == "live")
    assert closed == 1
    by_id = {r.uuid: r for r in journal.sessions()}
    assert by_id[sid].outcome_text == "stopped at step 5 of 8"
    assert by_id[sid].practised_seconds == 61.0 and by_id[sid].ended is None
    assert by_id[live].outcome == OPEN


def test_a_session_open_for_more_than_a_day_is_closed_even_if_its_app_seems_alive(
    journal: Journal,
) -> None:
    journal.start_session("r", "R", at("2024-05-01"), 1.0, None, True, 8, owner="live")
    assert journal.close_open_sessions(at("2024-05-01", "20:00"), running=lambda o: True) == 0
    assert journal.close_open_sessions(at("2024-05-02", "08:01"), running=lambda o: True) == 1


def test_a_late_finish_after_being_closed_records_the_true_outcome(journal: Journal) -> None:
    sid = journal.start_session("r", "R", at("2024-05-01"), 1.0, None, True, 8, owner="x")
    journal.close_open_sessions(at("2024-05-01", "08:10"), running=lambda o: False)
    journal.finish(sid, COMPLETED, at("2024-05-01", "08:12"), 700.0)
    assert journal.sessions()[0].outcome == COMPLETED


def test_totals_follow_every_insert_update_and_delete(journal: Journal) -> None:
    played(journal, at("2024-05-01"), "a", seconds=60)
    played(journal, at("2024-05-02"), "a", STOPPED, seconds=30)
    sid = played(journal, at("2024-05-02"), "b", seconds=10)
    totals = [(t.routine_id, t.sessions, t.completed, t.practised_seconds)
              for t in journal.routine_totals()]  # fmt: skip
    assert totals == [("a", 2, 1, 90.0), ("b", 1, 1, 10.0)]
    journal.connection.execute("DELETE FROM sessions WHERE uuid = ?", (sid,))
    assert [t.routine_id for t in journal.routine_totals()] == ["a"]
    journal.connection.execute(
        "UPDATE sessions SET started = '2024-05-09T08:00:00+02:00', routine_id = 'c' "
        "WHERE routine_id = 'a' AND outcome = 'stopped'"
    )
    by_day = (
        "SELECT day, count(*), sum(outcome = 'completed'), sum(practised_seconds) "
        "FROM sessions GROUP BY day ORDER BY day"
    )
    by_routine = (
        "SELECT routine_id, count(*), sum(outcome = 'completed'), "
        "sum(practised_seconds) FROM sessions GROUP BY routine_id ORDER BY routine_id"
    )
    conn = journal.connection
    assert (
        conn.execute("SELECT * FROM day_totals ORDER BY day").fetchall()
        == conn.execute(by_day).fetchall()
    )
    assert (
        conn.execute(
            "SELECT routine_id, sessions, completed, practised_seconds FROM routine_totals "
            "ORDER BY routine_id"
        ).fetchall()
        == conn.execute(by_routine).fetchall()
    )


def test_two_processes_writing_at_once_both_record_everything(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    Journal(path).close()
    script = textwrap.dedent("""
        import sys
        from datetime import datetime, timedelta, timezone
        from unclench.journal import Journal
        j = Journal(sys.argv[1])
        start = datetime(2024, 5, 1, 8, tzinfo=timezone(timedelta(hours=2)))
        for i in range(100):
            sid = j.start_session(sys.argv[2], "T", start, 1.0, None, True, 3)
            j.step_reached(sid, 1, 1.0)
            j.finish(sid, "completed", start, 2.0)
        j.close()
    """)
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    children = [
        subprocess.Popen([sys.executable, "-c", script, str(path), name], env=env,
                         stdout=subprocess.PIPE, text=True)
        for name in ("first", "second")
    ]  # fmt: skip
    for child in children:
        assert child.wait(timeout=120) == 0
    journal = Journal(path)
    totals = {t.routine_id: (t.sessions, t.completed) for t in journal.routine_totals()}
    assert totals == {"first": (100, 100), "second": (100, 100)}
    assert len(journal.sessions()) == 200


def test_a_killed_app_loses_only_its_current_step_and_is_closed_at_the_next_start(
    tmp_path: Path,
) -> None:
    path = tmp_path / "journal.sqlite3"
    script = textwrap.dedent("""
        import sys, time
        from datetime import datetime, timedelta, timezone
        from unclench.journal import Journal
        j = Journal(sys.argv[1])
        start = datetime(2024, 5, 1, 8, tzinfo=timezone(timedelta(hours=2)))
        sid = j.start_session("relaxing-breath", "Relaxing breath", start, 1.0, 4, True, 9)
        j.step_reached(sid, 1, 5.0)
        j.step_reached(sid, 2, 11.0)
        print("ready", flush=True)
        time.sleep(120)
    """)
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    child = subprocess.Popen([sys.executable, "-c", script, str(path)], env=env,
                             stdout=subprocess.PIPE, text=True)  # fmt: skip
    try:
        assert child.stdout is not None and child.stdout.readline() == "ready\n"
        journal = Journal(path)
        now = at("2024-05-01", "08:05")
        assert journal.close_open_sessions(now) == 0, "a running app's session stays open"
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    assert journal.close_open_sessions(now) == 1
    [record] = journal.sessions()
    assert record.outcome_text == "stopped at step 3 of 9"
    assert record.practised_seconds == 11.0
    journal.close()


def test_a_journal_given_a_connection_leaves_it_open(tmp_path: Path) -> None:
    import sqlite3

    conn = sqlite3.connect(tmp_path / "j.sqlite3")
    journal = Journal(conn)
    journal.start_session("r", "R", at("2024-05-01", tz=PARIS_SUMMER), 1.0, None, True, 3)
    journal.close()
    assert conn.execute("SELECT count(*) FROM sessions").fetchone() == (1,)
    assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
