"""The calm voice: sentences rendered apart and joined with a pause, every clip at one
loudness with headroom, pitch as a setting, one gain rule for the app and the export,
``check --speech`` at the routine's extremes, and espeak variants for ``--voice``."""

from __future__ import annotations

import io
import os
import shutil
import textwrap
from pathlib import Path

import numpy as np
import pytest

from test_cli import FAKE_VOICES_WORKER, fake_engine
from test_speech_fakes import RATE, FakeRenderer, tone
from unclench.cli import main as cli
from unclench.cli.parser import build_parser
from unclench.clips import Clip, read_wav, write_wav
from unclench.core.errors import ChoiceError
from unclench.core.routine import Duration, Kind, Phase, Routine, Step, Unit
from unclench.core.sentences import SENTENCE_PAUSE_S, split_sentences
from unclench.core.timeline import compile_timeline
from unclench.core.voices import VoiceSettings, VoiceVariant, parse_variants, split_voice
from unclench.loudness import PEAK_DBFS, TARGET_LUFS, loudness_lufs, normalise, peak_dbfs
from unclench.settings import PITCH_RANGE, RATE_PICK_RANGE, Settings, _validate
from unclench.sound import chimes, mixer
from unclench.sound.export import export_session
from unclench.sound.levels import gains
from unclench.speech.cache import SpeechCache
from unclench.ui.settings_panel import SETTING_ROWS


def sine(freq: float, amplitude: float, seconds: float = 3.0, rate: int = 48000) -> Clip:
    t = np.arange(round(seconds * rate)) / rate
    return Clip(np.round(amplitude * 32767 * np.sin(2 * np.pi * freq * t)).astype(np.int16), rate)


# -- loudness ---------------------------------------------------------------------------------


def test_a_1_khz_sine_measures_as_bs1770_says() -> None:
    # BS.1770: a 997 Hz sine at -20 dBFS peak in one channel reads -23.0 LUFS
    assert loudness_lufs(sine(997, 0.1)) == pytest.approx(-23.0, abs=0.1)
    assert loudness_lufs(sine(997, 0.1, rate=22050)) == pytest.approx(-23.0, abs=0.1)


def test_k_weighting_counts_low_frequencies_less() -> None:
    assert loudness_lufs(sine(60, 0.1)) < loudness_lufs(sine(997, 0.1)) - 0.5
    assert loudness_lufs(sine(4000, 0.1)) > loudness_lufs(sine(997, 0.1)) + 2


def test_normalise_reaches_the_target_and_keeps_the_peak_ceiling() -> None:
    loud = normalise(sine(440, 0.99))
    assert loudness_lufs(loud) == pytest.approx(TARGET_LUFS, abs=0.1)
    quiet = normalise(sine(440, 0.001))
    assert loudness_lufs(quiet) == pytest.approx(TARGET_LUFS, abs=0.1)
    # a spike over silence: the ceiling wins over the target
    spiky = np.zeros(48000, np.int16)
    spiky[::4800] = 3000
    limited = normalise(Clip(spiky, 48000))
    assert peak_dbfs(limited) <= PEAK_DBFS
    assert peak_dbfs(limited) > PEAK_DBFS - 0.1


def test_a_silent_clip_is_left_as_it_is() -> None:
    silent = Clip(np.zeros(1000, np.int16), 22050)
    assert normalise(silent) is silent


# -- sentences and the cache ------------------------------------------------------------------


def test_prompts_split_at_sentence_ends_but_not_inside_one() -> None:
    assert split_sentences("Breathe in. Hold it!  And out?") == (
        "Breathe in.",
        "Hold it!",
        "And out?",
    )
    assert split_sentences("Rest 3.5 s, e.g. like this.") == ("Rest 3.5 s, e.g. like this.",)
    assert split_sentences('He said "Relax." Then rest.') == ('He said "Relax."', "Then rest.")
    assert split_sentences("Soften your jaw; Let it go.") == ("Soften your jaw;", "Let it go.")
    assert split_sentences("  ") == ()


class LevelledRenderer(FakeRenderer):
    """A tone per sentence whose loudness depends on the text: some quiet, some hot."""

    def render(self, text: str, settings: VoiceSettings, out: Path) -> None:
        self.calls.append((text, settings))
        amplitude = 0.02 + 0.97 * (sum(map(ord, text)) % 10) / 9
        freq = 180 + 40 * (len(text) % 7)
        pad = np.zeros(round(0.011 * RATE), np.int16)
        write_wav(out, Clip(np.concatenate([pad, tone(0.6, amplitude, freq), pad]), RATE))


def test_a_prompt_is_rendered_a_sentence_at_a_time_with_a_pause_between(tmp_path: Path) -> None:
    renderer = FakeRenderer(lengths={"Breathe in.": 0.8, "Hold it.": 0.5})
    clip = read_wav(
        SpeechCache(tmp_path, renderer).get_or_render("Breathe in. Hold it.", VoiceSettings())
    )
    assert [text for text, _ in renderer.calls] == ["Breathe in.", "Hold it."]
    silent = np.flatnonzero(clip.samples == 0)
    runs = np.split(silent, np.flatnonzero(np.diff(silent) != 1) + 1)
    longest = max(len(run) for run in runs) / clip.rate
    # the pause, plus the tail and lead the trim keeps around it (the fade ends at zero)
    assert SENTENCE_PAUSE_S <= longest <= SENTENCE_PAUSE_S + 0.05
    assert clip.duration == pytest.approx(0.8 + 0.5 + SENTENCE_PAUSE_S + 2 * 0.035, abs=0.01)


def test_every_stored_clip_is_at_the_target_loudness_with_headroom(tmp_path: Path) -> None:
    cache = SpeechCache(tmp_path, LevelledRenderer())
    texts = ["Hold.", "Breathe in slowly.", "Let go. Rest now.", "Squeeze.", "Soften it all."]
    levels = []
    for text in texts:
        clip = read_wav(cache.get_or_render(text, VoiceSettings()))
        levels.append(loudness_lufs(clip))
        assert peak_dbfs(clip) <= PEAK_DBFS
    assert all(abs(level - TARGET_LUFS) <= 1.0 for level in levels), levels


def test_pitch_reaches_the_renderer_and_is_part_of_the_cache_key(tmp_path: Path) -> None:
    renderer = FakeRenderer()
    cache = SpeechCache(tmp_path, renderer)
    low, high = VoiceSettings(pitch=20), VoiceSettings(pitch=60)
    assert cache.path_for("Rest.", low) != cache.path_for("Rest.", high)
    cache.get_or_render("Rest.", low)
    cache.get_or_render("Rest.", high)
    assert [s.pitch for _, s in renderer.calls] == [20, 60]


# -- pitch as a setting -----------------------------------------------------------------------


def test_pitch_setting_is_validated_and_clamped() -> None:
    assert _validate({"pitch": 35})[0].pitch == 35
    assert _validate({"pitch": 500})[0].pitch == PITCH_RANGE[1]
    assert _validate({"pitch": -3})[0].pitch == PITCH_RANGE[0]
    for bad in ("low", 35.5, True, None):
        settings, invalid = _validate({"pitch": bad})
        assert invalid == ["pitch"]
        assert settings.pitch == Settings().pitch


def test_the_sound_panel_steps_the_pitch_within_its_range() -> None:
    (row,) = [r for r in SETTING_ROWS if r.title == "Speech pitch"]
    assert row.step(Settings(pitch=30), [], 1).pitch == 35
    assert row.step(Settings(pitch=30), [], -1).pitch == 25
    assert row.step(Settings(pitch=PITCH_RANGE[1]), [], 1).pitch == PITCH_RANGE[1]
    assert row.label(Settings(pitch=30), []) == "30 of 100"
    (rate,) = [r for r in SETTING_ROWS if r.title == "Speech rate"]
    assert rate.step(Settings(rate=RATE_PICK_RANGE[0]), [], -1).rate == RATE_PICK_RANGE[0]


def test_pitch_on_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert build_parser().parse_args(["play", "box-breathing", "--pitch", "40"]).pitch == 40
    with pytest.raises(SystemExit):
        build_parser().parse_args(["play", "box-breathing", "--pitch", "101"])
    assert "must be from 0 to 100" in capsys.readouterr().err


def test_export_speaks_with_the_pitch_given_on_the_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, unclench_home: Path
) -> None:
    seen: list[VoiceSettings] = []

    def fake_export(
        timeline: object,
        out: object,
        renderer: object,
        settings: VoiceSettings,
        *a: object,
        **k: object,
    ) -> int:
        seen.append(settings)
        return 0

    monkeypatch.setattr(cli, "cmd_export", fake_export)
    monkeypatch.setattr(cli, "check_voice", lambda renderer, voice: None)
    assert cli.main(["export", "box-breathing", str(tmp_path / "x.wav"), "--pitch", "42"]) == 0
    assert [s.pitch for s in seen] == [42]


# -- one gain rule ----------------------------------------------------------------------------


def test_the_mixer_and_the_export_use_one_gain_rule() -> None:
    assert mixer.gains is gains
    settings = Settings(volume=0.8, voice_volume=0.7, chime_volume=0.3)
    assert gains(settings) == pytest.approx((0.56, 0.24))


@pytest.mark.parametrize(
    "settings",
    [Settings(), Settings(volume=0.6, voice_volume=0.4, chime_volume=0.9)],
)
def test_the_export_mixes_chimes_at_the_gain_the_app_plays_them(
    tmp_path: Path, settings: Settings
) -> None:
    # long enough that the end chime (which finishes with the file) is not in the first second
    steps = (Step(Phase.INHALE, Duration(12, Unit.SECONDS), chime="inhale"),)
    timeline = compile_timeline(Routine("c", "C", Kind.BREATH, "", steps))
    cache = SpeechCache(tmp_path, FakeRenderer())
    out = export_session(timeline, tmp_path / "c.wav", cache, VoiceSettings(), levels=settings)
    mixed = read_wav(out).samples[: round(1.0 * 22050)].astype(np.float64)
    alone = chimes.synthesize("inhale", 22050)[: len(mixed)].astype(np.float64)
    ratio = float(np.dot(mixed, alone) / np.dot(alone, alone))
    assert ratio == pytest.approx(gains(settings)[1], abs=0.002)


def test_the_export_mixes_speech_at_the_voice_gain(tmp_path: Path) -> None:
    steps = (Step(Phase.INSTRUCTION, Duration(3, Unit.SECONDS), say="Sit."),)
    timeline = compile_timeline(Routine("s", "S", Kind.BREATH, "", steps, chimes=False))
    cache = SpeechCache(tmp_path, FakeRenderer())
    settings = Settings(volume=0.5, voice_volume=0.6)
    out = export_session(timeline, tmp_path / "s.wav", cache, VoiceSettings(), levels=settings)
    stored = read_wav(cache.get_or_render("Sit.", VoiceSettings())).samples.astype(np.float64)
    mixed = read_wav(out).samples[: len(stored)].astype(np.float64)
    assert float(np.dot(mixed, stored) / np.dot(stored, stored)) == pytest.approx(0.3, abs=0.002)


def test_chimes_sit_at_their_documented_level_under_the_voice() -> None:
    for name in ("inhale", "exhale", "hold", "bell", "end"):
        clip = Clip(chimes.synthesize(name, 22050), 22050)
        assert loudness_lufs(clip) == pytest.approx(chimes.CHIME_LUFS, abs=0.2), name
        assert peak_dbfs(clip) <= PEAK_DBFS
    assert chimes.CHIME_LUFS < TARGET_LUFS


# -- check --speech at the extremes -----------------------------------------------------------

FAST = textwrap.dedent(
    """\
    id: fast
    title: Fast
    kind: breath
    summary: Fits at the default tempo only.
    tempo: 1.0
    tempo_range: [0.5, 2.0]
    steps:
      - inhale: Breathe in.
        counts: 2
      - exhale: Out.
        counts: 4
    """
)


def run_check(tmp_path: Path, lengths: dict[str, float]) -> str:
    path = tmp_path / "fast.yaml"
    path.write_text(FAST, encoding="utf-8")
    err = io.StringIO()
    check = cli.SpeechCheck(FakeRenderer(lengths=lengths), tmp_path / "cache", None, 110)
    cli.cmd_check([path], io.StringIO(), err, check)
    return err.getvalue()


def test_check_speech_warns_for_a_prompt_that_overruns_only_at_the_fastest_tempo(
    tmp_path: Path,
) -> None:
    err = run_check(tmp_path, {"Breathe in.": 1.5})  # 2 s at tempo 1, 1 s at tempo 0.5
    assert err.count("warning:") == 1
    assert "takes 1.5 s, the inhale lasts 1.0 s (the fastest tempo 0.5, rate 110)" in err


class SlowerAtLowRates(FakeRenderer):
    def render(self, text: str, settings: VoiceSettings, out: Path) -> None:
        self.lengths = {"Breathe in.": 0.9 if settings.rate >= 110 else 1.2}
        super().render(text, settings, out)


def test_check_speech_warns_for_a_prompt_that_overruns_only_at_the_slowest_rate(
    tmp_path: Path,
) -> None:
    path = tmp_path / "fast.yaml"
    path.write_text(FAST, encoding="utf-8")
    err = io.StringIO()
    check = cli.SpeechCheck(SlowerAtLowRates(), tmp_path / "cache", None, 110)
    cli.cmd_check([path], io.StringIO(), err, check)
    assert err.getvalue().count("warning:") == 1
    slowest = RATE_PICK_RANGE[0]
    assert f"(the fastest tempo 0.5, the slowest rate {slowest})" in err.getvalue()


def test_check_speech_is_quiet_when_the_prompt_fits_at_every_extreme(tmp_path: Path) -> None:
    assert run_check(tmp_path, {"Breathe in.": 0.9}) == ""


# -- voices and variants ----------------------------------------------------------------------

LISTING = """\
Pty Language       Age/Gender VoiceName          File                 Other Languages
 5  variant         --/M      Adam               !v/adam
 5  variant         --/F      female3            !v/f3
 5  variant         --/M      male7              !v/m7
 5  variant         --/M      Mr serious         !v/Mr serious
"""
VARIANTS = parse_variants(LISTING)


def test_variants_are_read_from_espeaks_listing() -> None:
    assert [
        VoiceVariant("adam", "Adam"),
        VoiceVariant("f3", "female3"),
        VoiceVariant("m7", "male7"),
    ] == VARIANTS
    assert split_voice("gmw/en-US+f3") == ("gmw/en-US", "f3")
    assert split_voice("gmw/en") == ("gmw/en", None)


def test_voice_with_a_variant_is_accepted_and_a_wrong_variant_gets_did_you_mean(
    tmp_path: Path,
) -> None:
    renderer = fake_engine(tmp_path, FAKE_VOICES_WORKER)
    try:
        cli.check_voice(renderer, "gmw/en-US+f3", VARIANTS)
        with pytest.raises(ChoiceError) as raised:
            cli.check_voice(renderer, "gmw/en-US+m77", VARIANTS)
        assert "'m77' is not an installed variant — did you mean 'm7'?" in str(raised.value)
        with pytest.raises(ChoiceError) as raised:
            cli.check_voice(renderer, "gmw/eng+f3", VARIANTS)
        assert "is not an installed voice" in str(raised.value)
    finally:
        renderer.close()


def test_voices_lists_the_variants_too(tmp_path: Path) -> None:
    renderer = fake_engine(tmp_path, FAKE_VOICES_WORKER)
    out = io.StringIO()
    try:
        cli.cmd_voices(renderer, None, out, VARIANTS)
    finally:
        renderer.close()
    text = out.getvalue()
    assert "--voice ID+VARIANT (e.g. gmw/en+adam)" in text
    assert "f3 (female3)" in text and "m7 (male7)" in text


# -- the real engine --------------------------------------------------------------------------


@pytest.fixture
def espeak() -> None:
    if shutil.which("espeak-ng") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("espeak-ng is missing on CI — install it (sudo apt install espeak-ng)")
        pytest.skip("espeak-ng not installed")


@pytest.mark.speech
@pytest.mark.usefixtures("espeak")
def test_real_clips_are_levelled_paused_and_follow_the_pitch(tmp_path: Path) -> None:
    from unclench.speech.espeak_variants import list_variants
    from unclench.speech.renderer import Pyttsx3Renderer

    assert "m7" in {v.id for v in list_variants()}
    renderer = Pyttsx3Renderer()
    try:
        cache = SpeechCache(tmp_path, renderer)
        text = "Breathe in slowly. Now let it go."
        low = read_wav(cache.get_or_render(text, VoiceSettings(pitch=20)))
        high = read_wav(cache.get_or_render(text, VoiceSettings(pitch=80)))
        hot = read_wav(cache.get_or_render("Hold.", VoiceSettings(volume=1.0)))
    finally:
        renderer.close()
    for clip in (low, high, hot):
        assert abs(loudness_lufs(clip) - TARGET_LUFS) <= 1.0
        assert peak_dbfs(clip) <= PEAK_DBFS
    zero = np.concatenate(([0], (low.samples == 0).astype(np.int8), [0]))
    edges = np.flatnonzero(np.diff(zero))
    assert max(np.diff(edges)[::2]) / low.rate >= SENTENCE_PAUSE_S
    assert not np.array_equal(low.samples[: len(high.samples)], high.samples[: len(low.samples)])
