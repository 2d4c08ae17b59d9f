"""The mixer output (the shell): pygame.mixer channels for voice and chimes, decoded clips,
channel gains, and the overlap policy. One session's use of it is ``session_sound``; the
app-wide service that opens it is ``service``.

Mixer settings: 32000 Hz, 16-bit, stereo, 512-frame buffer = exactly 16 ms. A buffer of a
whole number of milliseconds keeps SDL's disk driver (``benchmarks/mixer_capture.py``) in step
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

Loudness: the settings own volume and mute; ``MixerOutput.apply(settings)`` turns them into
channel gains whenever they change, by ``sound.levels.gains`` (the rule export uses too).

When the mixer cannot open (no audio device), ``MixerOutput.open`` raises ``AudioDeviceError``
with a one-line reason; the sound service then runs every session silent with that notice.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from unclench.clips import Clip, read_wav, resample, with_channels
from unclench.core.routine import CHIMES
from unclench.settings import Settings
from unclench.sound import chimes
from unclench.sound.levels import gains

FREQUENCY = 32000
BUFFER_FRAMES = 512  # 16 ms at 32000 Hz
CHANNELS = 2
VOICE_CHANNELS = (0, 1)
CHIME_CHANNELS = (2, 3)
OVERLAP_FADE_MS = 100
START_FADE_MS = 600
END_FADE_MS = 2500


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


class AudioDeviceError(Exception):
    """The audio device could not be opened; the message says why, in one line."""


class MixerOutput:
    """The mixer output: plays prompts, chimes and routine sounds on reserved channels, with
    the overlap policy and the session's fades. Build it with ``MixerOutput.open()`` (the real
    mixer) or directly with fake channels in tests. Loudness is not its own: ``apply``
    takes it from the settings (the one owner of volume and mute)."""

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
        self._voice_gain, self._chime_gain = gains(Settings())
        self._fade_next = {"voice": 0, "chime": 0}

    @classmethod
    def open(
        cls,
        frequency: int = FREQUENCY,
        buffer: int = BUFFER_FRAMES,
        channels: int = CHANNELS,
        synth: chimes.Synthesizer = chimes.synthesize,
    ) -> MixerOutput:
        """Open pygame.mixer (16-bit) and build the chimes. Raises AudioDeviceError without
        an audio device."""
        import pygame

        try:
            pygame.mixer.init(frequency=frequency, size=-16, channels=channels, buffer=buffer)
            got = pygame.mixer.get_init()
        except pygame.error as exc:
            raise AudioDeviceError(f"the audio device could not be opened ({exc}).") from exc
        if not got:
            raise AudioDeviceError("the audio device could not be opened.")
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

    def apply(self, settings: Settings) -> None:
        """Set the loudness the settings ask for, at once, on whatever is playing too
        (muted playback goes on silently, so timing is kept)."""
        self._voice_gain, self._chime_gain = gains(settings)
        for channel in self._voice.channels:
            channel.set_volume(self._voice_gain)
        for channel in self._chime.channels:
            channel.set_volume(self._chime_gain)

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
        self._voice.play(sound, self._take_fade("voice"), self._voice_gain)
        return True

    def play_chime(self, name: str) -> bool:
        """Ring the chime ``name`` (one of routine.CHIMES) now."""
        sound = self._chime_sounds.get(name)
        if sound is None:
            return False
        self._chime.play(sound, self._take_fade("chime"), self._chime_gain)
        return True

    def play_sound(self, key: str) -> bool:
        """Play a routine's own sound file (decoded earlier into the bank under ``key``) on
        the chime channels, so it never cuts a prompt."""
        sound = self.bank.get(key)
        if sound is None:
            return False
        self._chime.play(sound, 0, self._chime_gain)
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
