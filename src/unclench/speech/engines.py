"""Two speech engines behind one renderer: pyttsx3/espeak-ng (the default) and, when the
``piper`` extra is installed, Piper — each in its own isolated worker process.

``VoiceRouter`` sends a prompt to Piper when its voice id starts with ``piper:`` and to the
default engine otherwise. The cache asks it ``engine_id_for(settings)``, so the engine (and
the Piper model's size and time) that actually renders a voice is part of each clip's key.
A Piper voice that fails to load (the extra missing, a damaged model) is remembered as
failed: its prompts are then spoken by the default engine with the routine's language, under
a key that says so, and ``notice()`` tells the user once.
"""

from __future__ import annotations

import sys
import threading
from dataclasses import replace
from pathlib import Path

from unclench.core.voices import VoiceInfo, VoiceSettings
from unclench.speech.errors import SpeechError
from unclench.speech.piper_voices import (
    INSTALL_HINT as PIPER_HINT,
)
from unclench.speech.piper_voices import (
    find_piper_voice,
    find_piper_voices,
    is_piper,
    piper_version,
)
from unclench.speech.renderer import Pyttsx3Renderer, VoiceSource
from unclench.speech.worker_pipe import PACKAGE_ROOT

_PIPER_BOOTSTRAP = (
    "import sys; sys.path.insert(0, sys.argv[1]); "
    "from unclench.speech.piper_worker import main; main()"
)
PIPER_WORKER_COMMAND: tuple[str, ...] = (sys.executable, "-I", "-c", _PIPER_BOOTSTRAP, PACKAGE_ROOT)

# Loading a voice builds an ONNX session: ~1.2 s here, far more on a slow disk.
LOAD_TIMEOUT_S = 60.0


class PiperRenderer(Pyttsx3Renderer):
    """The Piper worker (``speech.piper_worker``) behind the same protocol and life cycle as
    the pyttsx3 one: one request at a time, killed on a hang, restarted when it dies. Its
    engine id is piper-tts's version, read without starting the worker."""

    install_hint = PIPER_HINT

    def __init__(self, timeout: float = 30.0, command: tuple[str, ...] = PIPER_WORKER_COMMAND):
        super().__init__(timeout=timeout, command=command, start_timeout=30.0)

    def engine_id(self) -> str:
        version = piper_version()
        if version is None:
            raise SpeechError(f"Piper is not installed — {PIPER_HINT}")
        return f"piper-tts-{version}"

    def load(self, voice: str) -> float:
        """Load ``voice`` in the worker (once); the seconds it took. Raises SpeechError."""
        reply = self._ask({"op": "load", "voice": voice}, LOAD_TIMEOUT_S)
        if not reply.get("ok"):
            why = reply.get("error")
            raise SpeechError(f"the Piper voice {voice!r} could not be loaded: {why}")
        return float(reply.get("seconds", 0.0))


class VoiceRouter:
    """A ``Renderer`` (and ``VoiceSource``) for both engines: ``default`` (pyttsx3) speaks
    every voice but ``piper:…`` ones, which go to ``piper`` (made on first use). Thread-safe
    as its engines are; each engine has its own worker process."""

    def __init__(
        self,
        default: VoiceSource,
        piper: PiperRenderer | None = None,
        voices_folder: Path | None = None,
    ) -> None:
        self.default = default
        self._piper = piper
        self._folder = voices_folder
        self._lock = threading.Lock()
        self._loaded: set[str] = set()
        self.failed: dict[str, str] = {}
        """Piper voices that could not be loaded → why (then spoken by the default engine)."""

    def piper(self) -> PiperRenderer:
        with self._lock:
            if self._piper is None:
                self._piper = PiperRenderer()
            return self._piper

    def _falls_back(self, settings: VoiceSettings) -> bool:
        return is_piper(settings.voice) and str(settings.voice) in self.failed

    def _fallback(self, settings: VoiceSettings) -> VoiceSettings:
        return replace(settings, voice=None)

    def engine_id(self) -> str:
        return self.default.engine_id()

    def engine_id_for(self, settings: VoiceSettings) -> str:
        """The engine that renders ``settings``: for a Piper voice, piper-tts's version and
        the model's fingerprint (no worker started); for a failed one, the default engine
        marked as standing in."""
        if not is_piper(settings.voice) or self._falls_back(settings):
            engine = self.default.engine_id()
            return f"{engine}/instead-of-piper" if is_piper(settings.voice) else engine
        voice = str(settings.voice)
        found = find_piper_voice(voice, self._folder)
        try:
            engine = self.piper().engine_id()
        except SpeechError as error:
            self.failed[voice] = str(error)
            return self.engine_id_for(settings)
        if found is None:
            self.failed[voice] = f"no Piper voice {voice!r} is installed — see `unclench voices`"
            return self.engine_id_for(settings)
        return f"{engine}/{found.fingerprint()}"

    def render(self, text: str, settings: VoiceSettings, out: Path) -> None:
        """Render with the engine the voice belongs to. A Piper voice is loaded first; if it
        cannot be, it is marked failed and SpeechError is raised — the next attempt (the
        prefetcher retries) renders with the default engine, under its own cache key."""
        if not is_piper(settings.voice):
            self.default.render(text, settings, out)
            return
        if self._falls_back(settings):
            self.default.render(text, self._fallback(settings), out)
            return
        voice = str(settings.voice)
        if voice not in self._loaded:
            try:
                self.piper().load(voice)
            except SpeechError as error:
                self.failed[voice] = str(error)
                raise
            self._loaded.add(voice)
        self.piper().render(text, settings, out)

    def voices(self) -> list[VoiceInfo]:
        """The default engine's voices, then the Piper voices found (no Piper worker)."""
        return [*self.default.voices(), *self.piper_voices()]

    def piper_voices(self) -> list[VoiceInfo]:
        if piper_version() is None:
            return []
        return [v.info() for v in find_piper_voices(self._folder)]

    def notice(self) -> str:
        """One line when a chosen Piper voice is being spoken by the default engine."""
        if not self.failed:
            return ""
        voice = next(iter(self.failed)).removeprefix("piper:")
        return f"The voice {voice} could not be loaded; speaking with espeak instead."

    def close(self) -> None:
        self.default.close()
        with self._lock:
            piper = self._piper
        if piper is not None:
            piper.close()


def speech_renderer(memo: Path | None = None) -> VoiceRouter:
    """The app's and the CLI's renderer: pyttsx3 by default, Piper for ``piper:`` voices."""
    return VoiceRouter(Pyttsx3Renderer(memo=memo))
