"""Chimes: soft, click-free, and distinct per phase."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest

from unclench.core.routine import CHIMES
from unclench.sound import chimes
from unclench.sound.chimes import duration, synthesize

RATE = 32000


def centroid(x: np.ndarray) -> float:
    spectrum = np.abs(np.fft.rfft(x.astype(np.float64)))
    freqs = np.fft.rfftfreq(len(x), 1 / RATE)
    return float((spectrum * freqs).sum() / spectrum.sum())


def dominant(x: np.ndarray) -> float:
    spectrum = np.abs(np.fft.rfft(x.astype(np.float64) * np.hanning(len(x))))
    return float(np.fft.rfftfreq(len(x), 1 / RATE)[spectrum.argmax()])


@pytest.mark.parametrize("name", CHIMES)
def test_chime_is_int16_well_below_clipping_and_starts_and_ends_silently(name: str) -> None:
    x = synthesize(name, RATE)
    assert x.dtype == np.int16
    assert len(x) == round(duration(name) * RATE)
    assert 0.2 * 32767 < np.abs(x).max() <= 0.35 * 32767
    assert np.abs(x[: RATE // 1000]).max() < 0.05 * 32767  # gentle attack: no click
    assert np.abs(x[-5:]).max() < 0.01 * 32767  # faded to zero at the end


def test_every_pair_of_chimes_differs_in_length_or_brightness() -> None:
    facts = {n: (duration(n), centroid(synthesize(n, RATE))) for n in CHIMES}
    for a, b in itertools.combinations(CHIMES, 2):
        (la, ca), (lb, cb) = facts[a], facts[b]
        assert abs(la - lb) > 0.15 or abs(ca - cb) / max(ca, cb) > 0.1, (a, b)


def test_inhale_rises_and_exhale_falls() -> None:
    inhale, exhale = synthesize("inhale", RATE), synthesize("exhale", RATE)
    early, late = slice(0, int(0.15 * RATE)), slice(int(0.3 * RATE), int(0.8 * RATE))
    assert dominant(inhale[late]) > dominant(inhale[early]) * 1.3
    assert dominant(exhale[late]) < dominant(exhale[early]) / 1.3


def test_tense_is_lower_than_release() -> None:
    assert dominant(synthesize("tense", RATE)) < dominant(synthesize("release", RATE)) / 4


def test_chimes_follow_the_requested_sample_rate() -> None:
    assert len(synthesize("bell", 22050)) == round(duration("bell") * 22050)


def test_unknown_chime_names_the_valid_ones() -> None:
    with pytest.raises(ValueError, match="inhale, hold"):
        synthesize("gong", RATE)


def test_cached_chimes_are_the_synthesised_ones_and_are_made_only_once(tmp_path: Path) -> None:
    made: list[str] = []

    def counting(name: str, rate: int) -> np.ndarray:
        made.append(name)
        return chimes.synthesize(name, rate)

    first = chimes.cached(tmp_path, counting)("inhale", 16000)
    again = chimes.cached(tmp_path, counting)("inhale", 16000)
    assert made == ["inhale"]
    assert np.array_equal(first, again)
    assert np.array_equal(first, chimes.synthesize("inhale", 16000))


def test_a_damaged_cached_chime_is_made_again(tmp_path: Path) -> None:
    make = chimes.cached(tmp_path)
    make("hold", 16000)
    (stored,) = tmp_path.glob("chime-hold-16000-*.npy")
    stored.write_bytes(b"not numpy")
    assert np.array_equal(make("hold", 16000), chimes.synthesize("hold", 16000))
