"""The app's sound service: opens the audio device and the speech renderer once, off the
render loop, applies the user's sound settings, and gives each session its sound.

Opening the mixer and synthesising the chimes takes ~0.1 s, so ``SoundService`` does it on
a background thread as the app starts; the speech worker process starts on the first
render. Each failure only turns its own part off, with a one-line notice for the screen.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Callable
from pathlib import Path

from unclench.core.voices import VoiceSettings
from unclench.settings import Settings
from unclench.sound import chimes
from unclench.sound.mixer import MixerOutput
from unclench.sound.session_sound import SessionSound
from unclench.speech.cache import SpeechCache
from unclench.speech.renderer import INSTALL_HINT, Pyttsx3Renderer, Renderer, warm_up_engine


def speech_engine_missing() -> str:
    """Why speech cannot work here ("" when it can), checked cheaply (no process started)."""
    try:
        import pyttsx3  # noqa: F401
    except Exception as error:  # pyttsx3 fails in many ways on import; all mean "no speech"
        return f"No speech: pyttsx3 could not be loaded ({error})."
    if not (shutil.which("espeak-ng") or shutil.which("espeak")):
        import sys

        if sys.platform.startswith("linux"):
            return f"No speech: {INSTALL_HINT}."
    return ""


class SoundService:
    """App-wide sound: the mixer output, the speech cache and its renderer, opened on a
    thread; the settings' volumes and mute applied to the mixer; one ``SessionSound`` per
    session (``session()``)."""

    def __init__(
        self,
        settings: Settings,
        cache_dir: Path,
        *,
        voice: str | None = None,
        rate: int | None = None,
        pitch: int | None = None,
        open_out: Callable[[], MixerOutput] | None = None,
        make_renderer: Callable[[], Renderer] | None = None,
        check_speech: Callable[[], str] | None = None,
    ) -> None:
        """``settings`` give the voice, rate, pitch, volumes and mute; ``voice``, ``rate`` and
        ``pitch`` override them for this run (``--voice``, ``--rate``, ``--pitch``) until the
        user changes them in the app.
        ``open_out``, ``make_renderer`` and ``check_speech`` default to the real mixer, the
        pyttsx3 worker and a check for espeak-ng; tests pass fakes. ``open_out`` may raise
        (``AudioDeviceError`` or anything else): sessions then run silent with a notice."""
        self._open_out = open_out or (
            lambda: MixerOutput.open(synth=chimes.cached(cache_dir / "chimes"))
        )
        self._make_renderer = make_renderer or (
            lambda: Pyttsx3Renderer(memo=cache_dir / "speech" / "engine.json")
        )
        self._check_speech = check_speech or speech_engine_missing
        self.settings = settings
        """The settings last applied (the app owns them and passes each change to ``update``)."""
        self.voice_override = voice
        self.rate_override = rate
        self.pitch_override = pitch
        self.cache_dir = cache_dir
        self.out: MixerOutput | None = None
        """The mixer output once open; None before, and for good when there is no device."""
        self.cache: SpeechCache | None = None
        self.renderer: Renderer | None = None
        self.sound_notice = ""
        """Why there is no sound ("No sound: …"), or ""."""
        self.speech_notice = ""
        """Why there is no speech ("No speech: …", "Voice off."), or ""."""
        self.voices: list[tuple[str, str]] = []
        """(id, name) of the installed voices, filled in the background once known."""
        self._applying = threading.Lock()  # the loop's update() and the opening thread
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._open, name="unclench-sound", daemon=True)
        self._thread.start()

    def _open(self) -> None:
        """Open sound and speech; each failure only turns its own part off, with a notice.
        The speech worker starts (on its own thread) while the mixer opens and the chimes are
        synthesised, so a warm-cache session can start ~50 ms sooner."""
        warm_up: threading.Thread | None = None
        try:
            notice = self._check_speech()
            if notice:
                self.speech_notice = notice
            else:
                renderer = self._make_renderer()
                warm_up = threading.Thread(target=warm_up_engine, args=(renderer,), daemon=True)
                warm_up.start()
                self.renderer = renderer
                self.cache = SpeechCache(self.cache_dir / "speech", renderer)
        except Exception as error:  # never let speech take the app down: captions carry it
            self.speech_notice = f"No speech: {error}"
        try:
            out = self._open_out()
            with self._applying:
                out.apply(self.settings)
                self.out = out
        except Exception as error:  # never let sound take the app down: run silent
            self.sound_notice = f"No sound: {error}"
        if warm_up is not None:
            warm_up.join(timeout=5)
        self._ready.set()
        if isinstance(self.renderer, Pyttsx3Renderer):
            try:
                found = self.renderer.voices()
            except Exception:  # the panel then offers "automatic" only
                found = []
            self.voices = sorted(
                ((v.id, v.name) for v in found),
                key=lambda pair: (not pair[1].lower().startswith("english"), pair[1].lower()),
            )

    def update(self, settings: Settings) -> None:
        """Apply new settings: volumes and mute at once, voice, rate and pitch from the next
        session on (its prompts are rendered, or found in the cache, with them). A voice, rate
        or pitch the user changes here replaces the one given on the command line."""
        if settings.voice != self.settings.voice:
            self.voice_override = None
        if settings.rate != self.settings.rate:
            self.rate_override = None
        if settings.pitch != self.settings.pitch:
            self.pitch_override = None
        with self._applying:
            self.settings = settings
            if self.out is not None:
                self.out.apply(settings)

    def ready(self) -> bool:
        """Whether opening has finished (well or not)."""
        return self._ready.is_set()

    def wait(self, timeout: float) -> bool:
        return self._ready.wait(timeout)

    def voice_settings(self, language: str) -> VoiceSettings:
        """The voice a session in ``language`` starting now speaks with."""
        return VoiceSettings(
            voice=self.voice_override or self.settings.voice,
            rate=self.rate_override or self.settings.rate,
            language=language,
            pitch=self.settings.pitch if self.pitch_override is None else self.pitch_override,
        )

    def notice(self) -> str:
        """The one notice for the screen: no sound first (it silences speech too), then no
        speech; "" when both work."""
        return self.sound_notice or self.speech_notice

    def session(self) -> SessionSound:
        return SessionSound(self)

    def close(self) -> None:
        if isinstance(self.renderer, Pyttsx3Renderer):
            self.renderer.close()
