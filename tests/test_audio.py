"""AudioOut with fake channels: the overlap policy, volumes, fades; the clip bank; the
silent fallback when no audio device opens."""

from __future__ import annotations

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
from unclench.sound.mixer import OVERLAP_FADE_MS, AudioOut, ClipBank, SilentAudio, Soundtrack
from unclench.speech.cache import SpeechCache


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


def make_out() -> tuple[AudioOut, list[FakeChannel], list[FakeChannel]]:
    voice = [FakeChannel("v0"), FakeChannel("v1")]
    chime = [FakeChannel("c0"), FakeChannel("c1")]
    bank = ClipBank(make_sound=lambda data: ("sound", len(data)))
    out = AudioOut(voice, chime, bank, {"inhale": "INHALE", "end": "END"})
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
    out.set_voice_volume(0.6)
    out.set_chime_volume(0.3)
    assert (v0.volume, v1.volume, c0.volume, c1.volume) == (0.6, 0.6, 0.3, 0.3)
    assert out.toggle_mute() is True
    assert {v0.volume, v1.volume, c0.volume, c1.volume} == {0.0}
    out.play_speech("a", "A")
    assert v0.volume == 0.0  # a new prompt while muted stays silent
    assert out.toggle_mute() is False
    assert v0.volume == 0.6


def test_volume_steps_down_and_up_within_range() -> None:
    out, (v0, _), _ = make_out()
    for _ in range(12):
        out.volume_down()
    assert out.master == 0.0
    assert v0.volume == 0.0
    assert out.volume_up() == pytest.approx(0.1)
    assert v0.volume == pytest.approx(0.1)


def test_clip_bank_converts_clips_to_the_mixer_rate_and_channels() -> None:
    made: list[bytes] = []
    bank = ClipBank(32000, 2, make_sound=lambda data: made.append(data) or len(made))
    bank.add_samples("hold", Clip(np.ones(22050, np.int16), 22050))
    assert "hold" in bank
    assert len(made[0]) == 32000 * 2 * 2  # one second, stereo, 16-bit


def test_clip_bank_builds_real_pygame_sounds(tmp_path: Path) -> None:
    out = AudioOut.open()
    assert isinstance(out, AudioOut)
    assert pygame.mixer.get_init() == (32000, -16, 2)
    FakeRenderer(lengths={"x": 1.0}).render("x", VoiceSettings(), tmp_path / "x.wav")
    out.load_clip("x", tmp_path / "x.wav")
    sound = out.bank.get("x")
    assert sound.get_length() == pytest.approx(1.0 + 0.011 + 0.240, abs=0.002)
    assert out.play_speech("x")
    pygame.mixer.quit()


def test_without_an_audio_device_open_returns_a_silent_stand_in_with_a_notice(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pygame.mixer.quit()
    monkeypatch.setenv("SDL_AUDIODRIVER", "no-such-driver")
    out = AudioOut.open()
    assert isinstance(out, SilentAudio)
    assert out.notice is not None
    assert out.notice.startswith("No sound:")
    assert "\n" not in out.notice
    assert out.play_speech("x") is False
    assert out.play_chime("inhale") is False


def test_soundtrack_decodes_prompts_off_the_loop_and_speaks_them_when_ready(
    tmp_path: Path,
) -> None:
    routine = Routine(
        "r",
        "R",
        Kind.BREATH,
        "",
        (Step(Phase.INHALE, Duration(4, Unit.SECONDS), say="Breathe in", chime="inhale"),),
    )
    out, (v0, _), _ = make_out()
    track = Soundtrack(out, SpeechCache(tmp_path, FakeRenderer()), VoiceSettings())
    track.begin(compile_timeline(routine))
    assert track.prefetcher is not None
    assert track.prefetcher.wait(timeout=10)
    assert track.speak("Breathe in", due=0.0, now=0.01) == 0.01
    assert v0.playing is not None
    assert track.speak("not in this session", due=1.0, now=1.0) is None
    track.toggle_mute()
    assert track.status_line() == "Muted"
    track.end(completed=True)
