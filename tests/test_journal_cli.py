"""``unclench history``: the journal as a table, JSON or CSV, filtered; export and an
idempotent import; bad input is one line and exit 2, never a traceback."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta
from pathlib import Path

import pytest

from journal_helpers import at, played
from unclench import paths
from unclench.cli import main as cli
from unclench.journal import STOPPED, Journal


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def recorded(unclench_home: Path) -> Journal:
    paths.journal_path().parent.mkdir(parents=True)
    journal = Journal(paths.journal_path())
    played(journal, at("2024-05-01", "08:30"), "relaxing-breath", seconds=90)
    sid = journal.start_session(
        "box-breathing", "Box breathing", at("2024-05-02", "21:00"), 1.0, 6, False, 12, 7
    )
    journal.step_reached(sid, 4, 50.0)
    journal.finish(sid, STOPPED, at("2024-05-02", "21:01"), 55.0, rating_after=5)
    return journal


def test_history_with_no_journal_says_so_and_creates_nothing(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(capsys, "history")
    assert (code, out, err) == (0, "No sessions recorded yet.\n", "")
    assert not paths.journal_path().exists()


def test_history_prints_a_table_oldest_first_with_a_total(
    capsys: pytest.CaptureFixture[str], recorded: Journal
) -> None:
    code, out, _ = run(capsys, "history")
    lines = out.splitlines()
    assert code == 0
    assert lines[0].split() == ["started", "routine", "minutes", "outcome", "tension"]
    assert lines[1].startswith("2024-05-01 08:30  Relaxing-Breath") and "1.5" in lines[1]
    assert "stopped at step 5 of 12" in lines[2] and "7 → 5" in lines[2]
    assert lines[3] == "2 sessions, 2.4 minutes practised"


def test_history_filters_by_date_and_routine(
    capsys: pytest.CaptureFixture[str], recorded: Journal
) -> None:
    _, out, _ = run(capsys, "history", "--since", "2024-05-02", "--json")
    assert [s["routine_id"] for s in json.loads(out)["sessions"]] == ["box-breathing"]
    _, out, _ = run(capsys, "history", "--routine", "relaxing-breath", "--json")
    assert [s["routine_id"] for s in json.loads(out)["sessions"]] == ["relaxing-breath"]


def test_history_csv_has_one_row_per_session_with_offsets(
    capsys: pytest.CaptureFixture[str], recorded: Journal
) -> None:
    _, out, _ = run(capsys, "history", "--csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["started"] for r in rows] == [
        "2024-05-01T08:30:00+02:00",
        "2024-05-02T21:00:00+02:00",
    ]
    assert rows[1]["outcome"] == "stopped" and rows[1]["rating_before"] == "7"


def test_a_bad_date_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], recorded: Journal
) -> None:
    code, out, err = run(capsys, "history", "--since", "2024-13-01")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "YYYY-MM-DD" in err and "Traceback" not in err


def test_export_then_import_into_another_machine_twice_adds_each_session_once(
    capsys: pytest.CaptureFixture[str],
    recorded: Journal,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    backup = tmp_path / "backup.json"
    code, out, _ = run(capsys, "history", "export", str(backup))
    assert code == 0 and out == f"exported 2 sessions to {backup}\n"
    document = json.loads(backup.read_text(encoding="utf-8"))
    assert (document["format"], document["version"]) == ("unclench-journal", 1)

    monkeypatch.setenv("UNCLENCH_HOME", str(tmp_path / "other-machine"))
    code, out, _ = run(capsys, "history", "import", str(backup))
    assert code == 0 and out.startswith("imported 2 new sessions of 2")
    code, out, _ = run(capsys, "history", "import", str(backup))
    assert code == 0 and out.startswith("imported 0 new sessions of 2")
    imported = Journal(paths.journal_path()).sessions()
    assert [r.uuid for r in imported] == [r.uuid for r in recorded.sessions()]
    assert imported == recorded.sessions()


def test_importing_into_the_same_journal_adds_nothing(
    capsys: pytest.CaptureFixture[str], recorded: Journal, tmp_path: Path
) -> None:
    backup = tmp_path / "backup.json"
    run(capsys, "history", "export", str(backup))
    played(recorded, at("2024-05-03"), "slow-stretching")
    code, out, _ = run(capsys, "history", "import", str(backup))
    assert code == 0 and out.startswith("imported 0 new sessions of 2")
    assert len(recorded.sessions()) == 3


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (b"{not json", "not valid JSON"),
        (b"\xff\xfe\x00garbage", "not UTF-8"),
        (b'{"format": "something-else"}', "not an unclench journal export"),
        (b'{"format": "unclench-journal", "version": 99, "sessions": []}', "update unclench"),
        (b'{"format": "unclench-journal", "version": 1, "sessions": [{"uuid": 3}]}',
         "session 1"),
    ],
)  # fmt: skip
def test_a_corrupt_import_file_is_one_line_exit_2_and_changes_nothing(
    capsys: pytest.CaptureFixture[str], recorded: Journal, tmp_path: Path, content: bytes, said: str
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    code, out, err = run(capsys, "history", "import", str(bad))
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and said in err and "Traceback" not in err
    assert len(recorded.sessions()) == 2


def test_one_bad_session_in_an_import_file_adds_none_of_them(
    capsys: pytest.CaptureFixture[str], recorded: Journal, tmp_path: Path
) -> None:
    backup = tmp_path / "backup.json"
    run(capsys, "history", "export", str(backup))
    document = json.loads(backup.read_text(encoding="utf-8"))
    fresh = dict(document["sessions"][0], uuid="new-one")
    document["sessions"] = [fresh, dict(fresh, uuid="x", started="yesterday")]
    backup.write_text(json.dumps(document), encoding="utf-8")
    code, _, err = run(capsys, "history", "import", str(backup))
    assert code == 2 and "session 2: 'started' is not a date" in err
    assert len(recorded.sessions()) == 2


def test_an_import_file_that_is_missing_is_one_line_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run(capsys, "history", "import", str(tmp_path / "nope.json"))
    assert code == 2 and err.count("\n") == 1 and "cannot read" in err


def test_an_export_that_cannot_be_written_is_a_message(
    capsys: pytest.CaptureFixture[str], recorded: Journal, tmp_path: Path
) -> None:
    code, _, err = run(capsys, "history", "export", str(tmp_path / "no-such-dir" / "b.json"))
    assert code == 1 and "cannot write the export" in err


def test_a_damaged_journal_is_set_aside_with_a_note(
    capsys: pytest.CaptureFixture[str], unclench_home: Path
) -> None:
    paths.journal_path().parent.mkdir(parents=True)
    paths.journal_path().write_bytes(b"junk" * 1000)
    code, out, err = run(capsys, "history")
    assert code == 0 and out == "No sessions recorded yet.\n"
    assert err.startswith("note: ") and "journal.sqlite3.damaged-1" in err


def test_history_session_times_survive_a_round_trip_through_json(
    capsys: pytest.CaptureFixture[str], recorded: Journal
) -> None:
    _, out, _ = run(capsys, "history", "--json")
    started = [s["started"] for s in json.loads(out)["sessions"]]
    ended = [s["ended"] for s in json.loads(out)["sessions"]]
    assert started[0] == "2024-05-01T08:30:00+02:00"
    assert ended[0] == (at("2024-05-01", "08:30") + timedelta(seconds=90)).isoformat()
