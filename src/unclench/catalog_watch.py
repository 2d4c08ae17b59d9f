"""Noticing routine files changed on disk while the menu is open, off the render loop.

A ``CatalogWatcher`` thread takes the catalog folders' stamp (a listing and a stat per
file, nothing read) every few seconds, or at once when ``poke`` asks (the window got the
focus back). Only when the stamp differs from the catalog's does it scan the folders again,
still on its thread; the menu picks the new catalog up with ``take`` and ``notify`` wakes
the loop to let it. The render loop never parses a file.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable

from unclench.catalog import Catalog, folder_stamp, reload_catalog

CHECK_SECONDS = 2.0


class CatalogWatcher:
    def __init__(
        self, catalog: Catalog, notify: Callable[[], None], interval: float = CHECK_SECONDS
    ) -> None:
        self._current = catalog
        self._fresh: Catalog | None = None
        self._notify = notify
        self._interval = interval
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stopped = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Start watching (a catalog built by hand, with no folders, is never watched)."""
        if self._thread is not None or not self._current.folders:
            return
        self._thread = threading.Thread(target=self._run, name="catalog-watch", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop watching; returns without waiting for a scan under way to end."""
        self._stopped.set()
        self._wake.set()

    def poke(self) -> None:
        """Check now rather than at the next interval."""
        self._wake.set()

    def check(self) -> bool:
        """Compare the stamp; on a difference scan again and keep the result for ``take``.
        Returns whether the catalog changed. Runs on the watcher's thread (tests call it)."""
        current = self._current
        if folder_stamp(current.folders) == current.stamp:
            return False
        fresh = reload_catalog(current)
        with self._lock:
            self._current = fresh
            self._fresh = fresh
        self._notify()
        return True

    def take(self) -> Catalog | None:
        """The catalog scanned since the last ``take``, if any (the menu's loop calls it)."""
        with self._lock:
            fresh, self._fresh = self._fresh, None
        return fresh

    def _run(self) -> None:
        while not self._stopped.is_set():
            with contextlib.suppress(OSError):  # a folder unreadable now: try again later
                self.check()
            self._wake.wait(self._interval)
            self._wake.clear()
