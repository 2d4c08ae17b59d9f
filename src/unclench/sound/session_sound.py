"""The app's sound, opened off the render loop and shared by every session.

Opening the mixer and synthesising the chimes takes ~0.1 s, so ``SoundSystem`` does it on a
background thread as the app starts; the speech worker process starts on the first render.
Each session gets a ``SessionSound`` (the ``SessionAudio`` port): until the system is open
it is silent, then it hands over to a ``Soundtrack``. A session waits a moment at its start
(``prepared``) until its first prompts are decoded, so the first words are not lost on a
cold cache; it never waits longer than ``PREPARE_LIMIT``.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Callable
from pathlib import Path

from unclench.core.speech_fit import spoken_texts
from unclench.core.timeline import Timeline
from unclench.core.voices import VoiceSettings
from unclench.settings import Settings
from unclench.sound import chimes
from unclench.sound.mixer import AudioOut, SilentAudio, Soundtrack
from unclench.speech.cache import SpeechCache
from unclench.speech.renderer import INSTALL_HINT, Pyttsx3Renderer, Renderer

PREPARE_LIMIT = 1.2
"""Seconds a session may wait at its start for its first prompts (cold cache)."""

FIRST_PROMPTS = 2
"""How many of a session's first prompts it waits for."""


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


class SoundSystem:
    """Owns the mixer output, the speech cache and its worker; opened on a thread."""

    def __init__(
        self,
        settings: Settings,
        cache_dir: Path,
        speech: bool = True,
        *,
        voice: str | None = None,
        rate: int | None = None,
        open_out: Callable[[], AudioOut | SilentAudio] | None = None,
        make_renderer: Callable[[], Renderer] | None = None,
        check_speech: Callable[[], str] | None = None,
    ) -> None:
        """``settings`` give the voice, rate, volumes and mute; ``voice`` and ``rate`` override
        them for this run (``--voice``, ``--rate``) until the user changes them in the app.
        ``open_out``, ``make_renderer`` and ``check_speech`` default to the real mixer, the
        pyttsx3 worker and a check for espeak-ng; tests pass fakes."""
        self._open_out = open_out or (
            lambda: AudioOut.open(synth=chimes.cached(cache_dir / "chimes"))
        )
        self._make_renderer = make_renderer or (
            lambda: Pyttsx3Renderer(memo=cache_dir / "speech" / "engine.json")
        )
        self._check_speech = check_speech or speech_engine_missing
        self.settings = settings
        self.voice_override = voice
        self.rate_override = rate
        self.cache_dir = cache_dir
        self.out: AudioOut | SilentAudio | None = None
        self.cache: SpeechCache | None = None
        self.renderer: Renderer | None = None
        self.speech_notice = ""
        self.voices: list[tuple[str, str]] = []
        """(id, name) of the installed voices, filled in the background once known."""
        self._want_speech = speech
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._open, name="unclench-sound", daemon=True)
        self._thread.start()

    def _open(self) -> None:
        """Open sound and speech; each failure only turns its own part off, with a notice.
        The speech worker starts (on its own thread) while the mixer opens and the chimes are
        synthesised, so a warm-cache session can start ~50 ms sooner."""
        warm_up: threading.Thread | None = None
        try:
            notice = self._check_speech() if self._want_speech else "Voice off."
            if notice:
                self.speech_notice = notice
            else:
                renderer = self._make_renderer()
                warm_up = threading.Thread(target=renderer.engine_id, daemon=True)
                warm_up.start()
                self.renderer = renderer
                self.cache = SpeechCache(self.cache_dir / "speech", renderer)
        except Exception as error:  # never let speech take the app down: captions carry it
            self.speech_notice = f"No speech: {error}"
        try:
            self.out = self._open_out()
            self.update(self.settings)
        except Exception as error:  # never let sound take the app down: run silent
            self.out = SilentAudio(f"No sound: {error}")
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
        """Apply new settings: volumes and mute at once, voice and rate from the next session
        on (its prompts are rendered, or found in the cache, with them). A voice or rate the
        user changes here replaces the one given on the command line."""
        if settings.voice != self.settings.voice:
            self.voice_override = None
        if settings.rate != self.settings.rate:
            self.rate_override = None
        self.settings = settings
        out = self.out
        if out is None:
            return
        out.set_voice_volume(settings.voice_volume)
        out.set_chime_volume(settings.chime_volume)
        if out.muted != settings.muted:
            out.toggle_mute()

    def ready(self) -> bool:
        return self._ready.is_set()

    def wait(self, timeout: float) -> bool:
        return self._ready.wait(timeout)

    def voice_settings(self, language: str) -> VoiceSettings:
        return VoiceSettings(
            voice=self.voice_override or self.settings.voice,
            rate=self.rate_override or self.settings.rate,
            language=language,
        )

    def session(self) -> SessionSound:
        return SessionSound(self)

    def close(self) -> None:
        if isinstance(self.renderer, Pyttsx3Renderer):
            self.renderer.close()


class SessionSound:
    """One session's audio: silent until the sound system is open, then a Soundtrack."""

    def __init__(self, system: SoundSystem) -> None:
        self.system = system
        self.track: Soundtrack | None = None
        self.timeline: Timeline | None = None
        self._first: list[str] = []
        self._muted_early = False

    def _live(self) -> Soundtrack | None:
        if self.track is None and self.timeline is not None and self.system.ready():
            out = self.system.out
            assert out is not None
            settings = self.system.voice_settings(self.timeline.routine.language)
            self.track = Soundtrack(out, self.system.cache, settings, self.system.speech_notice)
            self.track.begin(self.timeline)
            if self._muted_early:
                self.track.toggle_mute()
        return self.track

    # -- SessionAudio ------------------------------------------------------------------------

    def begin(self, timeline: Timeline) -> None:
        self.timeline = timeline
        self._first = spoken_texts(timeline)[:FIRST_PROMPTS]
        self._live()

    def prepared(self) -> bool:
        track = self._live()
        if track is None:
            return False
        prefetcher, out = track.prefetcher, track.out
        if prefetcher is None or not isinstance(out, AudioOut):
            return True  # no speech or no sound: nothing to wait for
        return all(text in out.bank or prefetcher.failed(text) for text in self._first)

    def speak(self, text: str, due: float, now: float) -> float | None:
        track = self._live()
        return track.speak(text, due, now) if track else None

    def chime(self, name: str) -> None:
        if track := self._live():
            track.chime(name)

    def sound(self, path: str, routine_origin: str) -> str | None:
        track = self._live()
        return track.sound(path, routine_origin) if track else "the sound is not open yet"

    def pause(self) -> None:
        if track := self._live():
            track.pause()

    def resume(self) -> None:
        if track := self._live():
            track.resume()

    def silence(self) -> None:
        if track := self._live():
            track.silence()

    def end(self, completed: bool) -> None:
        if track := self._live():
            track.end(completed)

    def toggle_mute(self) -> None:
        if track := self._live():
            track.toggle_mute()
        else:
            self._muted_early = not self._muted_early

    def change_volume(self, delta: float) -> None:
        if track := self._live():
            track.change_volume(delta)

    def status_line(self) -> str:
        track = self.track
        if track is None:
            return "Muted" if self._muted_early else ""
        return track.status_line()
