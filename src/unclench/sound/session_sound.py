"""The sound of one session: what the session scene talks to (``ui.audio_port.SessionAudio``).

A session may open before the sound service has (the device opens on a thread as the app
starts): until it has, the session is silent and captions carry it; from then on its
prompts are prefetched and decoded off the render loop and played on time, with chimes, the
routine's own sounds, and a fade at the start and the end. A session waits a moment at its
start (``prepared``) until its first prompts are decoded, so the first words are not lost on
a cold cache (the scene bounds the wait).

Volume and mute are not here: they are settings, which the service applies to the mixer.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Protocol

from unclench.clips import ClipError
from unclench.core.speech_fit import spoken_texts
from unclench.core.timeline import BeatKind, Timeline
from unclench.media import MediaError, resolve_media
from unclench.speech.prefetch import Prefetcher

if TYPE_CHECKING:
    from unclench.core.voices import VoiceSettings
    from unclench.sound.mixer import MixerOutput
    from unclench.speech.cache import SpeechCache


class SoundSource(Protocol):
    """What a session's sound needs of the app's sound (``sound.service.SoundService``):
    the device and speech once open, the voice for a language, and the notice."""

    out: MixerOutput | None
    cache: SpeechCache | None

    def ready(self) -> bool: ...

    def voice_settings(self, language: str) -> VoiceSettings: ...

    def notice(self) -> str: ...


FIRST_PROMPTS = 2
"""How many of a session's first prompts it waits for."""


class SessionSound:
    """One session's sound on the app's ``SoundService``; ``speak`` never blocks: a prompt
    not decoded yet returns None and the caption carries it."""

    def __init__(self, service: SoundSource) -> None:
        self.service = service
        self.timeline: Timeline | None = None
        self.prefetcher: Prefetcher | None = None
        """Renders and decodes this session's prompts in the background (None: no speech)."""
        self._first: list[str] = []
        self._live = False
        self.unplayable: dict[str, str] = {}
        """A routine sound that cannot be played → why (shown and logged, never skipped quietly)."""
        self.sound_notice = ""

    def _out(self) -> MixerOutput | None:
        """The mixer, once the service is open (the session then goes live); None while
        silent: before that, or for good without an audio device."""
        if not self._live and self.timeline is not None and self.service.ready():
            self._live = True
            self._go_live(self.timeline)
        return self.service.out if self._live else None

    def _go_live(self, timeline: Timeline) -> None:
        """Start prefetching this session's prompts (first ones first) and routine sounds;
        the first prompt and chime fade in."""
        out = self.service.out
        if out is None:
            return
        cache = self.service.cache
        if cache is not None:
            voice = self.service.voice_settings(timeline.routine.language)
            self.prefetcher = Prefetcher(
                cache, voice, spoken_texts(timeline), on_ready=out.load_clip
            )
        sounds = {b.text for b in timeline.beats if b.kind is BeatKind.SOUND}
        if sounds:
            threading.Thread(
                target=self._load_sounds,
                args=(out, sorted(sounds), timeline.routine.origin),
                daemon=True,
            ).start()
        out.start_session()

    def _load_sounds(self, out: MixerOutput, names: list[str], routine_origin: str) -> None:
        """Find (``unclench.media``, the one resolver) and decode the routine's sounds; one
        that cannot be used is remembered with its reason and shown as a notice."""
        for name in names:
            try:
                out.load_clip(f"sound:{name}", resolve_media(name, routine_origin))
            except MediaError as error:
                self._unplayable(name, error.message)
            except ClipError as error:
                self._unplayable(name, str(error))

    def _unplayable(self, name: str, reason: str) -> None:
        self.unplayable[name] = reason
        self.sound_notice = f"Cannot play {name}: {reason}"

    # -- SessionAudio ------------------------------------------------------------------------

    def begin(self, timeline: Timeline) -> None:
        self.timeline = timeline
        self._first = spoken_texts(timeline)[:FIRST_PROMPTS]
        self._out()

    def prepared(self) -> bool:
        out = self._out()
        if not self._live:
            return False
        if out is None or self.prefetcher is None:
            return True  # no sound or no speech: nothing to wait for
        failed = self.prefetcher.failed
        return all(text in out.bank or failed(text) for text in self._first)

    def speak(self, text: str, now: float) -> float | None:
        out = self._out()
        return now if out is not None and out.play_speech(text) else None

    def chime(self, name: str) -> None:
        if out := self._out():
            out.play_chime(name)

    def sound(self, path: str) -> str | None:
        out = self._out()
        if out is None:
            return self.service.notice() or "the sound is not open yet"
        if out.play_sound(f"sound:{path}"):
            return None
        return self.unplayable.get(path) or "not loaded yet"

    def pause(self) -> None:
        if out := self._out():
            out.pause()

    def resume(self) -> None:
        if out := self._out():
            out.resume()

    def silence(self) -> None:
        if out := self._out():
            out.stop()

    def end(self, completed: bool) -> None:
        if out := self._out():
            if completed:
                out.end_session()
            else:
                out.stop()
        if self.prefetcher is not None:  # the render in progress finishes in the background
            self.prefetcher.close(timeout=0)
            self.prefetcher = None

    def notice(self) -> str:
        if not self._live:
            return ""
        return self.service.notice() or self.sound_notice
