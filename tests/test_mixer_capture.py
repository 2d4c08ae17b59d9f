"""The project's own mixer capture (benchmarks/mixer_capture.py) hears what pygame played."""

from __future__ import annotations

import sys
import wave
from pathlib import Path

from conftest import REPO

sys.path.insert(0, str(REPO / "benchmarks"))
from mixer_capture import run_captured, segments

PLAYER = """
import time, numpy as np, pygame
pygame.mixer.init(frequency=32000, size=-16, channels=2, buffer=512)
rate = 32000
silence = np.zeros((rate // 2, 2), dtype=np.int16)
t = np.arange(int(rate * 0.3)) / rate
tone = (np.sin(2 * np.pi * 440 * t) * 12000).astype(np.int16)
clip = np.concatenate([silence, np.stack([tone, tone], axis=1), silence])
sound = pygame.sndarray.make_sound(np.ascontiguousarray(clip))
sound.play()
time.sleep(clip.shape[0] / rate + 0.3)
pygame.mixer.quit()
"""


def test_a_played_tone_is_one_segment_where_it_was_played(tmp_path: Path) -> None:
    out = tmp_path / "out.wav"
    code, found = run_captured([sys.executable, "-c", PLAYER], out)
    assert code == 0
    assert len(found) == 1
    start, end = found[0]
    # The tone starts 0.5 s into the clip; the clip starts when play() is reached, shortly
    # after the device opened (the WAV starts when the device opens).
    assert 0.45 <= start <= 1.5
    assert 0.25 <= end - start <= 0.4
    with wave.open(str(out)) as w:
        assert (w.getframerate(), w.getnchannels(), w.getsampwidth()) == (32000, 2, 2)
        assert w.getnframes() / 32000 >= end


def test_silence_has_no_segments() -> None:
    assert segments(bytes(32000 * 4)) == []
    assert segments(b"") == []
