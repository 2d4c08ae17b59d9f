"""Exporting a session to one WAV, and the speech-fit check (fake renderer, known lengths)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from test_speech_fakes import FakeRenderer
from unclench.clips import read_wav
from unclench.core.routine import Duration, Kind, Phase, Repeat, Routine, Step, Unit
from unclench.core.speech_fit import speech_fit, spoken_texts
from unclench.core.timeline import compile_timeline
from unclench.core.voices import VoiceSettings
from unclench.loudness import TARGET_LUFS
from unclench.settings import Settings
from unclench.sound.export import export_session
from unclench.sound.levels import gains
from unclench.speech.cache import SpeechCache

SETTINGS = VoiceSettings()
# the RMS a clip at 1 dB under the loudness target has in the mix at the default voice gain
VOICE_FLOOR = gains(Settings())[0] * 32768 * 10 ** ((TARGET_LUFS - 1) / 20)


def routine(count_aloud: bool = False) -> Routine:
    steps = (
        Step(Phase.INSTRUCTION, Duration(3, Unit.SECONDS), say="Sit comfortably", line=5),
        Repeat(
            (
                Step(Phase.INHALE, Duration(4, Unit.COUNTS), say="Breathe in", line=9),
                Step(Phase.EXHALE, Duration(4, Unit.COUNTS), say="Breathe out", line=11),
            ),
            times=2,
            minimum=1,
            maximum=5,
            line=7,
        ),
    )
    return Routine("r", "R", Kind.BREATH, "", steps, count_aloud=count_aloud)


def rms(x: np.ndarray) -> float:
    return float(np.sqrt(np.mean(x.astype(np.float64) ** 2))) if len(x) else 0.0


def test_export_is_as_long_as_the_timeline_and_speech_sits_on_its_beats(tmp_path: Path) -> None:
    timeline = compile_timeline(routine())  # 3 + 2 × (4 + 4) = 19 s, no chimes
    lengths = {"Sit comfortably": 1.0, "Breathe in": 1.5, "Breathe out": 2.0}
    cache = SpeechCache(tmp_path / "cache", FakeRenderer(lengths=lengths))
    out = export_session(timeline, tmp_path / "s.wav", cache, SETTINGS)
    clip = read_wav(out)
    assert abs(clip.duration - timeline.total) <= 0.05
    x = clip.samples
    r = clip.rate

    def span(a: float, b: float) -> np.ndarray:
        return x[round(a * r) : round(b * r)]

    for beat in timeline.beats:
        if beat.kind == "speak":
            # stored at the loudness target, played at the default voice gain
            assert rms(span(beat.at + 0.05, beat.at + 0.9)) > VOICE_FLOOR, beat
    # silence between a prompt's end (+ trimmed tail) and the next beat
    assert rms(span(1.1, 2.95)) == 0
    assert rms(span(3 + 1.6, 7 - 0.05)) == 0
    assert rms(span(7 + 2.1, 11 - 0.05)) == 0


def test_export_places_chimes_and_ends_exactly_on_time(tmp_path: Path) -> None:
    steps = (Step(Phase.INHALE, Duration(8, Unit.SECONDS), chime="inhale"),)
    timeline = compile_timeline(Routine("c", "C", Kind.BREATH, "", steps))
    cache = SpeechCache(tmp_path, FakeRenderer())
    clip = read_wav(
        export_session(timeline, tmp_path / "c.wav", cache, SETTINGS, rate=32000, channels=2)
    )
    assert clip.rate == 32000
    assert clip.channels == 2
    assert len(clip.samples) == 8 * 32000
    assert rms(clip.samples[:16000]) > 1000  # the inhale chime (1.3 s) at 0
    assert rms(clip.samples[int(1.35 * 32000) : int(3.95 * 32000)]) == 0
    assert rms(clip.samples[int(4.05 * 32000) : int(4.5 * 32000)]) > 1000  # end chime (4 s)…
    assert abs(int(clip.samples[-1, 0])) < 50  # … finishing with the file, no click


def test_export_reports_progress_from_zero_to_one_in_order(tmp_path: Path) -> None:
    seen: list[float] = []
    cache = SpeechCache(tmp_path, FakeRenderer())
    export_session(compile_timeline(routine()), tmp_path / "p.wav", cache, SETTINGS, seen.append)
    assert seen[0] == 0.0
    assert seen[-1] == 1.0
    assert seen == sorted(seen)


def test_export_renders_each_distinct_text_once(tmp_path: Path) -> None:
    renderer = FakeRenderer()
    timeline = compile_timeline(routine(count_aloud=True))
    export_session(timeline, tmp_path / "o.wav", SpeechCache(tmp_path, renderer), SETTINGS)
    rendered = [c[0] for c in renderer.calls]
    assert rendered == spoken_texts(timeline)
    assert rendered == ["Sit comfortably", "Breathe in", "two", "three", "four", "Breathe out"]


def test_speech_fit_warns_once_per_line_when_a_prompt_outlasts_its_step() -> None:
    timeline = compile_timeline(routine(), tempo=0.5)  # inhale and exhale: 2.0 s each
    durations = {"Sit comfortably": 1.0, "Breathe in": 3.2, "Breathe out": 1.9}
    [warning] = speech_fit(timeline, durations)
    assert warning.line == 9
    assert warning.message == "'Breathe in' takes 3.2 s, the inhale lasts 2.0 s"


def test_speech_fit_measures_room_up_to_the_next_count() -> None:
    timeline = compile_timeline(routine(count_aloud=True), tempo=0.5)  # a count every 0.5 s
    durations = {"Breathe in": 0.8, "two": 0.3, "Breathe out": 0.4}
    [warning] = speech_fit(timeline, durations)
    assert warning.message == "'Breathe in' takes 0.8 s, the count 'two' comes after 0.5 s"


def test_speech_fit_is_quiet_when_everything_fits() -> None:
    timeline = compile_timeline(routine(), tempo=1.5)
    assert speech_fit(timeline, {"Breathe in": 3.2, "Breathe out": 3.2}) == []


@pytest.mark.parametrize("tempo", [0.5, 1.0])
def test_speech_fit_skips_texts_without_a_known_duration(tempo: float) -> None:
    assert speech_fit(compile_timeline(routine(), tempo=tempo), {}) == []
