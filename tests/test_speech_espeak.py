"""The real engine: pyttsx3 + espeak-ng in the worker process. Skips without espeak-ng
locally; with CI=true a missing espeak-ng fails instead (CI installs it)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from unclench.clips import read_wav, silence_ms
from unclench.core.voices import VoiceSettings
from unclench.speech.cache import SpeechCache
from unclench.speech.renderer import Pyttsx3Renderer, list_voices, speech_status

pytestmark = pytest.mark.speech


@pytest.fixture
def renderer() -> Iterator[Pyttsx3Renderer]:
    if shutil.which("espeak-ng") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("espeak-ng is missing on CI — install it (sudo apt install espeak-ng)")
        pytest.skip("espeak-ng not installed")
    r = Pyttsx3Renderer(timeout=20)
    yield r
    r.close()


def test_real_render_is_trimmed_to_a_crisp_onset_and_short_tail(
    renderer: Pyttsx3Renderer, tmp_path: Path
) -> None:
    raw = tmp_path / "raw.wav"
    renderer.render("Breathe in slowly through your nose.", VoiceSettings(), raw)
    raw_lead, raw_trail = silence_ms(read_wav(raw))
    assert 5 < raw_lead < 60  # espeak-ng pads ~11 ms …
    assert raw_trail > 100  # … and ~240 ms after the last sound
    stored = SpeechCache(tmp_path / "cache", renderer).get_or_render(
        "Breathe in slowly through your nose.", VoiceSettings()
    )
    clip = read_wav(stored)
    lead, trail = silence_ms(clip)
    assert lead <= 5.5
    assert trail <= 30.5
    assert clip.duration < read_wav(raw).duration - 0.1


def test_each_render_writes_its_own_prompt(renderer: Pyttsx3Renderer, tmp_path: Path) -> None:
    short, long = tmp_path / "short.wav", tmp_path / "long.wav"
    renderer.render("Hold.", VoiceSettings(), short)
    renderer.render("Let your shoulders drop, and breathe out slowly.", VoiceSettings(), long)
    assert read_wav(long).duration > read_wav(short).duration + 1.0


def test_engine_id_names_espeak_ng_and_its_version(renderer: Pyttsx3Renderer) -> None:
    ident = renderer.engine_id()
    assert "espeak-ng-" in ident
    assert ident.rsplit("-", 1)[1][0].isdigit()


def test_doctor_facts_and_voices_come_from_the_worker(renderer: Pyttsx3Renderer) -> None:
    status = speech_status(renderer)
    assert status.found
    assert status.voices > 0
    voices = list_voices(renderer)
    assert len(voices) == status.voices
    assert any(v.languages and v.languages[0].startswith("en") for v in voices)
