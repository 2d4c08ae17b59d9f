"""The JSON-lines event log (``--events FILE``): one object per line, flushed as it happens.

Writing happens on a small background thread so the render loop never touches the disk;
``emit`` only puts a line on a queue. Each record has ``t`` (seconds since the session
started, measured) and ``due`` (seconds when it was scheduled), plus the event's fields:
an ``EventRecord``, the one definition of a record, which the tests' recording log keeps too.
"""

from __future__ import annotations

import json
import queue
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from unclench.core.errors import UnclenchError

_STOP = object()


class EventLogError(UnclenchError):
    """The event log file could not be opened."""


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


class EventLog(EventSink):
    """Writes events to a file from a background thread. ``close()`` drains the queue."""

    def __init__(self, path: Path) -> None:
        try:
            self._file: IO[str] = path.open("w", encoding="utf-8", buffering=1)
        except OSError as error:
            raise EventLogError(
                f"{path}: cannot write the event log ({error.strerror}) — choose another path"
            ) from None
        self._queue: queue.Queue[object] = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="unclench-events", daemon=True)
        self._thread.start()

    def write(self, record: EventRecord) -> None:
        """Queue the record's line; the background thread writes it."""
        self._queue.put(record.to_json())

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is _STOP:
                break
            self._file.write(f"{item}\n")
            self._file.flush()

    def close(self) -> None:
        self._queue.put(_STOP)
        self._thread.join(timeout=5)
        self._file.close()


class NullEventLog(EventSink):
    """Used when no ``--events`` file was asked for: every record is dropped."""

    def write(self, record: EventRecord) -> None:
        pass
