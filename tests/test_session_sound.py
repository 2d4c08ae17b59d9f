"""Sound in real sessions: prompts fire on their beats, and every degraded mode (no speech
engine, no audio device, a crashing renderer) still plays the session with captions.

These drive the real App headless on a fake clock, with the real SoundService built on fakes
(a renderer that writes tones of known length; SDL's dummy audio driver for the mixer).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pygame
import pytest

from test_speech_fakes import FakeRenderer
from unclench.app import App, AppOptions
from unclench.catalog import load_catalog
from unclench.core.timeline import BeatKind
from unclench.core.voices import VoiceSettings
from unclench.settings import Settings
from unclench.sound.mixer import AudioDeviceError, MixerOutput
from unclench.sound.service import SoundService
from unclench.sound.session_sound import SessionSound
from unclench.speech.errors import SpeechError
from unclench.ui.cautions import mark_seen


class FakeClock:
    def __init__(self) -> None:
        self.now = 500.0

    def __call__(self) -> float:
        return self.now


class CrashingRenderer:
    """Every render fails, as a worker that keeps dying would."""

    def engine_id(self) -> str:
        return "crashing-1"

    def render(self, text: str, settings: VoiceSettings, out: Path) -> None:
        raise SpeechError("the speech worker died")


def events(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def run_session(
    tmp_path: Path, system: SoundService, routine_id: str, until: float
) -> tuple[list[dict[str, object]], App]:
    """Play ``routine_id`` on a fake clock in 50 ms frames up to ``until`` session seconds."""
    assert system.wait(10), "the sound system did not open"
    catalog = load_catalog(include_user=False)
    log = tmp_path / "events.jsonl"
    clock = FakeClock()
    routine = catalog.find(routine_id)
    options = AppOptions(  # cautions read before, and --yes: the session starts at once
        catalog=catalog,
        settings=mark_seen(Settings(), routine),
        play=routine,
        events=log,
        yes=True,
    )
    app = App(options, clock=clock, sound=system)
    app.open()
    try:
        # Preparation waits for real background work (the prefetch thread), so give it
        # real time while the fake clock stands still; it may take at most 1.2 s of clock.
        deadline = time.monotonic() + 10
        scene = app.scene
        while getattr(scene, "session", None) is None and time.monotonic() < deadline:
            app.tick(wait=False)
            time.sleep(0.01)
        end = clock.now + until
        while clock.now < end:
            clock.now += 0.05
            app.tick(wait=False)
            time.sleep(0.001)  # let the prefetch thread decode the next clips
    finally:
        app.close()
    return events(log), app


@pytest.fixture
def choice() -> Settings:
    return Settings()


@pytest.fixture(autouse=True)
def _quit_pygame() -> Iterator[None]:
    yield
    pygame.quit()


def test_prompts_start_on_their_beats_with_a_renderer_of_known_clip_lengths(
    tmp_path: Path, choice: Settings
) -> None:
    system = SoundService(
        choice, tmp_path / "cache", make_renderer=lambda: FakeRenderer(), check_speech=lambda: ""
    )
    log, _ = run_session(tmp_path, system, "relaxing-breath", until=45)
    spoken = [e for e in log if e["event"] in ("speak", "speak_missed")]
    assert spoken, "no prompt was due in the first 45 s"
    assert all(e["event"] == "speak" for e in spoken), spoken
    for e in spoken:
        # Frames are 50 ms apart on the fake clock: each prompt starts in the frame its
        # beat falls in, and playback starts at the moment the beat was noticed.
        assert 0 <= float(e["t"]) - float(e["due"]) < 0.05 + 1e-9
        assert e["onset"] == e["t"]
    start = next(e for e in log if e["event"] == "session_start")
    assert float(start["prepared"]) <= 1.2
    assert isinstance(system.out, MixerOutput)


def test_first_prompts_are_decoded_before_the_session_starts(
    tmp_path: Path, choice: Settings
) -> None:
    system = SoundService(
        choice, tmp_path / "cache", make_renderer=lambda: FakeRenderer(), check_speech=lambda: ""
    )
    log, _ = run_session(tmp_path, system, "box-breathing", until=1)
    first = next(e for e in log if e["event"] in ("speak", "speak_missed"))
    assert first["event"] == "speak"
    assert first["due"] == 0.0


def test_without_a_speech_engine_the_session_runs_with_captions_and_says_what_to_install(
    tmp_path: Path, choice: Settings
) -> None:
    notice = "No speech: install espeak-ng (sudo apt install espeak-ng)."
    system = SoundService(choice, tmp_path / "cache", check_speech=lambda: notice)
    log, _ = run_session(tmp_path, system, "box-breathing", until=20)
    assert [e["event"] for e in log].count("step") >= 4
    assert {e["event"] for e in log if "text" in e and e["event"] != "step"} == {"speak_missed"}
    sound = system.session()
    assert sound.notice() == ""  # not begun yet
    catalog = load_catalog(include_user=False)
    from unclench.core.timeline import compile_timeline

    sound.begin(compile_timeline(catalog.find("box-breathing")))
    assert sound.prepared()
    assert "espeak-ng" in sound.notice()
    chimes = [e for e in log if e["event"] == "chime"]
    assert chimes, "chimes still ring without speech"


def test_without_an_audio_device_the_session_runs_silently_with_a_notice(
    tmp_path: Path, choice: Settings
) -> None:
    def no_device() -> MixerOutput:
        raise AudioDeviceError("the audio device could not be opened.")

    system = SoundService(
        choice,
        tmp_path / "cache",
        open_out=no_device,
        make_renderer=lambda: FakeRenderer(),
        check_speech=lambda: "",
    )
    log, _ = run_session(tmp_path, system, "box-breathing", until=10)
    assert [e["event"] for e in log].count("step") >= 2
    assert log[-1]["event"] != "error"
    sound = SessionSound(system)
    from unclench.core.timeline import compile_timeline

    sound.begin(compile_timeline(load_catalog(include_user=False).find("box-breathing")))
    assert sound.prepared()
    assert sound.notice().startswith("No sound")


def test_a_renderer_that_keeps_crashing_never_stops_the_session(
    tmp_path: Path, choice: Settings
) -> None:
    system = SoundService(
        choice, tmp_path / "cache", make_renderer=CrashingRenderer, check_speech=lambda: ""
    )
    log, _ = run_session(tmp_path, system, "relaxing-breath", until=40)
    kinds = [e["event"] for e in log]
    assert kinds.count("step") >= 6
    assert "speak" not in kinds
    assert "speak_missed" in kinds


def test_a_failing_mixer_open_is_turned_into_a_notice_not_an_exception(
    tmp_path: Path, choice: Settings
) -> None:
    def broken() -> MixerOutput:
        raise RuntimeError("mixer exploded")

    system = SoundService(choice, tmp_path / "cache", open_out=broken, check_speech=lambda: "")
    assert system.wait(5)
    assert system.out is None
    assert "mixer exploded" in system.notice()


def test_counts_said_aloud_are_spoken_on_their_beats(tmp_path: Path) -> None:
    system = SoundService(
        Settings(count_aloud=True),
        tmp_path / "cache",
        make_renderer=lambda: FakeRenderer(lengths={"two": 0.3, "three": 0.3}),
        check_speech=lambda: "",
    )
    assert system.wait(10)
    catalog = load_catalog(include_user=False)
    log_path = tmp_path / "events.jsonl"
    clock = FakeClock()
    routine = catalog.find("box-breathing")
    settings = mark_seen(Settings(count_aloud=True), routine)
    app = App(
        AppOptions(catalog=catalog, settings=settings, play=routine, events=log_path, yes=True),
        clock=clock,
        sound=system,
    )
    app.open()
    try:
        deadline = time.monotonic() + 10
        while getattr(app.scene, "session", None) is None and time.monotonic() < deadline:
            app.tick(wait=False)
            time.sleep(0.01)
        timeline = app.scene.timeline  # type: ignore[union-attr]
        counts = [b for b in timeline.beats if b.kind is BeatKind.COUNT]
        assert counts, "count aloud was chosen, so counted steps have count beats"
        end = clock.now + counts[3].at + 0.1
        while clock.now < end:
            clock.now += 0.02
            app.tick(wait=False)
            time.sleep(0.002)
    finally:
        app.close()
    said = [e for e in events(log_path) if e["event"] in ("speak", "speak_missed") and e["count"]]
    assert [e["text"] for e in said[:4]] == [b.text for b in counts[:4]]
    for e, beat in zip(said, counts, strict=False):
        assert float(e["due"]) == pytest.approx(beat.at, abs=1e-6)
        assert 0 <= float(e["t"]) - float(e["due"]) < 0.02 + 1e-9
