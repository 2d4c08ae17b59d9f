"""Writing the journal off the render loop: the app posts, a background thread writes.

``JournalWriter`` owns a ``Journal`` from the moment it is made: every call only puts a
small job on a queue and returns at once. ``start_session`` makes the session's uuid
itself, so the app has the id without waiting for the database. A write that fails (the
disk is full, the file is locked past the busy timeout) is kept as a notice in
``notices`` rather than raised: the journal never stops a session. ``close`` writes
everything posted so far, then closes the journal.
"""

from __future__ import annotations

import queue
import sqlite3
import threading
import uuid
from collections.abc import Callable
from datetime import datetime

from unclench.journal.store import Journal

_STOP = object()
Job = Callable[[Journal], object]


class JournalWriter:
    """Posts writes to ``journal`` from a background thread. Side effect: starts a thread."""

    def __init__(self, journal: Journal) -> None:
        self._journal = journal
        self._queue: queue.Queue[object] = queue.Queue()
        self._notices: list[str] = []
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name="unclench-journal", daemon=True)
        self._thread.start()

    def post(self, job: Job) -> None:
        """Run ``job(journal)`` on the writer thread, in the order posted."""
        self._queue.put(job)

    def start_session(
        self,
        routine_id: str,
        title: str,
        started: datetime,
        tempo: float,
        cycles: int | None,
        voice_on: bool,
        steps_total: int,
        rating_before: int | None = None,
    ) -> str:
        """Post ``Journal.start_session``; returns the new session's id at once."""
        session_id = str(uuid.uuid4())
        self.post(
            lambda j: j.start_session(
                routine_id, title, started, tempo, cycles, voice_on, steps_total,
                rating_before, session_id=session_id,
            )
        )  # fmt: skip
        return session_id

    def step_reached(self, session_id: str, step_index: int, practised_seconds: float) -> None:
        self.post(lambda j: j.step_reached(session_id, step_index, practised_seconds))

    def finish(
        self,
        session_id: str,
        outcome: str,
        ended: datetime,
        practised_seconds: float,
        rating_after: int | None = None,
    ) -> None:
        self.post(lambda j: j.finish(session_id, outcome, ended, practised_seconds, rating_after))

    def rate_after(self, session_id: str, rating: int) -> None:
        self.post(lambda j: j.rate_after(session_id, rating))

    @property
    def notices(self) -> tuple[str, ...]:
        """What went wrong so far, for the user (each failed write once)."""
        with self._lock:
            return tuple(self._notices)

    def _run(self) -> None:
        while True:
            job = self._queue.get()
            if not callable(job):  # _STOP
                return
            try:
                job(self._journal)
            except (sqlite3.Error, ValueError) as error:
                with self._lock:
                    self._notices.append(f"the journal could not record a step ({error})")

    def close(self, timeout: float = 10.0) -> None:
        """Write everything posted, stop the thread and close the journal."""
        self._queue.put(_STOP)
        self._thread.join(timeout=timeout)
        if not self._thread.is_alive():
            self._journal.close()
