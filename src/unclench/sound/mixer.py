"""Sound output (the shell): pygame.mixer channels for voice and chimes, decoded clips,
volumes, and the overlap policy.

Mixer settings: 32000 Hz, 16-bit, stereo, 512-frame buffer = exactly 16 ms. A buffer of a
whole number of milliseconds keeps SDL's disk driver (``/work/shared/tools/listen``) in step
with wall time, so what the capture shows is what a speaker would have played; latency from
"beat due" to sound is one to two buffers (16–32 ms).

Channels: ``VOICE_CHANNELS`` (two, alternating) and ``CHIME_CHANNELS`` (two, alternating) are
reserved, so pygame never steals them for anything else.

Overlap policy: a new prompt (or count) always starts *at once*, on time, on the voice
channel that did not start last; whatever is still playing on the other voice channel fades
out over ``OVERLAP_FADE_MS`` (100 ms) — short enough not to talk over the new prompt, long
enough not to click. Chimes follow the same policy on their own pair of channels, so a voice
prompt and a chime due together both sound.

Decoding: ``load_clip`` reads and converts a WAV (disk I/O, resampling) — call it from the
prefetch thread (``speech.Prefetcher``'s ``on_ready``), never from the render loop; the loop
only calls ``play_speech(key)``, which looks the decoded Sound up in memory.

When the mixer cannot open (no audio device), ``AudioOut.open`` returns a ``SilentAudio`` that
does nothing and carries a one-line ``notice`` saying why, for the UI to show.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from unclench.clips import Clip, ClipError, read_wav, resample, with_channels
from unclench.core.routine import CHIMES
from unclench.core.speech_fit import spoken_texts
from unclench.core.timeline import BeatKind, Timeline
from unclench.core.voices import VoiceSettings
from unclench.media import MediaError, resolve_media
from unclench.sound import chimes
from unclench.speech.cache import SpeechCache
from unclench.speech.prefetch import Prefetcher

FREQUENCY = 32000
BUFFER_FRAMES = 512  # 16 ms at 32000 Hz
CHANNELS = 2
VOICE_CHANNELS = (0, 1)
CHIME_CHANNELS = (2, 3)
OVERLAP_FADE_MS = 100
START_FADE_MS = 600
END_FADE_MS = 2500
VOLUME_STEP = 0.1


class ChannelLike(Protocol):
    """The part of ``pygame.mixer.Channel`` we use (tests pass a fake)."""

    def play(self, sound: Any, loops: int = 0, maxtime: int = 0, fade_ms: int = 0) -> None: ...
    def fadeout(self, time: int) -> None: ...
    def get_busy(self) -> bool: ...
    def set_volume(self, value: float) -> None: ...
    def stop(self) -> None: ...
    def pause(self) -> None: ...
    def unpause(self) -> None: ...


def _pygame_sound(data: bytes) -> Any:
    import pygame

    return pygame.mixer.Sound(buffer=data)


class ClipBank:
    """Decoded clips in memory, by key (the prompt text). Thread-safe: the prefetch thread
    loads, the render loop reads. ``make_sound`` turns int16 interleaved bytes in the mixer's
    format into a playable object (default: ``pygame.mixer.Sound(buffer=…)``)."""

    def __init__(
        self,
        frequency: int = FREQUENCY,
        channels: int = CHANNELS,
        make_sound: Callable[[bytes], Any] = _pygame_sound,
    ) -> None:
        self.frequency = frequency
        self.channels = channels
        self._make = make_sound
        self._sounds: dict[str, Any] = {}
        self._lock = threading.Lock()

    def add_samples(self, key: str, clip: Clip) -> Any:
        """Convert ``clip`` to the mixer's rate and channels and store it under ``key``."""
        fitted = with_channels(resample(clip, self.frequency), self.channels)
        sound = self._make(np.ascontiguousarray(fitted.samples, dtype="<i2").tobytes())
        with self._lock:
            self._sounds[key] = sound
        return sound

    def load(self, key: str, path: Path) -> Any:
        """Read the WAV at ``path`` (slow: call it off the render loop). Raises ClipError."""
        return self.add_samples(key, read_wav(path))

    def get(self, key: str) -> Any | None:
        with self._lock:
            return self._sounds.get(key)

    def __contains__(self, key: str) -> bool:
        with self._lock:
            return key in self._sounds

    def clear(self) -> None:
        with self._lock:
            self._sounds.clear()


class _Pair:
    """Two channels used alternately, with the overlap policy."""

    def __init__(self, channels: Sequence[ChannelLike]) -> None:
        self.channels = tuple(channels)
        self.last = len(self.channels) - 1

    def play(self, sound: Any, fade_in_ms: int, volume: float) -> None:
        nxt = (self.last + 1) % len(self.channels)
        for i, channel in enumerate(self.channels):
            if i != nxt and channel.get_busy():
                channel.fadeout(OVERLAP_FADE_MS)
        channel = self.channels[nxt]
        channel.play(sound, fade_ms=fade_in_ms)
        channel.set_volume(volume)
        self.last = nxt


class AudioOut:
    """Plays prompts and chimes. Build it with ``AudioOut.open()`` (real mixer) or directly
    with fake channels in tests. ``notice`` is None when sound works."""

    notice: str | None = None

    def __init__(
        self,
        voice: Sequence[ChannelLike],
        chime: Sequence[ChannelLike],
        bank: ClipBank,
        chime_sounds: Mapping[str, Any],
    ) -> None:
        self.bank = bank
        self._voice = _Pair(voice)
        self._chime = _Pair(chime)
        self._chime_sounds = dict(chime_sounds)
        self.voice_volume = 1.0
        self.chime_volume = 0.8
        self.master = 1.0
        self.muted = False
        self._fade_next = {"voice": 0, "chime": 0}

    @classmethod
    def open(
        cls,
        frequency: int = FREQUENCY,
        buffer: int = BUFFER_FRAMES,
        channels: int = CHANNELS,
        synth: chimes.Synthesizer = chimes.synthesize,
    ) -> AudioOut | SilentAudio:
        """Open pygame.mixer (16-bit) and build the chimes. Never raises: without an audio
        device it returns a SilentAudio whose ``notice`` says why."""
        import pygame

        try:
            pygame.mixer.init(frequency=frequency, size=-16, channels=channels, buffer=buffer)
            got = pygame.mixer.get_init()
        except pygame.error as exc:
            return SilentAudio(f"No sound: the audio device could not be opened ({exc}).")
        if not got:
            return SilentAudio("No sound: the audio device could not be opened.")
        freq, _size, chans = got
        pygame.mixer.set_num_channels(max(8, pygame.mixer.get_num_channels()))
        pygame.mixer.set_reserved(len(VOICE_CHANNELS) + len(CHIME_CHANNELS))
        bank = ClipBank(freq, chans)
        sounds = {
            name: bank.add_samples(f"chime:{name}", Clip(synth(name, freq), freq))
            for name in CHIMES
        }
        return cls(
            [pygame.mixer.Channel(i) for i in VOICE_CHANNELS],
            [pygame.mixer.Channel(i) for i in CHIME_CHANNELS],
            bank,
            sounds,
        )

    # -- volumes -----------------------------------------------------------------------

    def _gain(self, part: float) -> float:
        return 0.0 if self.muted else max(0.0, min(1.0, self.master * part))

    def _apply(self) -> None:
        for channel in self._voice.channels:
            channel.set_volume(self._gain(self.voice_volume))
        for channel in self._chime.channels:
            channel.set_volume(self._gain(self.chime_volume))

    def set_voice_volume(self, value: float) -> None:
        self.voice_volume = max(0.0, min(1.0, value))
        self._apply()

    def set_chime_volume(self, value: float) -> None:
        self.chime_volume = max(0.0, min(1.0, value))
        self._apply()

    def volume_up(self) -> float:
        """Raise the overall volume one step (unmutes); returns the new level 0..1."""
        self.muted = False
        self.master = round(min(1.0, self.master + VOLUME_STEP), 2)
        self._apply()
        return self.master

    def volume_down(self) -> float:
        self.master = round(max(0.0, self.master - VOLUME_STEP), 2)
        self._apply()
        return self.master

    def toggle_mute(self) -> bool:
        """Mute or unmute everything (playback continues silently, so timing is kept)."""
        self.muted = not self.muted
        self._apply()
        return self.muted

    # -- playing -----------------------------------------------------------------------

    def load_clip(self, key: str, path: Path) -> None:
        """Decode a rendered prompt into the bank. Slow disk I/O: prefetch thread only."""
        self.bank.load(key, path)

    def play_speech(self, key: str, clip: Any | Path | None = None) -> bool:
        """Speak the prompt ``key`` now (overlap policy above). ``clip`` may be a decoded Sound,
        or a Path (decoded now — slow, a fallback); by default the bank's clip is used.
        Returns False when the clip is not decoded yet (the caller may show the caption)."""
        sound = self.bank.load(key, clip) if isinstance(clip, Path) else clip
        if sound is None:
            sound = self.bank.get(key)
        if sound is None:
            return False
        self._voice.play(sound, self._take_fade("voice"), self._gain(self.voice_volume))
        return True

    def play_chime(self, name: str) -> bool:
        """Ring the chime ``name`` (one of routine.CHIMES) now."""
        sound = self._chime_sounds.get(name)
        if sound is None:
            return False
        self._chime.play(sound, self._take_fade("chime"), self._gain(self.chime_volume))
        return True

    def play_sound(self, key: str) -> bool:
        """Play a routine's own sound file (decoded earlier into the bank under ``key``) on
        the chime channels, so it never cuts a prompt."""
        sound = self.bank.get(key)
        if sound is None:
            return False
        self._chime.play(sound, 0, self._gain(self.chime_volume))
        return True

    def _take_fade(self, part: str) -> int:
        fade, self._fade_next[part] = self._fade_next[part], 0
        return fade

    def start_session(self, fade_in_ms: int = START_FADE_MS) -> None:
        """The first prompt and first chime of the session fade in over ``fade_in_ms``."""
        self._fade_next = {"voice": fade_in_ms, "chime": fade_in_ms}

    def end_session(self, fade_ms: int = END_FADE_MS) -> None:
        """A soft ending: whatever is still speaking fades out and the end chime rings."""
        for channel in self._voice.channels:
            if channel.get_busy():
                channel.fadeout(fade_ms)
        self.play_chime("end")

    def pause(self) -> None:
        for channel in (*self._voice.channels, *self._chime.channels):
            channel.pause()

    def resume(self) -> None:
        for channel in (*self._voice.channels, *self._chime.channels):
            channel.unpause()

    def stop(self, fade_ms: int = OVERLAP_FADE_MS) -> None:
        """Fade everything out quickly (skip, quit)."""
        for channel in (*self._voice.channels, *self._chime.channels):
            if channel.get_busy():
                channel.fadeout(fade_ms)


class SilentAudio:
    """Stands in for AudioOut when there is no sound device: every call does nothing.
    ``notice`` is one line for the UI ("No sound: …")."""

    def __init__(self, notice: str) -> None:
        self.notice: str | None = notice
        self.voice_volume = 1.0
        self.chime_volume = 0.8
        self.master = 1.0
        self.muted = False

    def set_voice_volume(self, value: float) -> None:
        self.voice_volume = value

    def set_chime_volume(self, value: float) -> None:
        self.chime_volume = value

    def volume_up(self) -> float:
        self.master = round(min(1.0, self.master + VOLUME_STEP), 2)
        return self.master

    def volume_down(self) -> float:
        self.master = round(max(0.0, self.master - VOLUME_STEP), 2)
        return self.master

    def toggle_mute(self) -> bool:
        self.muted = not self.muted
        return self.muted

    def load_clip(self, key: str, path: Path) -> None:
        return None

    def play_speech(self, key: str, clip: Any | Path | None = None) -> bool:
        return False

    def play_chime(self, name: str) -> bool:
        return False

    def play_sound(self, key: str) -> bool:
        return False

    def start_session(self, fade_in_ms: int = START_FADE_MS) -> None:
        return None

    def end_session(self, fade_ms: int = END_FADE_MS) -> None:
        return None

    def pause(self) -> None:
        return None

    def resume(self) -> None:
        return None

    def stop(self, fade_ms: int = OVERLAP_FADE_MS) -> None:
        return None


class Soundtrack:
    """The session scene's audio (``ui.audio_port.SessionAudio``): prompts prefetched and
    decoded off the render loop, played on time, chimes, routine sounds, volume and mute.

    ``cache`` is None when speech is unavailable (``speech_notice`` then says why, e.g.
    "No speech: install espeak-ng (sudo apt install espeak-ng)"); chimes still ring.
    ``speak`` never blocks: a prompt not decoded yet returns None and the caption carries it.
    """

    def __init__(
        self,
        out: AudioOut | SilentAudio,
        cache: SpeechCache | None,
        settings: VoiceSettings,
        speech_notice: str = "",
    ) -> None:
        self.out = out
        self.cache = cache
        self.settings = settings
        self.speech_notice = speech_notice
        self.prefetcher: Prefetcher | None = None
        self.unplayable: dict[str, str] = {}  # a routine sound → why it cannot be played
        self.sound_notice = ""

    def begin(self, timeline: Timeline) -> None:
        """Start prefetching this session's prompts (first ones first) and routine sounds;
        the first prompt and chime fade in."""
        self.close()
        if self.cache is not None:
            self.prefetcher = Prefetcher(
                self.cache, self.settings, spoken_texts(timeline), on_ready=self.out.load_clip
            )
        sounds = {b.text for b in timeline.beats if b.kind is BeatKind.SOUND}
        self.unplayable, self.sound_notice = {}, ""
        if sounds:
            threading.Thread(
                target=self._load_sounds,
                args=(sorted(sounds), timeline.routine.origin),
                daemon=True,
            ).start()
        self.out.start_session()

    def _load_sounds(self, names: list[str], routine_origin: str) -> None:
        """Find (``unclench.media``) and decode the routine's sounds; one that cannot be
        used is remembered with its reason and shown as a notice, never skipped quietly."""
        for name in names:
            try:
                self.out.load_clip(f"sound:{name}", resolve_media(name, routine_origin))
            except MediaError as error:
                self._unplayable(name, error.message)
            except ClipError as error:
                self._unplayable(name, str(error))

    def _unplayable(self, name: str, reason: str) -> None:
        self.unplayable[name] = reason
        self.sound_notice = f"Cannot play {name}: {reason}"

    def speak(self, text: str, due: float, now: float) -> float | None:
        return now if self.out.play_speech(text) else None

    def chime(self, name: str) -> None:
        self.out.play_chime(name)

    def sound(self, path: str, routine_origin: str) -> str | None:
        if self.out.play_sound(f"sound:{path}"):
            return None
        return self.unplayable.get(path) or self.out.notice or "not loaded yet"

    def pause(self) -> None:
        self.out.pause()

    def resume(self) -> None:
        self.out.resume()

    def silence(self) -> None:
        self.out.stop()

    def end(self, completed: bool) -> None:
        if completed:
            self.out.end_session()
        else:
            self.out.stop()
        self.close()

    def toggle_mute(self) -> None:
        self.out.toggle_mute()

    def change_volume(self, delta: float) -> None:
        if delta > 0:
            self.out.volume_up()
        elif delta < 0:
            self.out.volume_down()

    def status_line(self) -> str:
        if self.out.muted:
            return "Muted"
        return self.out.notice or self.sound_notice or self.speech_notice

    def close(self) -> None:
        """Stop prefetching (the render in progress finishes in the background)."""
        if self.prefetcher is not None:
            self.prefetcher.close(timeout=0)
            self.prefetcher = None
