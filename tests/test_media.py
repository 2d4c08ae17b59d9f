"""A routine's sound and image files: one resolver (``unclench.media``) for check, the
player and the exporter. Paths are relative to the routine file's own folder (as it was
given, so ``pack/r.yaml`` looks in ``pack/``) or ``assets/…``, and must stay inside that
folder once symbolic links are resolved."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from fakes import FakeClock, FakeHost, RecordingAudio
from test_audio import make_out
from test_speech_fakes import FakeRenderer, tone
from unclench.catalog import load_catalog, load_routine_file
from unclench.clips import Clip, read_wav, write_wav
from unclench.core.errors import RoutineError
from unclench.core.media import MediaRoot, RefusedPath, clean_media_path, media_location
from unclench.core.routine import Duration, Kind, Phase, Routine, Step, Unit
from unclench.core.timeline import compile_timeline
from unclench.core.voices import VoiceSettings
from unclench.media import MediaError, resolve_media
from unclench.settings import Settings
from unclench.sound.export import ExportError, export_session
from unclench.sound.service import SoundService
from unclench.sound.session_sound import SessionSound
from unclench.speech.cache import SpeechCache
from unclench.ui.session import SessionScene

RATE = 22050
ROUTINE = """\
id: with-sound
title: With a sound
kind: breath
summary: Rests, then a sound of its own.
chimes: false
steps:
  - rest: ~
    seconds: 2
  - rest: ~
    seconds: 8
    sound: {sound}
"""
SOUND_LINE = 9  # the line of the second step, where its sound is reported


def write_pack(folder: Path, sound: str = "ding.wav") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "r.yaml"
    path.write_text(ROUTINE.format(sound=sound), encoding="utf-8")
    return path


def write_ding(path: Path, seconds: float = 0.5) -> Path:
    write_wav(path, Clip(tone(seconds, amplitude=0.5), RATE))
    return path


def refusal(path: Path) -> str:
    """The one problem load_routine_file reports, checked to sit on the sound's step."""
    with pytest.raises(RoutineError) as caught:
        load_routine_file(path)
    (problem,) = caught.value.problems
    assert (problem.line, problem.column, problem.field) == (SOUND_LINE, 1, "steps[1].sound")
    assert problem.fix
    return str(problem)


def eventually(condition: Callable[[], bool]) -> bool:
    """Wait (up to 10 s, polling) for the sound-loading thread to get ``condition`` true."""
    deadline = time.monotonic() + 10
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.005)
    return True


# -- the rule (pure) -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "clean"),
    [("ding.wav", "ding.wav"), ("sounds/./a.wav", "sounds/a.wav"), ("a/../b.wav", "b.wav")],
)
def test_media_paths_are_normalised(raw: str, clean: str) -> None:
    assert clean_media_path(raw).as_posix() == clean


@pytest.mark.parametrize(
    ("raw", "why"),
    [
        ("/etc/passwd", "absolute or Windows path"),
        ("C:/x.wav", "absolute or Windows path"),
        ("a\\b.wav", "absolute or Windows path"),
        ("../x.wav", "leads outside the routine's folder"),
        ("a/../../x.wav", "leads outside the routine's folder"),
        (".", "names a folder"),
        ("assets", "names a folder"),
    ],
)
def test_media_paths_outside_the_rule_are_refused_with_the_reason(raw: str, why: str) -> None:
    with pytest.raises(RefusedPath, match=why):
        clean_media_path(raw)


def test_assets_paths_are_relative_to_the_assets_folder() -> None:
    assert media_location("assets/chimes/bell.wav") == (
        MediaRoot.ASSETS,
        clean_media_path("chimes/bell.wav"),
    )
    assert media_location("sounds/rain.wav")[0] is MediaRoot.ROUTINE


# -- check (the catalog) ---------------------------------------------------------------------


def test_a_routine_given_by_a_relative_path_finds_the_sound_next_to_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_ding(tmp_path / "pack" / "ding.wav")
    write_pack(tmp_path / "pack")
    monkeypatch.chdir(tmp_path)
    routine = load_catalog(include_user=False).find("pack/r.yaml")
    assert routine.origin == "pack/r.yaml"
    step = routine.steps[1]
    assert isinstance(step, Step) and step.sound == "ding.wav"
    assert resolve_media(step.sound, routine.origin) == (tmp_path / "pack" / "ding.wav").resolve()


def test_a_symlink_to_a_file_outside_the_folder_is_refused_at_its_step(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("not yours")
    (tmp_path / "pack").mkdir()
    (tmp_path / "pack" / "ding.wav").symlink_to(secret)
    message = refusal(write_pack(tmp_path / "pack"))
    assert "symbolic link" in message and str(secret) in message
    assert "copy the file into the folder" in message


def test_a_symlink_to_etc_passwd_is_refused(tmp_path: Path) -> None:
    (tmp_path / "pack").mkdir()
    (tmp_path / "pack" / "ding.wav").symlink_to("/etc/passwd")
    assert "outside" in refusal(write_pack(tmp_path / "pack"))


def test_a_linked_subfolder_leading_outside_is_refused(tmp_path: Path) -> None:
    write_ding(tmp_path / "elsewhere" / "ding.wav")
    (tmp_path / "pack").mkdir()
    (tmp_path / "pack" / "sounds").symlink_to(tmp_path / "elsewhere")
    assert "symbolic link" in refusal(write_pack(tmp_path / "pack", "sounds/ding.wav"))


def test_a_symlink_that_stays_inside_the_folder_is_accepted(tmp_path: Path) -> None:
    real = write_ding(tmp_path / "pack" / "sounds" / "bell.wav")
    (tmp_path / "pack" / "ding.wav").symlink_to(Path("sounds") / "bell.wav")
    routine = load_routine_file(write_pack(tmp_path / "pack"))
    assert resolve_media("ding.wav", routine.origin) == real.resolve()


def test_a_routine_folder_reached_through_a_symlink_is_its_folder(tmp_path: Path) -> None:
    write_ding(tmp_path / "real" / "ding.wav")
    write_pack(tmp_path / "real")
    (tmp_path / "linked").symlink_to(tmp_path / "real")
    routine = load_routine_file(tmp_path / "linked" / "r.yaml")
    assert resolve_media("ding.wav", routine.origin) == (tmp_path / "real" / "ding.wav").resolve()


def test_a_symlink_loop_is_refused_not_a_crash(tmp_path: Path) -> None:
    (tmp_path / "pack").mkdir()
    (tmp_path / "pack" / "ding.wav").symlink_to(tmp_path / "pack" / "ding.wav")
    assert "cannot be opened" in refusal(write_pack(tmp_path / "pack"))


def test_a_fifo_named_like_a_sound_is_refused_without_opening_it(tmp_path: Path) -> None:
    (tmp_path / "pack").mkdir()
    os.mkfifo(tmp_path / "pack" / "ding.wav")
    assert "not a regular file" in refusal(write_pack(tmp_path / "pack"))


def test_a_missing_sound_names_the_file_looked_for(tmp_path: Path) -> None:
    message = refusal(write_pack(tmp_path / "pack"))
    assert f"{tmp_path / 'pack' / 'ding.wav'} does not exist" in message
    assert "put the file next to the routine" in message


def test_a_routine_built_in_code_is_held_to_the_same_rule(tmp_path: Path) -> None:
    origin = str(tmp_path / "r.yaml")
    with pytest.raises(MediaError, match="absolute or Windows path"):
        resolve_media("/etc/passwd", origin)
    with pytest.raises(MediaError, match="leads outside the routine's folder"):
        resolve_media("../secret.wav", origin)


def test_the_cli_check_reports_a_symlink_escape_with_its_location(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from unclench.cli import main as cli

    (tmp_path / "pack").mkdir()
    (tmp_path / "pack" / "ding.wav").symlink_to("/etc/passwd")
    path = write_pack(tmp_path / "pack")
    assert cli.main(["check", str(path)]) == 1
    err = capsys.readouterr().err
    assert f"{path}:{SOUND_LINE}:1: error: steps[1].sound: " in err
    assert "Traceback" not in err


def session_sound(out: object, tmp_path: Path) -> SessionSound:
    """A session's sound on a sound service with the given mixer and no speech."""
    service = SoundService(
        Settings(), tmp_path / "cache", open_out=lambda: out, check_speech=lambda: "No speech."
    )
    assert service.wait(10)
    return service.session()


# -- play ------------------------------------------------------------------------------------


def test_a_routine_given_by_a_relative_path_plays_its_own_sound(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_ding(tmp_path / "pack" / "ding.wav")
    write_pack(tmp_path / "pack")
    monkeypatch.chdir(tmp_path)
    routine = load_catalog(include_user=False).find("pack/r.yaml")
    out, _, (c0, c1) = make_out()
    track = session_sound(out, tmp_path)
    track.begin(compile_timeline(routine))
    assert eventually(lambda: "sound:ding.wav" in out.bank), "the sound was never loaded"
    assert track.sound("ding.wav") is None
    played = [entry for channel in (c0, c1) for entry in channel.log if entry[0] == "play"]
    assert played == [("play", (out.bank.get("sound:ding.wav"), 0))]
    assert track.notice() == "No speech."


def test_a_sound_that_cannot_be_used_at_play_time_is_reported_not_swallowed(
    tmp_path: Path,
) -> None:
    """The file was swapped for a link outside after check: the player refuses it too."""
    write_ding(tmp_path / "pack" / "ding.wav")
    routine = load_routine_file(write_pack(tmp_path / "pack"))
    (tmp_path / "pack" / "ding.wav").unlink()
    (tmp_path / "pack" / "ding.wav").symlink_to("/etc/passwd")
    out, _, chime = make_out()
    track = session_sound(out, tmp_path)
    track.begin(compile_timeline(routine))
    assert eventually(lambda: "ding.wav" in track.unplayable)
    reason = track.sound("ding.wav")
    assert reason is not None and "symbolic link" in reason
    assert all(channel.log == [] for channel in chime)
    assert track.sound_notice.startswith("Cannot play ding.wav:")


class MissingSoundAudio(RecordingAudio):
    def sound(self, path: str) -> str | None:
        super().sound(path)
        return "pack/ding.wav does not exist"


@pytest.mark.parametrize(
    ("audio", "event", "extra"),
    [
        (RecordingAudio(), "sound", {}),
        (MissingSoundAudio(), "sound_missed", {"reason": "pack/ding.wav does not exist"}),
    ],
)
def test_the_session_logs_each_routine_sound_played_or_missed(
    tmp_path: Path, audio: RecordingAudio, event: str, extra: dict[str, str]
) -> None:
    write_ding(tmp_path / "pack" / "ding.wav")
    routine = load_routine_file(write_pack(tmp_path / "pack"))
    host = FakeHost(FakeClock())
    scene = SessionScene(host, compile_timeline(routine), audio)
    host.show(scene)
    host.clock.now += 2.5
    scene.update(host.clock())
    (record,) = [r for r in host.recorded.records if r["event"].startswith("sound")]
    assert record == {"t": 2.5, "due": 2.0, "event": event, "name": "ding.wav", "step": 1} | extra
    assert ("sound", "ding.wav") in audio.calls


# -- export ----------------------------------------------------------------------------------


def test_a_routine_given_by_a_relative_path_exports_its_own_sound(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_ding(tmp_path / "pack" / "ding.wav", seconds=0.5)
    write_pack(tmp_path / "pack")
    monkeypatch.chdir(tmp_path)
    routine = load_catalog(include_user=False).find("pack/r.yaml")
    cache = SpeechCache(tmp_path / "cache", FakeRenderer())
    clip = read_wav(
        export_session(compile_timeline(routine), Path("s.wav"), cache, VoiceSettings())
    )
    x = clip.samples.astype(np.float64)

    def level(a: float, b: float) -> float:
        return float(np.sqrt(np.mean(x[round(a * clip.rate) : round(b * clip.rate)] ** 2)))

    assert level(0.0, 2.0) == 0  # the first rest has no sound
    assert level(2.0, 2.5) > 3000  # the sound starts with the second step
    assert level(2.6, 5.9) == 0  # … and lasts 0.5 s (the end chime rings from 6 s)


def test_export_refuses_a_sound_linked_outside_before_rendering(tmp_path: Path) -> None:
    (tmp_path / "pack").mkdir()
    (tmp_path / "pack" / "ding.wav").symlink_to("/etc/passwd")
    path = write_pack(tmp_path / "pack")
    routine = Routine(
        "r",
        "R",
        Kind.BREATH,
        "",
        (
            Step(Phase.INHALE, Duration(2, Unit.SECONDS), say="In"),
            Step(Phase.REST, Duration(2, Unit.SECONDS), sound="ding.wav"),
        ),
        origin=str(path),
    )
    renderer = FakeRenderer()
    with pytest.raises(ExportError, match="symbolic link") as caught:
        export_session(
            compile_timeline(routine),
            tmp_path / "s.wav",
            SpeechCache(tmp_path / "cache", renderer),
            VoiceSettings(),
        )
    assert str(path) in str(caught.value)
    assert renderer.calls == []
    assert not (tmp_path / "s.wav").exists()
