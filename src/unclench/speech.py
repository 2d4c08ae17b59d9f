"""Spoken prompts: text → trimmed WAV in a cache folder, rendered in a separate process.

The app never calls ``say()``/``runAndWait()`` itself (they block, and pyttsx3 engines
misbehave when reused from threads). ``Pyttsx3Renderer`` sends one prompt at a time to
``python -m unclench.speech_worker`` and checks that a real WAV came back; ``SpeechCache``
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
import hashlib
import importlib.metadata
import json
import os
import queue
import shutil
import subprocess
import sys
import threading
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Protocol

from .clips import ClipError, has_audio, read_wav, trim_silence, write_wav
from .errors import UnclenchError
from .speech_worker import VoiceInfo, choose_voice

__all__ = [
    "INSTALL_HINT",
    "Prefetcher",
    "Pyttsx3Renderer",
    "Renderer",
    "SpeechCache",
    "SpeechError",
    "SpeechStatus",
    "VoiceInfo",
    "VoiceSettings",
    "choose_voice",
    "list_voices",
    "speech_status",
]

INSTALL_HINT = "install espeak-ng (sudo apt install espeak-ng)"
# Bumped whenever the stored form changes (trimming, format), so old cache entries miss.
CACHE_FORMAT = 1


class SpeechError(UnclenchError):
    """A prompt could not be rendered (engine missing, crashed, hung, or wrote no audio)."""


@dataclass(frozen=True)
class VoiceSettings:
    """How prompts sound. ``voice`` is an engine voice id (None: the installed voice that
    best matches ``language``, the routine's language); ``rate`` is words per minute;
    ``volume`` 0..1 is applied by the engine."""

    voice: str | None = None
    rate: int = 160
    volume: float = 1.0
    language: str = "en"


class Renderer(Protocol):
    """Writes one prompt to a WAV file. ``engine_id`` names the engine and its version so the
    cache misses when either changes."""

    def engine_id(self) -> str: ...

    def render(self, text: str, settings: VoiceSettings, out: Path) -> None:
        """Write ``text`` spoken with ``settings`` to ``out``. Raises SpeechError."""
        ...


_EOF = object()


class _Worker:
    """One child process and a reader thread turning its stdout lines into a queue (so a
    reply can be awaited with a timeout on every platform)."""

    def __init__(self, command: Sequence[str]) -> None:
        env = dict(os.environ)
        package_root = str(Path(__file__).resolve().parents[1])
        env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH")) if p)
        try:
            self.proc = subprocess.Popen(
                list(command),
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                text=True,
                encoding="utf-8",
                env=env,
            )
        except OSError as exc:
            raise SpeechError(f"cannot start the speech worker ({exc})") from exc
        self.replies: queue.Queue[object] = queue.Queue()
        threading.Thread(target=self._read, args=(self.proc.stdout,), daemon=True).start()

    def _read(self, stream: IO[str] | None) -> None:
        if stream is not None:
            for line in stream:
                self.replies.put(line)
        self.replies.put(_EOF)

    def alive(self) -> bool:
        return self.proc.poll() is None

    def ask(self, request: dict[str, Any], timeout: float) -> dict[str, Any]:
        """Send one request and wait for its reply; kill the process on timeout or garbage."""
        try:
            assert self.proc.stdin is not None
            self.proc.stdin.write(json.dumps(request) + "\n")
            self.proc.stdin.flush()
            line = self.replies.get(timeout=timeout)
        except queue.Empty:
            self.kill()
            raise SpeechError(
                f"the speech engine did not answer within {timeout:g} s — it was stopped "
                f"and will be restarted"
            ) from None
        except OSError as exc:
            self.kill()
            raise SpeechError(f"the speech worker stopped ({exc})") from exc
        if line is _EOF:
            self.kill()
            raise SpeechError(f"the speech worker exited (code {self.proc.returncode})")
        try:
            reply = json.loads(str(line))
        except json.JSONDecodeError:
            self.kill()
            raise SpeechError(f"the speech worker answered nonsense: {str(line)[:80]!r}") from None
        if not isinstance(reply, dict):
            self.kill()
            raise SpeechError("the speech worker answered nonsense")
        return reply

    def kill(self) -> None:
        with contextlib.suppress(OSError):
            self.proc.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=5)
        for stream in (self.proc.stdin, self.proc.stdout):
            with contextlib.suppress(OSError):
                if stream is not None:
                    stream.close()


WORKER_COMMAND: tuple[str, ...] = (sys.executable, "-m", "unclench.speech_worker")


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
    kept for the benchmark, ~15× slower. Call ``close()`` when done (it is also safe to
    let the process end with the app: the worker exits when its stdin closes).
    """

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
        self._worker: _Worker | None = None
        self._engine_id: str | None = None
        self._started = 0

    def _ensure(self) -> _Worker:
        if self._worker is not None and self._worker.alive():
            return self._worker
        if self._worker is not None:
            self._worker.kill()
            self._worker = None
        worker = _Worker(self._command)
        self._started += 1
        self.restarts = self._started - 1
        reply = worker.ask({"op": "hello"}, self.start_timeout)
        if not reply.get("ok"):
            worker.kill()
            raise SpeechError(f"speech engine unavailable: {reply.get('error')} — {INSTALL_HINT}")
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
        killed) or when ``out`` is missing, empty or only a WAV header."""
        out.parent.mkdir(parents=True, exist_ok=True)
        out.unlink(missing_ok=True)
        reply = self._ask(
            {
                "op": "render",
                "text": text,
                "voice": settings.voice,
                "language": settings.language,
                "rate": settings.rate,
                "volume": settings.volume,
                "out": str(out),
            },
            self.timeout,
        )
        if not reply.get("ok"):
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
        """Stop the worker process (if running)."""
        with self._lock:
            if self._worker is not None:
                self._worker.kill()
                self._worker = None


def list_voices(renderer: Pyttsx3Renderer | None = None) -> list[VoiceInfo]:
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


def speech_status(renderer: Pyttsx3Renderer | None = None) -> SpeechStatus:
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


class SpeechCache:
    """Rendered prompts in ``folder`` (e.g. ``paths.user_cache_dir() / "speech"``), one WAV
    per sha256 of (text, voice or language, rate, volume, engine id, cache format).

    Entries are trimmed (see ``clips.trim_silence``) and written atomically. Safe to share
    between threads; two threads rendering the same text both succeed (last rename wins).
    """

    def __init__(self, folder: Path, renderer: Renderer) -> None:
        self.folder = folder
        self.renderer = renderer

    def key(self, text: str, settings: VoiceSettings) -> str:
        voice = settings.voice if settings.voice else f"language:{settings.language}"
        parts = [
            CACHE_FORMAT,
            text,
            voice,
            settings.rate,
            round(settings.volume, 4),
            self.renderer.engine_id(),
        ]
        return hashlib.sha256(json.dumps(parts).encode("utf-8")).hexdigest()

    def path_for(self, text: str, settings: VoiceSettings) -> Path:
        return self.folder / f"{self.key(text, settings)}.wav"

    def cached(self, text: str, settings: VoiceSettings) -> Path | None:
        """The stored WAV for ``text`` if there is one (never renders)."""
        path = self.path_for(text, settings)
        return path if path.exists() else None

    def get_or_render(self, text: str, settings: VoiceSettings) -> Path:
        """The trimmed WAV for ``text``, rendering it first on a miss. Raises SpeechError."""
        path = self.path_for(text, settings)
        if path.exists():
            return path
        self.folder.mkdir(parents=True, exist_ok=True)
        raw = self.folder / f".{path.stem}.{uuid.uuid4().hex}.raw.wav"
        try:
            self.renderer.render(text, settings, raw)
            try:
                trimmed = trim_silence(read_wav(raw))
            except ClipError as exc:
                raise SpeechError(f"the speech engine wrote a broken file for {text!r}") from exc
            if len(trimmed.samples) == 0:
                raise SpeechError(f"the speech engine rendered only silence for {text!r}")
            write_wav(path, trimmed)
        finally:
            raw.unlink(missing_ok=True)
        return path

    def size_bytes(self) -> int:
        if not self.folder.exists():
            return 0
        return sum(p.stat().st_size for p in self.folder.glob("*.wav"))

    def clear(self) -> None:
        """Delete every stored prompt (and stray temp files)."""
        if self.folder.exists():
            for p in [*self.folder.glob("*.wav"), *self.folder.glob(".*")]:
                p.unlink(missing_ok=True)


class Prefetcher:
    """Renders ``texts`` in order on one background thread (which only waits on the render
    process), so the first prompts of a session are ready first.

    ``on_ready(text, path)`` and ``on_failed(text, reason)`` are called *on the prefetch
    thread*: keep them short — post a pygame event, or decode the clip there
    (``audio.AudioOut.load_clip``) so no disk I/O happens on the render loop. A failed render
    (the worker crashed, hung and was killed, or wrote nothing) is retried up to
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
