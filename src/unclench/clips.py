"""WAV clips as numpy arrays: read, write (atomically), measure and trim silence, resample,
mix to mono/stereo.

Pure numpy apart from ``read_wav``/``write_wav``, which touch one file each. Samples are
16-bit signed PCM throughout (what espeak-ng writes and what the mixer plays); arrays are
``int16`` with shape ``(frames,)`` for mono or ``(frames, channels)`` for more channels.

Trimming, measured on real espeak-ng 1.51 renders through pyttsx3 2.99 (22050 Hz mono, see
``benchmarks/speech_trim.py``): the engine pads 13–14 ms of digital silence before the first
sound (53 ms before "two") and 350–363 ms after the last at 160 words a minute (11 ms and
240 ms at pyttsx3's default 200). We keep ``LEAD_MS`` (5 ms) before the onset, so a prompt
starts crisply on its beat, and ``TAIL_MS`` (30 ms) after the last audible sample, the last
``FADE_MS`` (20 ms) of which fade to zero so a trim can never click.
"""

from __future__ import annotations

import os
import tempfile
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from unclench.core.errors import UnclenchError

Samples = npt.NDArray[np.int16]

# A sample counts as sound when |x| exceeds this (about -50 dBFS): espeak-ng's padding is
# exact zeros, and its quietest onsets ("f", "s", "h") are above ~-45 dBFS.
SILENCE_THRESHOLD = 100
LEAD_MS = 5.0
TAIL_MS = 30.0
FADE_MS = 20.0
HEADER_BYTES = 44


class ClipError(UnclenchError):
    """A WAV file could not be read or is not 16-bit PCM."""


@dataclass(frozen=True)
class Clip:
    """Decoded audio: ``samples`` (int16; 1-D mono or 2-D frames×channels) at ``rate`` Hz."""

    samples: Samples
    rate: int

    @property
    def channels(self) -> int:
        return 1 if self.samples.ndim == 1 else int(self.samples.shape[1])

    @property
    def duration(self) -> float:
        return len(self.samples) / self.rate


def read_wav(path: Path) -> Clip:
    """Read a 16-bit PCM WAV file. Raises ClipError (missing, truncated, or not 16-bit)."""
    try:
        with wave.open(str(path), "rb") as w:
            if w.getsampwidth() != 2:
                raise ClipError(f"{path}: {8 * w.getsampwidth()}-bit WAV — only 16-bit PCM")
            channels, rate = w.getnchannels(), w.getframerate()
            data = w.readframes(w.getnframes())
    except (OSError, EOFError, wave.Error) as exc:
        raise ClipError(f"{path}: cannot read WAV ({exc})") from exc
    samples = np.frombuffer(data, dtype="<i2").astype(np.int16)
    if channels > 1:
        samples = samples[: len(samples) - len(samples) % channels].reshape(-1, channels)
    return Clip(samples, rate)


def write_wav(path: Path, clip: Clip) -> None:
    """Write ``clip`` as 16-bit PCM, atomically: a temp file in the same folder, then rename,
    so a crash never leaves a half-written file at ``path``. Creates the parent folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as raw, wave.open(raw, "wb") as w:
            w.setnchannels(clip.channels)
            w.setsampwidth(2)
            w.setframerate(clip.rate)
            w.writeframes(np.ascontiguousarray(clip.samples, dtype="<i2").tobytes())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def has_audio(path: Path) -> bool:
    """True when ``path`` is a readable WAV holding at least one frame (not a bare header)."""
    try:
        if path.stat().st_size <= HEADER_BYTES:
            return False
        return len(read_wav(path).samples) > 0
    except (OSError, ClipError):
        return False


def _mono_level(samples: Samples) -> npt.NDArray[np.int32]:
    level = np.abs(samples.astype(np.int32))
    return level if level.ndim == 1 else level.max(axis=1)


def silence_ms(clip: Clip, threshold: int = SILENCE_THRESHOLD) -> tuple[float, float]:
    """Leading and trailing silence in milliseconds (all of it for a silent clip)."""
    loud = np.flatnonzero(_mono_level(clip.samples) > threshold)
    if len(loud) == 0:
        total = 1000 * clip.duration
        return total, total
    lead = int(loud[0])
    trail = len(clip.samples) - 1 - int(loud[-1])
    return 1000 * lead / clip.rate, 1000 * trail / clip.rate


def trim_silence(
    clip: Clip,
    threshold: int = SILENCE_THRESHOLD,
    lead_ms: float = LEAD_MS,
    tail_ms: float = TAIL_MS,
    fade_ms: float = FADE_MS,
) -> Clip:
    """Cut leading/trailing silence, keeping ``lead_ms`` before the first sound and
    ``tail_ms`` after the last, and fade the last ``fade_ms`` to zero. A silent clip comes back
    empty (zero frames)."""
    loud = np.flatnonzero(_mono_level(clip.samples) > threshold)
    if len(loud) == 0:
        return Clip(clip.samples[:0].copy(), clip.rate)
    start = max(0, int(loud[0]) - round(lead_ms * clip.rate / 1000))
    stop = min(len(clip.samples), int(loud[-1]) + 1 + round(tail_ms * clip.rate / 1000))
    out = clip.samples[start:stop].astype(np.float32)
    fade = min(len(out), round(fade_ms * clip.rate / 1000))
    if fade:
        ramp = np.linspace(1.0, 0.0, fade, dtype=np.float32)
        out[-fade:] *= ramp if out.ndim == 1 else ramp[:, None]
    return Clip(np.round(out).astype(np.int16), clip.rate)


def resample(clip: Clip, rate: int) -> Clip:
    """Linear-interpolation resampling (enough for speech and chimes going *up* in rate,
    22050 → 32000 Hz, which is what playback and export do)."""
    if rate == clip.rate or len(clip.samples) == 0:
        return Clip(clip.samples, rate)
    frames = round(len(clip.samples) * rate / clip.rate)
    src = np.arange(len(clip.samples), dtype=np.float64)
    dst = np.arange(frames, dtype=np.float64) * (clip.rate / rate)
    if clip.samples.ndim == 1:
        out = np.interp(dst, src, clip.samples.astype(np.float64))
    else:
        cols = [
            np.interp(dst, src, clip.samples[:, c].astype(np.float64)) for c in range(clip.channels)
        ]
        out = np.stack(cols, axis=1)
    return Clip(np.round(out).astype(np.int16), rate)


def with_channels(clip: Clip, channels: int) -> Clip:
    """Mono → ``channels`` copies, or many → mono (mean). Same clip if it already fits."""
    if clip.channels == channels:
        return clip
    mono = clip.samples if clip.samples.ndim == 1 else clip.samples.mean(axis=1).astype(np.int16)
    if channels == 1:
        return Clip(mono, clip.rate)
    return Clip(np.repeat(mono[:, None], channels, axis=1), clip.rate)
