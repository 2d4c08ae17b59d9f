"""The JSON-lines event log (``--events FILE``): one object per line, flushed as it happens.

Writing happens on a small background thread so the render loop never touches the disk;
``emit`` only puts a line on a queue. Each record has ``t`` (seconds, measured) and, for
scheduled events, ``due`` (seconds when it was scheduled), plus the event's fields. A
session's events count from that session's start (its t = 0); ``ready`` counts from the
start of the process.
"""

from __future__ import annotations

import json
import queue
import threading
from pathlib import Path
from typing import IO, Any

from unclench.core.errors import UnclenchError

_STOP = object()


class EventLogError(UnclenchError):
    """The event log file could not be opened."""


class EventLog:
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

    def emit(self, event: str, t: float, due: float | None = None, **fields: Any) -> None:
        record: dict[str, Any] = {"t": round(t, 6)}
        if due is not None:
            record["due"] = round(due, 6)
        record["event"] = event
        record.update(fields)
        self._queue.put(json.dumps(record, ensure_ascii=False))

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


class NullEventLog:
    """Used when no ``--events`` file was asked for."""

    def emit(self, event: str, t: float, due: float | None = None, **fields: Any) -> None:
        pass

    def close(self) -> None:
        pass
