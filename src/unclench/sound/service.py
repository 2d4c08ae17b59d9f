"""The app's sound service: opens the audio device and the speech renderer once, off the
render loop, applies the user's sound settings, and gives each session its sound.

Opening the mixer and synthesising the chimes takes ~0.1 s, so ``SoundService`` does it on
a background thread as the app starts; the speech worker process starts on the first
render. Each failure only turns its own part off, with a one-line notice for the screen.

``warm(routine)``, called by the menu as the user moves to a routine, renders that routine's
prompts in the background while they read its description, so a session with a slow voice
(Piper: ~1 s to load, ~4× faster than real time) starts from a warm cache.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Callable
from pathlib import Path

from unclench.core.routine import Routine
from unclench.core.speech_fit import spoken_texts
from unclench.core.timeline import compile_timeline
from unclench.core.voices import VoiceSettings
from unclench.settings import Settings
from unclench.sound import chimes
from unclench.sound.mixer import MixerOutput
from unclench.sound.session_sound import SessionSound
from unclench.speech.cache import SpeechCache
from unclench.speech.engines import VoiceRouter, speech_renderer
from unclench.speech.piper_voices import is_piper
from unclench.speech.prefetch import Prefetcher
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
        speech workers (pyttsx3, and Piper for ``piper:`` voices) and a check for espeak-ng;
        tests pass fakes. ``open_out`` may raise (``AudioDeviceError`` or anything else):
        sessions then run silent with a notice."""
        self._open_out = open_out or (
            lambda: MixerOutput.open(synth=chimes.cached(cache_dir / "chimes"))
        )
        self._make_renderer = make_renderer or (
            lambda: speech_renderer(memo=cache_dir / "speech" / "engine.json")
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
        self._warming: Prefetcher | None = None
        self._warm_wanted: Routine | None = None
        self._warm_signal = threading.Event()
        self._warm_lock = threading.Lock()
        self._warm_thread: threading.Thread | None = None
        self._applying = threading.Lock()  # the loop's update() and the opening thread
        self._say_wanted: tuple[str, str] | None = None
        self._say_signal = threading.Event()
        self._say_thread: threading.Thread | None = None
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
        if isinstance(self.renderer, (Pyttsx3Renderer, VoiceRouter)):
            try:
                found = self.renderer.voices()
            except Exception:  # the panel then offers "automatic" only
                found = []
            self.voices = sorted(
                ((v.id, v.name) for v in found),
                key=lambda pair: (  # Piper's natural voices first, then English ones
                    not is_piper(pair[0]),
                    not pair[1].lower().startswith("english"),
                    pair[1].lower(),
                ),
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
        speech, then a chosen voice that could not be loaded; "" when all work."""
        fallback = self.renderer.notice() if isinstance(self.renderer, VoiceRouter) else ""
        return self.sound_notice or self.speech_notice or fallback

    def session(self) -> SessionSound:
        """A new session's sound; warming stops (after the render in progress), so the
        session's own prefetcher has the speech worker to itself."""
        self._stop_warming()
        return SessionSound(self)

    def warm(self, routine: Routine) -> None:
        """Render ``routine``'s prompts in the background (the menu calls this when the user
        moves to it). Cheap: it only hands the routine to one warming thread, which stops
        the previous routine's renders after the one in progress. Never raises."""
        with self._warm_lock:
            self._warm_wanted = routine
            if self._warm_thread is None:
                self._warm_thread = threading.Thread(
                    target=self._warm_loop, name="unclench-warm", daemon=True
                )
                self._warm_thread.start()
        self._warm_signal.set()

    def say(self, text: str, language: str = "en") -> None:
        """Speak ``text`` soon on the voice channel (the self-voicing menu): rendered through
        the speech cache on a background thread, then played. The newest request wins: one
        made while another renders replaces it, so moving fast speaks only where you stop.
        Returns at once; never raises; silent when muted or without speech."""
        with self._warm_lock:
            self._say_wanted = (text, language)
            if self._say_thread is None:
                self._say_thread = threading.Thread(
                    target=self._say_loop, name="unclench-say", daemon=True
                )
                self._say_thread.start()
        self._say_signal.set()

    def _say_loop(self) -> None:
        while True:
            self._say_signal.wait()
            self._say_signal.clear()
            self._ready.wait()
            with self._warm_lock:
                wanted, self._say_wanted = self._say_wanted, None
            if wanted is None or self.cache is None or self.out is None:
                continue
            text, language = wanted
            try:
                path = self.cache.get_or_render(text, self.voice_settings(language))
            except Exception:  # no speech for this text: the screen still shows it
                continue
            with self._warm_lock:
                if self._say_wanted is not None or self.settings.muted:
                    continue  # a newer request came while this one rendered
            self.out.play_speech(f"say:{path.name}", path)

    def _stop_warming(self) -> None:
        with self._warm_lock:
            self._warm_wanted = None
            warming, self._warming = self._warming, None
        if warming is not None:
            warming.close(timeout=0)

    def _warm_loop(self) -> None:
        while True:
            self._warm_signal.wait()
            self._warm_signal.clear()
            self._ready.wait()
            routine = self._warm_wanted
            if routine is None or self.cache is None or self.out is None:
                continue
            try:
                timeline = compile_timeline(routine, count_aloud=self.settings.count_aloud)
            except Exception:  # a routine that cannot be compiled is reported when played
                continue
            voice = self.voice_settings(routine.language)
            with self._warm_lock:
                if self._warm_wanted is not routine:
                    continue  # the user moved on (or a session started) meanwhile
                previous, self._warming = self._warming, None
                if previous is not None:
                    previous.close(timeout=0)
                self._warming = Prefetcher(self.cache, voice, spoken_texts(timeline))

    def close(self) -> None:
        self._stop_warming()
        if isinstance(self.renderer, (Pyttsx3Renderer, VoiceRouter)):
            self.renderer.close()
