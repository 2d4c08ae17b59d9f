"""Rendering a session's prompts ahead of time, on one background thread, first ones first."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from pathlib import Path

from unclench.core.voices import VoiceSettings
from unclench.speech.cache import SpeechCache


class Prefetcher:
    """Renders ``texts`` in order on one background thread (which only waits on the render
    process), so the first prompts of a session are ready first.

    ``on_ready(text, path)`` and ``on_failed(text, reason)`` are called *on the prefetch
    thread*: keep them short — post a pygame event, or decode the clip there
    (``sound.mixer.MixerOutput.load_clip``) so no disk I/O happens on the render loop. A
    failed render (the worker crashed, hung and was killed, or wrote nothing) is retried up to
    ``attempts`` times in all, then marked failed; nothing is ever raised into the caller.
    """

    def __init__(
        self,
        cache: SpeechCache,
        settings: VoiceSettings,
        texts: Iterable[str],
        on_ready: Callable[[str, Path], None] | None = None,
        on_failed: Callable[[str, str], None] | None = None,
        attempts: int = 2,
    ) -> None:
        self._cache = cache
        self._settings = settings
        self._on_ready = on_ready
        self._on_failed = on_failed
        self._attempts = max(1, attempts)
        self._pending = list(dict.fromkeys(texts))
        self._ready: dict[str, Path] = {}
        self._failed: dict[str, str] = {}
        self._changed = threading.Condition()
        self._stop = False
        self._finished = False
        self._thread = threading.Thread(target=self._run, name="unclench-prefetch", daemon=True)
        self._thread.start()

    def _next(self) -> str | None:
        with self._changed:
            if self._stop or not self._pending:
                return None
            return self._pending.pop(0)

    def _run(self) -> None:
        while (text := self._next()) is not None:
            reason = ""
            path: Path | None = None
            for _ in range(self._attempts):
                try:
                    path = self._cache.get_or_render(text, self._settings)
                    break
                except Exception as exc:  # a prefetch failure must never escape this thread
                    reason = str(exc) or type(exc).__name__
            try:
                if path is not None and self._on_ready is not None:
                    self._on_ready(text, path)
                elif path is None and self._on_failed is not None:
                    self._on_failed(text, reason)
            except Exception as exc:
                path, reason = None, f"on_ready failed: {exc}"
            with self._changed:
                if path is not None:
                    self._ready[text] = path
                else:
                    self._failed[text] = reason
                self._changed.notify_all()
        with self._changed:
            self._finished = True
            self._changed.notify_all()

    def ready(self, text: str) -> Path | None:
        with self._changed:
            return self._ready.get(text)

    def failed(self, text: str) -> str | None:
        """Why ``text`` could not be rendered, or None (ready, pending or unknown)."""
        with self._changed:
            return self._failed.get(text)

    def done(self) -> bool:
        """True once every text is ready or failed (or the prefetcher was closed)."""
        with self._changed:
            return self._finished

    def wait(self, texts: Iterable[str] | None = None, timeout: float | None = None) -> bool:
        """Block until every text in ``texts`` (default: all) is ready or failed, up to
        ``timeout`` seconds; True if they all settled. For start-up: wait for the first few
        prompts, then start the session while the rest render."""
        with self._changed:
            if texts is None:
                return self._changed.wait_for(lambda: self._finished, timeout)
            wanted = list(texts)
            return self._changed.wait_for(
                lambda: all(t in self._ready or t in self._failed for t in wanted), timeout
            )

    def close(self, timeout: float = 1.0) -> None:
        """Stop after the render in progress (pending texts are dropped)."""
        with self._changed:
            self._stop = True
            self._pending.clear()
        self._thread.join(timeout)
