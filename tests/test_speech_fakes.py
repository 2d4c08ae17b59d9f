"""Hand-written fakes shared by the speech, audio and export tests (and a check that the
fake renderer pads like espeak-ng does, so the trim tests mean something)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from unclench.clips import Clip, read_wav, silence_ms, write_wav
from unclench.core.voices import VoiceSettings
from unclench.speech.errors import SpeechError

RATE = 22050
LEAD_S = 0.011  # what espeak-ng pads before the first sound
TRAIL_S = 0.240  # … and after the last


def tone(seconds: float, amplitude: float = 0.5, freq: float = 220.0) -> np.ndarray:
    t = np.arange(round(seconds * RATE)) / RATE
    return np.round(amplitude * 32767 * np.sin(2 * np.pi * freq * t)).astype(np.int16)


class FakeRenderer:
    """Writes a padded tone per text: ``lengths[text]`` seconds of sound (default 0.5 s)
    between espeak-like silences. Records every call; fails for texts in ``fail``."""

    def __init__(
        self,
        engine: str = "fake-1.0",
        lengths: dict[str, float] | None = None,
        fail: set[str] | None = None,
    ) -> None:
        self.engine = engine
        self.lengths = lengths or {}
        self.fail = fail or set()
        self.calls: list[tuple[str, VoiceSettings]] = []

    def engine_id(self) -> str:
        return self.engine

    def render(self, text: str, settings: VoiceSettings, out: Path) -> None:
        self.calls.append((text, settings))
        if text in self.fail:
            raise SpeechError(f"fake failure for {text!r}")
        sound = tone(self.lengths.get(text, 0.5))
        pad = np.zeros(round(LEAD_S * RATE), np.int16), np.zeros(round(TRAIL_S * RATE), np.int16)
        write_wav(out, Clip(np.concatenate([pad[0], sound, pad[1]]), RATE))


def test_fake_renderer_pads_like_espeak_ng(tmp_path: Path) -> None:
    FakeRenderer().render("Hold", VoiceSettings(), tmp_path / "raw.wav")
    lead, trail = silence_ms(read_wav(tmp_path / "raw.wav"))
    assert lead == pytest.approx(1000 * LEAD_S, abs=1)
    assert trail == pytest.approx(1000 * TRAIL_S, abs=1)
