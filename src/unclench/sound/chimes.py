"""Chimes synthesised by code: soft, bell-like tones, one distinct shape per chime name so
the phases can be told apart with eyes closed.

Pure numpy, no I/O. Each note is a few partials (mostly harmonic, one or two slightly
inharmonic for a bell colour) with exponential decay, higher partials dying faster; a
raised-cosine attack of a few ms means no click at the onset, and the last 30 ms fade to
zero so the end never clicks either. Every chime is levelled to ``CHIME_LUFS`` (−25 LUFS,
BS.1770-style, see ``loudness``): 3 dB under the voice's clips (−22 LUFS) at equal volumes,
8.1 dB under at the default volumes (voice 0.9, chimes 0.5: ``sound.levels``). Measured
before levelling, at a common peak of −10 dBFS, they ranged from −21.3 LUFS (release) to
−25.2 LUFS (bell); levelled, their peaks sit between −13.6 dBFS (release) and −9.7 dBFS
(bell).

    inhale   rising two notes (C5 → G5)          — "going up", breathe in
    exhale   falling two notes (E5 → A4)         — "coming down", breathe out
    hold     one soft mid tone (A4), short
    tense    low and warm (G3, strong harmonics)
    release  high and airy (E6, gentle shimmer), long
    stretch  an open fifth (D4 + A4) together, slow swell
    bell     a classic inharmonic bell (C5), long ring
    end      three falling notes (G5, E5, C5) and a long fade
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from unclench.clips import Clip
from unclench.core.routine import CHIMES
from unclench.loudness import normalise

PEAK = 0.32  # of full scale, before levelling
CHIME_LUFS = -25.0
ATTACK_S = 0.006
END_FADE_S = 0.03


@dataclass(frozen=True)
class _Note:
    at: float  # seconds from the chime start
    freq: float
    decay: float  # seconds for the fundamental to fall to 1/e
    partials: tuple[tuple[float, float], ...]  # (frequency ratio, relative amplitude)
    amp: float = 1.0
    attack: float = ATTACK_S
    shimmer: float = 0.0  # depth of a slow amplitude wobble (airy)


_SOFT = ((1.0, 1.0), (2.0, 0.25), (3.01, 0.08))
_WARM = ((1.0, 1.0), (2.0, 0.6), (3.0, 0.35), (4.0, 0.15))
_AIRY = ((1.0, 1.0), (2.76, 0.12), (5.4, 0.04))
_BELL = ((0.5, 0.35), (1.0, 1.0), (1.19, 0.3), (1.56, 0.25), (2.0, 0.3), (2.51, 0.15))

# name → (length in seconds, notes)
_SHAPES: dict[str, tuple[float, tuple[_Note, ...]]] = {
    "inhale": (1.3, (_Note(0.0, 523.25, 0.35, _SOFT, 0.8), _Note(0.18, 783.99, 0.45, _SOFT))),
    "exhale": (1.3, (_Note(0.0, 659.25, 0.35, _SOFT), _Note(0.18, 440.0, 0.45, _SOFT, 0.9))),
    "hold": (0.9, (_Note(0.0, 440.0, 0.28, _SOFT, attack=0.012),)),
    "tense": (1.2, (_Note(0.0, 196.0, 0.4, _WARM, attack=0.01),)),
    "release": (1.8, (_Note(0.0, 1318.5, 0.7, _AIRY, attack=0.02, shimmer=0.25),)),
    "stretch": (
        2.0,
        (
            _Note(0.0, 293.66, 0.8, _SOFT, attack=0.12),
            _Note(0.0, 440.0, 0.7, _SOFT, 0.7, attack=0.12),
        ),
    ),
    "bell": (2.6, (_Note(0.0, 523.25, 0.9, _BELL),)),
    "end": (
        4.0,
        (
            _Note(0.0, 783.99, 0.6, _SOFT),
            _Note(0.6, 659.25, 0.7, _SOFT),
            _Note(1.2, 523.25, 1.2, _SOFT),
        ),
    ),
}
assert set(_SHAPES) == set(CHIMES), "every routine chime needs a shape"


def _note(note: _Note, t: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    local = t - note.at
    on = local >= 0
    local = np.where(on, local, 0.0)
    out = np.zeros_like(t)
    for ratio, amp in note.partials:
        # higher partials decay faster, as in a struck bar or bell
        decay = note.decay / ratio**0.7
        out += amp * np.exp(-local / decay) * np.sin(2 * np.pi * note.freq * ratio * local)
    attack = np.clip(local / note.attack, 0.0, 1.0)
    out *= 0.5 - 0.5 * np.cos(np.pi * attack)
    if note.shimmer:
        out *= 1.0 - note.shimmer * (0.5 - 0.5 * np.cos(2 * np.pi * 5.0 * local))
    return np.where(on, note.amp * out, 0.0)


def synthesize(name: str, rate: int) -> npt.NDArray[np.int16]:
    """The chime ``name`` (one of ``routine.CHIMES``) as mono int16 samples at ``rate`` Hz.
    Raises ValueError for an unknown name (the loader rejects those, so it is a bug)."""
    if name not in _SHAPES:
        raise ValueError(f"unknown chime {name!r} — expected one of {', '.join(CHIMES)}")
    length, notes = _SHAPES[name]
    t = np.arange(round(length * rate), dtype=np.float64) / rate
    wave = np.zeros_like(t)
    for note in notes:
        wave += _note(note, t)
    fade = min(len(t), round(END_FADE_S * rate))
    wave[len(t) - fade :] *= np.linspace(1.0, 0.0, fade)
    wave *= PEAK / max(float(np.abs(wave).max()), 1e-9)
    samples = np.round(wave * 32767).astype(np.int16)
    return normalise(Clip(samples, rate), CHIME_LUFS).samples


def duration(name: str) -> float:
    """Length of the chime ``name`` in seconds (without synthesising it)."""
    return _SHAPES[name][0]


Synthesizer = Callable[[str, int], npt.NDArray[np.int16]]

# Changes whenever a chime's shape or the synthesis changes, so a cached chime is never stale.
_SHAPES_ID = hashlib.sha256(repr((_SHAPES, PEAK, CHIME_LUFS, END_FADE_S)).encode()).hexdigest()[:12]


def cached(folder: Path, synth: Synthesizer = synthesize) -> Synthesizer:
    """``synth`` with its results kept as .npy files in ``folder``: synthesising all the
    chimes takes ~85 ms, loading them ~2 ms, which a session start can feel. A file that is
    missing or unreadable is synthesised again; a failed write only costs the speed-up."""

    def load_or_make(name: str, rate: int) -> npt.NDArray[np.int16]:
        path = folder / f"chime-{name}-{rate}-{_SHAPES_ID}.npy"
        with contextlib.suppress(OSError, ValueError):
            loaded = np.load(path, allow_pickle=False)
            if loaded.dtype == np.int16 and loaded.ndim == 1:
                return np.asarray(loaded, dtype=np.int16)
        samples = synth(name, rate)
        with contextlib.suppress(OSError):
            folder.mkdir(parents=True, exist_ok=True)
            temp = path.with_suffix(f".{os.getpid()}.tmp")
            with temp.open("wb") as f:
                np.save(f, samples, allow_pickle=False)
            os.replace(temp, path)
        return samples

    return load_or_make
