"""The --events log: one JSON object per line, written as it happens, and a clear message
(not a traceback) when the file cannot be written."""

from __future__ import annotations

import contextlib
import errno
import io
import json
import os
import time
from pathlib import Path

import pytest

from fakes import RecordingLog
from unclench.eventlog import EventLog, EventLogError, EventRecord


def _lines_when_ready(path: Path, count: int) -> list[str]:
    """Poll (bounded) until ``count`` lines are on disk: the writer is a background thread."""
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        lines = path.read_text(encoding="utf-8").splitlines()
        if len(lines) >= count:
            return lines
        time.sleep(0.01)
    return path.read_text(encoding="utf-8").splitlines()


def test_each_event_is_one_json_line_with_t_due_and_fields(tmp_path: Path) -> None:
    path = tmp_path / "log.jsonl"
    log = EventLog(path)
    log.emit("step", 1.0000004, 1.0, index=3, phase="inhale", text="Breathe in")
    log.emit("pause", 2.5)
    log.close()
    first, second = (json.loads(line) for line in path.read_text().splitlines())
    assert first == {
        "t": 1.0,
        "due": 1.0,
        "event": "step",
        "index": 3,
        "phase": "inhale",
        "text": "Breathe in",
    }
    assert second == {"t": 2.5, "event": "pause"}


def test_lines_reach_the_file_while_the_log_is_still_open(tmp_path: Path) -> None:
    path = tmp_path / "log.jsonl"
    log = EventLog(path)
    try:
        log.emit("ready", 0.2)
        assert json.loads(_lines_when_ready(path, 1)[0])["event"] == "ready"
    finally:
        log.close()


def test_text_outside_ascii_is_written_as_is(tmp_path: Path) -> None:
    path = tmp_path / "log.jsonl"
    log = EventLog(path)
    log.emit("speak", 0.0, 0.0, text="Breathe out — slowly…")
    log.close()
    assert "— slowly…" in path.read_text(encoding="utf-8")


def test_an_unwritable_path_says_where_and_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(EventLogError) as caught:
        EventLog(tmp_path / "no-such-folder" / "log.jsonl")
    assert "no-such-folder" in str(caught.value)
    assert "choose another path" in str(caught.value)


# -- a log that fails later never stops the session ------------------------------------------


class FullDisk(io.StringIO):
    """A writer on a disk that has just filled up: every write and flush fails."""

    def write(self, text: str) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    def flush(self) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.flush()
        super().close()


def test_a_full_disk_is_reported_once_and_close_does_not_raise(tmp_path: Path) -> None:
    said: list[str] = []
    log = EventLog(tmp_path / "log.jsonl", opener=lambda _path: FullDisk(), report=said.append)
    for index in range(5):
        log.emit("step", float(index), index=index)
    log.close()
    assert len(said) == 1
    assert "the disk is full" in said[0] and "the session goes on" in said[0]
    assert log.failure == said[0]
    log.emit("after", 9.0)  # dropped, quietly


def test_a_failing_last_flush_at_close_is_reported_not_raised(tmp_path: Path) -> None:
    class FailsAtClose(io.StringIO):
        def close(self) -> None:
            raise OSError(errno.ENOSPC, "No space left on device")

    said: list[str] = []
    log = EventLog(tmp_path / "x.jsonl", opener=lambda _path: FailsAtClose(), report=said.append)
    log.emit("ready", 0.1)
    log.close()
    assert len(said) == 1 and "the disk is full" in said[0]


def test_dev_full_is_a_full_disk_by_default_on_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    full = Path("/dev/full")
    if not full.exists():
        pytest.skip("no /dev/full here")
    log = EventLog(full)
    log.emit("ready", 0.1)
    log.close()
    err = capsys.readouterr().err
    assert err.count("note: ") == 1 and "/dev/full: the event log stopped (the disk is full)" in err


def test_a_folder_as_the_target_says_so(tmp_path: Path) -> None:
    with pytest.raises(EventLogError) as caught:
        EventLog(tmp_path)
    assert "Is a directory" in str(caught.value) and "choose another path" in str(caught.value)


def test_a_fifo_nobody_reads_is_refused_instead_of_blocking(tmp_path: Path) -> None:
    path = tmp_path / "events.fifo"
    os.mkfifo(path)
    with pytest.raises(EventLogError, match="a named pipe that nothing reads"):
        EventLog(path)


DOCS = Path(__file__).resolve().parents[1] / "docs" / "events.md"


def _documented_lines() -> list[str]:
    text = DOCS.read_text(encoding="utf-8")
    example = text.split("```json\n", 1)[1].split("```", 1)[0]
    return example.splitlines()


def test_a_record_writes_the_documented_line_byte_for_byte() -> None:
    lines = _documented_lines()
    assert len(lines) >= 5
    for line in lines:
        fields = json.loads(line)
        record = EventRecord(
            fields.pop("event"),
            fields.pop("t"),
            fields.pop("due", None),
            tuple(fields.items()),
        )
        assert record.to_json() == line


def test_times_are_rounded_to_the_microsecond_and_due_left_out_when_unscheduled() -> None:
    record = EventRecord("resume", 2.00000049, None, (("paused_for", 1.5),))
    assert record.to_json() == '{"t": 2.0, "event": "resume", "paused_for": 1.5}'


def test_the_recording_fake_keeps_the_records_the_file_gets(tmp_path: Path) -> None:
    path = tmp_path / "log.jsonl"
    real, fake = EventLog(path), RecordingLog()
    for log in (real, fake):
        log.emit("step", 1.25, 1.0, index=0, phase="inhale", text="Breathe in — slowly")
        log.emit("skip", 3.0, **{"from": 0, "to": None})
    real.close()
    assert fake.records == [json.loads(line) for line in path.read_text("utf-8").splitlines()]
    assert fake.events() == ["step", "skip"]
