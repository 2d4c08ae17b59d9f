"""Spoken prompts: text → trimmed WAV in a cache folder, rendered in a separate process.

The app never calls ``say()``/``runAndWait()`` itself (they block, and pyttsx3 engines
misbehave when reused from threads). ``Pyttsx3Renderer`` sends one prompt at a time to
the worker process (``unclench.speech.worker``, started isolated: see ``WORKER_COMMAND``)
and checks that a real WAV came back; ``SpeechCache``
keys the result by everything that changes the sound and stores it trimmed, atomically;
``Prefetcher`` renders a session's prompts on a background thread, first ones first.

Persistent worker vs a fresh process per prompt — measured with
``.venv/bin/python benchmarks/speech_renders.py 300`` (espeak-ng 1.51, pyttsx3 2.99, 2 CPUs):
a fresh process costs 61 ms per prompt (16/s: Python start + pyttsx3/espeak init), the
persistent worker 12.3 ms (81/s, most of it pyttsx3's own 10 ms poll sleep) — 5× faster.
Reliability: pyttsx3's espeak driver in a long-lived engine writes a bare WAV header for
~1–10 % of renders (a race, worse under load); the worker re-renders those at once (in
300 renders: 296 first try, 4 on the second, 0 failed), and the parent still rejects a
header-only file. A persistent worker's output can run a few tens of ms longer than a fresh
process's for the same text (espeak keeps some prosody state); trimming absorbs it. So the
renderer keeps one worker alive and restarts it when it dies or is killed after a hang.
"""

from __future__ import annotations

import contextlib
import importlib.metadata
import json
import os
import shutil
import sys
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from unclench.clips import has_audio
from unclench.core.voices import VoiceInfo, VoiceSettings
from unclench.speech.errors import SpeechError, storage_error
from unclench.speech.worker_pipe import PACKAGE_ROOT, WorkerPipe

INSTALL_HINT = "install espeak-ng (sudo apt install espeak-ng)"


class Renderer(Protocol):
    """Writes one prompt to a WAV file. ``engine_id`` names the engine and its version so the
    cache misses when either changes."""

    def engine_id(self) -> str: ...

    def render(self, text: str, settings: VoiceSettings, out: Path) -> None:
        """Write ``text`` spoken with ``settings`` to ``out``. Raises SpeechError."""
        ...


@runtime_checkable
class RoutesVoices(Protocol):
    """A renderer with more than one engine (``speech.engines.VoiceRouter``): which engine
    speaks a voice depends on the voice."""

    def engine_id_for(self, settings: VoiceSettings) -> str: ...


def engine_key(renderer: Renderer, settings: VoiceSettings) -> str:
    """The id of the engine that renders ``settings`` — what the cache keys a clip by."""
    if isinstance(renderer, RoutesVoices):
        return renderer.engine_id_for(settings)
    return renderer.engine_id()


# The worker runs isolated (-I: no working folder, PYTHON* variables or user site on
# sys.path), so a ``pyttsx3.py`` or ``json.py`` where the user started unclench is never
# imported; the one path it needs, the folder holding the unclench package, is passed on.
_BOOTSTRAP = (
    "import sys; sys.path.insert(0, sys.argv[1]); from unclench.speech.worker import main; main()"
)
WORKER_COMMAND: tuple[str, ...] = (sys.executable, "-I", "-c", _BOOTSTRAP, PACKAGE_ROOT)


def engine_fingerprint() -> str | None:
    """What identifies the installed speech engine cheaply (no process started): pyttsx3's
    version and the espeak-ng program's size and time (it comes in one package with the
    library pyttsx3 loads). None when either is missing: then nothing is remembered."""
    try:
        version = importlib.metadata.version("pyttsx3")
    except importlib.metadata.PackageNotFoundError:
        return None
    program = shutil.which("espeak-ng") or shutil.which("espeak")
    if program is None:
        return None
    try:
        stat = os.stat(program)
    except OSError:
        return None
    return f"pyttsx3-{version}|{os.path.realpath(program)}|{stat.st_size}|{stat.st_mtime_ns}"


class Pyttsx3Renderer:
    """Renders with pyttsx3 in a child process (``command``, default the real worker; tests
    pass a fake worker script). Thread-safe: one request at a time per renderer.

    ``timeout`` bounds one render, ``start_timeout`` the worker's start-up (Python + engine
    init). A worker that hangs is killed; one that died is restarted on the next call
    (``restarts`` counts them). ``persistent=False`` starts a fresh process per prompt —
    kept for the benchmark, ~15× slower. ``install_hint`` is what a failed start tells the
    user to install. Call ``close()`` when done: it returns within about
    a second even while a render hangs, and the renderer refuses work after it. It is also
    safe to let the process end with the app: the worker exits when its stdin closes.
    """

    install_hint = INSTALL_HINT

    def __init__(
        self,
        timeout: float = 10.0,
        command: Sequence[str] = WORKER_COMMAND,
        start_timeout: float = 20.0,
        persistent: bool = True,
        memo: Path | None = None,
    ) -> None:
        """``memo``: a file where the engine id is remembered with a fingerprint of the
        installed engine, so a later run can look prompts up in the cache without starting
        the worker (~0.1 s) — a warm-cache session then starts sooner."""
        self.memo = memo
        self.timeout = timeout
        self.start_timeout = start_timeout
        self.persistent = persistent
        self.restarts = 0
        self._command = tuple(command)
        self._lock = threading.Lock()
        self._worker: WorkerPipe | None = None
        # The worker being started or used, for close() to stop without waiting on _lock
        # (held by a render that may hang), and whether close() was called.
        self._state = threading.Lock()
        self._current: WorkerPipe | None = None
        self._closed = False
        self._engine_id: str | None = None
        self._started = 0

    def _ensure(self) -> WorkerPipe:
        if self._worker is not None and self._worker.alive():
            return self._worker
        if self._worker is not None:
            self._worker.kill()
            self._worker = None
        with self._state:
            if self._closed:
                raise SpeechError("the speech engine was closed")
            worker = WorkerPipe(self._command)
            self._current = worker
        self._started += 1
        self.restarts = self._started - 1
        reply = worker.ask({"op": "hello"}, self.start_timeout)
        if not reply.get("ok"):
            worker.kill()
            raise SpeechError(
                f"speech engine unavailable: {reply.get('error')} — {self.install_hint}"
            )
        self._engine_id = str(reply.get("engine_id", "unknown"))
        self._worker = worker
        self._remember(self._engine_id)
        return worker

    def _remember(self, engine: str) -> None:
        if self.memo is None or (fingerprint := engine_fingerprint()) is None:
            return
        with contextlib.suppress(OSError):
            self.memo.parent.mkdir(parents=True, exist_ok=True)
            temp = self.memo.with_suffix(f".{os.getpid()}.tmp")
            temp.write_text(json.dumps({"fingerprint": fingerprint, "engine_id": engine}))
            os.replace(temp, self.memo)

    def _recall(self) -> str | None:
        if self.memo is None or (fingerprint := engine_fingerprint()) is None:
            return None
        try:
            stored = json.loads(self.memo.read_text())
        except (OSError, ValueError):
            return None
        if not isinstance(stored, dict) or stored.get("fingerprint") != fingerprint:
            return None
        engine = stored.get("engine_id")
        return engine if isinstance(engine, str) and engine else None

    def _ask(self, request: dict[str, Any], timeout: float) -> dict[str, Any]:
        with self._lock:
            worker = self._ensure()
            try:
                return worker.ask(request, timeout)
            finally:
                if not self.persistent:
                    worker.kill()
                    self._worker = None

    def engine_id(self) -> str:
        """ "pyttsx3-2.99/espeak-ng-1.51": remembered in ``memo`` from an earlier run while
        the installed engine is unchanged, else asked of the worker (starting it)."""
        if self._engine_id is None:
            self._engine_id = self._recall()
        if self._engine_id is None:
            with self._lock:
                self._ensure()
        assert self._engine_id is not None
        return self._engine_id

    def render(self, text: str, settings: VoiceSettings, out: Path) -> None:
        """Render one prompt to ``out``. Raises SpeechError on failure, timeout (the worker is
        killed) or when ``out`` is missing, empty or only a WAV header; SpeechStorageError at
        once (before asking the engine) when ``out`` cannot be written."""
        out = Path(os.path.abspath(out))  # the worker runs in another folder
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            out.unlink(missing_ok=True)
            out.touch()  # fail fast: a read-only or full folder is found here, not in 10 s
            out.unlink()
        except OSError as exc:
            raise storage_error(exc, out) from exc
        reply = self._ask(
            {
                "op": "render",
                "text": text,
                "voice": settings.voice,
                "language": settings.language,
                "rate": settings.rate,
                "volume": settings.volume,
                "pitch": settings.pitch,
                "variant": settings.variant,
                "word_gap": settings.word_gap,
                "out": str(out),
            },
            self.timeout,
        )
        if not reply.get("ok"):
            number = reply.get("errno")
            if isinstance(number, int):
                raise storage_error(OSError(number, str(reply.get("error"))), out)
            raise SpeechError(f"could not render {text!r}: {reply.get('error')}")
        if not has_audio(out):
            raise SpeechError(f"the speech engine wrote no audio for {text!r}")

    def voices(self) -> list[VoiceInfo]:
        """The installed voices, as the engine lists them."""
        reply = self._ask({"op": "voices"}, self.timeout)
        if not reply.get("ok"):
            raise SpeechError(f"could not list voices: {reply.get('error')}")
        return [
            VoiceInfo(str(v["id"]), str(v["name"]), tuple(str(x) for x in v["languages"]))
            for v in reply.get("voices", [])
        ]

    def close(self) -> None:
        """Stop the worker process (if running) within about a second, even mid-render (a
        render in progress then fails with SpeechError); later requests fail at once."""
        with self._state:
            self._closed = True
            worker, self._current = self._current, None
        if worker is not None:
            worker.stop()


def warm_up_engine(renderer: Renderer) -> None:
    """Start ``renderer``'s engine ahead of the first prompt (run it on a thread). Never
    raises: a failure here (no engine, the worker killed by close()) shows up again, and
    is reported, when a prompt is rendered."""
    with contextlib.suppress(Exception):
        renderer.engine_id()


class VoiceSource(Renderer, Protocol):
    """A renderer that can list its voices and be closed (``Pyttsx3Renderer``, or
    ``speech.engines.VoiceRouter`` for every engine)."""

    def voices(self) -> list[VoiceInfo]: ...

    def close(self) -> None: ...


def list_voices(renderer: VoiceSource | None = None) -> list[VoiceInfo]:
    """Installed voices (id, name, languages). Raises SpeechError when there is no engine."""
    own = renderer is None
    use = renderer or Pyttsx3Renderer()
    try:
        return use.voices()
    finally:
        if own:
            use.close()


@dataclass(frozen=True)
class SpeechStatus:
    """Doctor facts. ``reason``/``fix`` are set when ``found`` is False."""

    found: bool
    engine: str = ""
    version: str = ""
    voices: int = 0
    reason: str = ""
    fix: str = ""


def speech_status(renderer: VoiceSource | None = None) -> SpeechStatus:
    """Whether speech works here: engine id, version, voice count — never raises."""
    own = renderer is None
    use = renderer or Pyttsx3Renderer(timeout=10.0)
    try:
        ident = use.engine_id()
        count = len(use.voices())
    except SpeechError as exc:
        return SpeechStatus(False, reason=str(exc).split(" — ")[0], fix=INSTALL_HINT)
    finally:
        if own:
            use.close()
    engine, _, version = ident.rpartition("-")
    if count == 0:
        return SpeechStatus(False, engine, version, 0, "no voices installed", INSTALL_HINT)
    return SpeechStatus(True, engine, version, count)
