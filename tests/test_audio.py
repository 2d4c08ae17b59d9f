"""MixerOutput with fake channels: the overlap policy, gains from the settings, fades; the
clip bank; the error that says why no audio device opened; one session's sound on it."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pygame
import pytest

from test_speech_fakes import FakeRenderer
from unclench.clips import Clip
from unclench.core.routine import Duration, Kind, Phase, Routine, Step, Unit
from unclench.core.timeline import compile_timeline
from unclench.core.voices import VoiceSettings
from unclench.settings import Settings
from unclench.sound.mixer import (
    OVERLAP_FADE_MS,
    AudioDeviceError,
    ClipBank,
    MixerOutput,
    gains,
)
from unclench.sound.service import SoundService

ONE_STEP = Routine(
    "r",
    "R",
    Kind.BREATH,
    "",
    (Step(Phase.INHALE, Duration(4, Unit.SECONDS), say="Breathe in", chime="inhale"),),
)


class FakeChannel:
    def __init__(self, name: str) -> None:
        self.name = name
        self.playing: Any = None
        self.volume = 1.0
        self.log: list[tuple[str, Any]] = []

    def play(self, sound: Any, loops: int = 0, maxtime: int = 0, fade_ms: int = 0) -> None:
        self.playing = sound
        self.log.append(("play", (sound, fade_ms)))

    def fadeout(self, time: int) -> None:
        self.log.append(("fadeout", time))

    def get_busy(self) -> bool:
        return self.playing is not None

    def set_volume(self, value: float) -> None:
        self.volume = value

    def stop(self) -> None:
        self.playing = None

    def pause(self) -> None:
        self.log.append(("pause", None))

    def unpause(self) -> None:
        self.log.append(("unpause", None))


def make_out() -> tuple[MixerOutput, list[FakeChannel], list[FakeChannel]]:
    voice = [FakeChannel("v0"), FakeChannel("v1")]
    chime = [FakeChannel("c0"), FakeChannel("c1")]
    bank = ClipBank(make_sound=lambda data: ("sound", len(data)))
    out = MixerOutput(voice, chime, bank, {"inhale": "INHALE", "end": "END"})
    return out, voice, chime


def test_a_prompt_still_playing_fades_out_while_the_next_starts_on_the_other_channel() -> None:
    out, (v0, v1), _ = make_out()
    assert out.play_speech("first", "A")
    assert v0.log == [("play", ("A", 0))]
    assert out.play_speech("second", "B")
    assert v0.log[-1] == ("fadeout", OVERLAP_FADE_MS)
    assert v1.log == [("play", ("B", 0))]  # started at once, not after the fade


def test_prompts_alternate_between_the_two_voice_channels() -> None:
    out, (v0, v1), _ = make_out()
    for sound in "ABC":
        out.play_speech(sound, sound)
    assert [e[1][0] for e in v0.log if e[0] == "play"] == ["A", "C"]
    assert [e[1][0] for e in v1.log if e[0] == "play"] == ["B"]


def test_a_finished_prompt_is_not_faded_again() -> None:
    out, (v0, _v1), _ = make_out()
    out.play_speech("first", "A")
    v0.stop()  # it ended on its own
    out.play_speech("second", "B")
    assert ("fadeout", OVERLAP_FADE_MS) not in v0.log


def test_a_prompt_that_is_not_decoded_yet_is_not_played() -> None:
    out, voice, _ = make_out()
    assert out.play_speech("never loaded") is False
    assert all(c.log == [] for c in voice)


def test_a_chime_and_a_prompt_due_together_both_sound() -> None:
    out, (v0, _), (c0, _) = make_out()
    out.play_chime("inhale")
    out.play_speech("Breathe in", "A")
    assert c0.playing == "INHALE"
    assert v0.playing == "A"


def test_only_the_first_prompt_and_chime_of_a_session_fade_in() -> None:
    out, (v0, v1), (c0, _) = make_out()
    out.start_session(fade_in_ms=600)
    out.play_speech("a", "A")
    out.play_speech("b", "B")
    out.play_chime("inhale")
    assert v0.log[0] == ("play", ("A", 600))
    assert v1.log[0] == ("play", ("B", 0))
    assert c0.log[0] == ("play", ("INHALE", 600))


def test_the_end_fades_the_voice_and_rings_the_end_chime() -> None:
    out, (v0, _), (c0, _) = make_out()
    out.play_speech("a", "A")
    out.end_session(fade_ms=2500)
    assert v0.log[-1] == ("fadeout", 2500)
    assert c0.playing == "END"


def test_voice_and_chime_volumes_are_separate_and_mute_silences_both() -> None:
    out, (v0, v1), (c0, c1) = make_out()
    chosen = Settings(voice_volume=0.6, chime_volume=0.3)
    out.apply(chosen)
    assert (v0.volume, v1.volume, c0.volume, c1.volume) == (0.6, 0.6, 0.3, 0.3)
    out.apply(replace(chosen, muted=True))
    assert {v0.volume, v1.volume, c0.volume, c1.volume} == {0.0}
    out.play_speech("a", "A")
    assert v0.volume == 0.0  # a new prompt while muted stays silent
    out.apply(chosen)
    assert v0.volume == 0.6


def test_the_overall_volume_scales_voice_and_chimes_within_range() -> None:
    out, (v0, _), (c0, _) = make_out()
    out.apply(Settings(volume=0.0))
    assert (v0.volume, c0.volume) == (0.0, 0.0)
    out.apply(Settings(volume=0.5, voice_volume=0.8, chime_volume=0.4))
    assert v0.volume == pytest.approx(0.4)
    assert c0.volume == pytest.approx(0.2)
    out.play_chime("inhale")
    assert c0.volume == pytest.approx(0.2)  # a new chime starts at the same gain
    assert gains(Settings(volume=1.0, voice_volume=1.0, muted=True)) == (0.0, 0.0)


def test_clip_bank_converts_clips_to_the_mixer_rate_and_channels() -> None:
    made: list[bytes] = []
    bank = ClipBank(32000, 2, make_sound=lambda data: made.append(data) or len(made))
    bank.add_samples("hold", Clip(np.ones(22050, np.int16), 22050))
    assert "hold" in bank
    assert len(made[0]) == 32000 * 2 * 2  # one second, stereo, 16-bit


def test_clip_bank_builds_real_pygame_sounds(tmp_path: Path) -> None:
    out = MixerOutput.open()
    assert pygame.mixer.get_init() == (32000, -16, 2)
    FakeRenderer(lengths={"x": 1.0}).render("x", VoiceSettings(), tmp_path / "x.wav")
    out.load_clip("x", tmp_path / "x.wav")
    sound = out.bank.get("x")
    assert sound.get_length() == pytest.approx(1.0 + 0.011 + 0.240, abs=0.002)
    assert out.play_speech("x")
    pygame.mixer.quit()


def test_without_an_audio_device_open_says_why_and_sessions_run_silent_with_a_notice(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    pygame.mixer.quit()
    monkeypatch.setenv("SDL_AUDIODRIVER", "no-such-driver")
    with pytest.raises(AudioDeviceError, match="audio device could not be opened"):
        MixerOutput.open()
    service = SoundService(Settings(), tmp_path, check_speech=lambda: "")
    assert service.wait(10)
    assert service.out is None
    sound = service.session()
    sound.begin(compile_timeline(ONE_STEP))
    notice = sound.notice()
    assert notice.startswith("No sound:")
    assert "\n" not in notice
    assert sound.speak("Breathe in", now=1.0) is None
    sound.chime("inhale")  # nothing to ring it on, and nothing raised
    assert sound.prepared()


def test_a_session_sound_decodes_prompts_off_the_loop_and_speaks_them_when_ready(
    tmp_path: Path,
) -> None:
    out, (v0, _), _ = make_out()
    service = SoundService(
        Settings(), tmp_path, open_out=lambda: out, make_renderer=FakeRenderer, check_speech=str
    )
    assert service.wait(10)
    sound = service.session()
    sound.begin(compile_timeline(ONE_STEP))
    assert sound.prefetcher is not None
    assert sound.prefetcher.wait(timeout=10)
    assert sound.prepared()
    assert sound.speak("Breathe in", now=0.01) == 0.01
    assert v0.playing is not None
    assert sound.speak("not in this session", now=1.0) is None
    service.update(Settings(muted=True))
    assert v0.volume == 0.0  # mute is the settings', applied to what is playing
    sound.end(completed=True)
    assert sound.prefetcher is None


def test_the_sound_service_applies_the_settings_it_opens_with(tmp_path: Path) -> None:
    out, (v0, _), (c0, _) = make_out()
    service = SoundService(
        Settings(volume=0.5, voice_volume=1.0, chime_volume=0.6),
        tmp_path,
        open_out=lambda: out,
        check_speech=lambda: "No speech: none here.",
    )
    assert service.wait(10)
    assert (v0.volume, c0.volume) == (0.5, pytest.approx(0.3))
    assert service.notice() == "No speech: none here."
