"""The JSON-lines event log (``--events FILE``): one object per line, flushed as it happens.

Writing happens on a small background thread so the render loop never touches the disk;
``emit`` only puts a line on a queue. Each record has ``t`` (seconds, measured) and, for
scheduled events, ``due`` (seconds when it was scheduled), plus the event's fields
(an ``EventRecord``, the one definition of a record, which the tests' recording log keeps
too). A session's events count from that session's start (its t = 0); ``ready`` counts from
the start of the process.

A log that cannot be opened is an EventLogError before anything starts. One that fails
later (the disk filled up, the device went away) never stops the session: the writer says
so once through ``report`` (a line on stderr by default), drops the rest, and ``close``
ends without raising.
"""

from __future__ import annotations

import errno
import json
import os
import queue
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from unclench.core.errors import UnclenchError

_STOP = object()


class EventLogError(UnclenchError):
    """The event log file could not be opened."""


def _open(path: Path) -> IO[str]:
    """Open for writing, line-buffered. A FIFO with no reader is refused (ENXIO) instead of
    blocking the start until one comes."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NONBLOCK, 0o666)
    os.set_blocking(fd, True)
    return open(fd, "w", encoding="utf-8", buffering=1)


@dataclass(frozen=True)
class EventRecord:
    """One line of the event log (docs/events.md): what happened (``event``), when it was
    noticed (``t``) and when it was due (``due``, None for events that are not scheduled),
    and the event's own fields in the order given."""

    event: str
    t: float
    due: float | None = None
    fields: tuple[tuple[str, Any], ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """The record as written: ``t``, then ``due`` (if any), ``event`` and the fields;
        times rounded to the microsecond."""
        record: dict[str, Any] = {"t": round(self.t, 6)}
        if self.due is not None:
            record["due"] = round(self.due, 6)
        record["event"] = self.event
        record.update(self.fields)
        return record

    def to_json(self) -> str:
        """The line written to the file (without its newline); text outside ASCII as is."""
        return json.dumps(self.as_dict(), ensure_ascii=False)


class EventSink:
    """Where events go. ``emit`` makes the record; subclasses say what ``write`` does."""

    def emit(self, event: str, t: float, due: float | None = None, **fields: Any) -> None:
        self.write(EventRecord(event, t, due, tuple(fields.items())))

    def write(self, record: EventRecord) -> None:
        raise NotImplementedError

    def close(self) -> None:
        pass


def _to_stderr(message: str) -> None:
    sys.stderr.write(f"note: {message}\n")


def _reason(error: OSError) -> str:
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return "the disk is full"
    if error.errno == errno.ENXIO:
        return "it is a named pipe that nothing reads"
    return error.strerror or str(error)


class EventLog(EventSink):
    """Writes events to a file from a background thread. ``close()`` drains the queue.

    ``opener`` opens the file (tests pass one returning a writer that fails); ``report``
    receives the one message saying the log stopped (called from the writer thread)."""

    def __init__(
        self,
        path: Path,
        opener: Callable[[Path], IO[str]] = _open,
        report: Callable[[str], None] = _to_stderr,
    ) -> None:
        self.path = path
        self.failure: str | None = None
        """Why the log stopped being written, once it did."""
        self._report = report
        try:
            self._file: IO[str] = opener(path)
        except OSError as error:
            raise EventLogError(
                f"{path}: cannot write the event log ({_reason(error)}) — choose another path"
            ) from None
        self._queue: queue.Queue[object] = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="unclench-events", daemon=True)
        self._thread.start()

    def write(self, record: EventRecord) -> None:
        """Queue the record's line; the background thread writes it (dropped once the log
        has failed)."""
        if self.failure is None:
            self._queue.put(record.to_json())

    def _fail(self, error: OSError) -> None:
        if self.failure is None:
            self.failure = (
                f"{self.path}: the event log stopped ({_reason(error)}); the session goes on "
                "without it — free some space or choose another path next time"
            )
            self._report(self.failure)

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is _STOP:
                break
            if self.failure is not None:
                continue  # drained and dropped: nothing more can be written
            try:
                self._file.write(f"{item}\n")
                self._file.flush()
            except OSError as error:
                self._fail(error)

    def close(self) -> None:
        """Write what is queued and close the file; never raises (a failure is reported)."""
        self._queue.put(_STOP)
        self._thread.join(timeout=5)
        try:
            self._file.close()
        except OSError as error:  # the last flush may meet the full disk too
            self._fail(error)


class NullEventLog(EventSink):
    """Used when no ``--events`` file was asked for: every record is dropped."""

    def write(self, record: EventRecord) -> None:
        pass
