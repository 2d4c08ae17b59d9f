"""Broken environments at the command line: FIFOs and devices named *.yaml, names too long
for the file system, a closed output pipe, an out-of-range --rate, a misspelt --voice, a
log that cannot be written. Each ends in a message (or quietly), never a hang or traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO
from test_cli import FAKE_VOICES_WORKER, NO_ENGINE_WORKER, SMALL, fake_engine, run
from unclench.app import AppOptions
from unclench.catalog import load_catalog, load_routine_file, scan_folder
from unclench.cli.speech import check_voice
from unclench.core.errors import ChoiceError, RoutineError
from unclench.files import NotRegularFileError, read_regular_file
from unclench.settings import Settings


def _fifo(folder: Path, name: str = "pipe.yaml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    os.mkfifo(path)
    return path


# -- only regular files are opened -----------------------------------------------------------


def test_a_fifo_is_refused_without_blocking_and_says_what_it_is(tmp_path: Path) -> None:
    path = _fifo(tmp_path)
    with pytest.raises(NotRegularFileError) as raised:
        read_regular_file(path, 100)
    assert raised.value.strerror == "a named pipe (FIFO), not a regular file"


def test_a_folder_and_a_device_named_yaml_are_not_regular_files(tmp_path: Path) -> None:
    (tmp_path / "folder.yaml").mkdir()
    with pytest.raises(NotRegularFileError, match="a folder"):
        read_regular_file(tmp_path / "folder.yaml", 100)
    with pytest.raises(NotRegularFileError, match="a device"):
        read_regular_file(Path(os.devnull), 100)


def test_a_fifo_in_a_routine_folder_is_a_broken_entry_next_to_the_good_one(
    tmp_path: Path,
) -> None:
    _fifo(tmp_path, "a-pipe.yaml")
    (tmp_path / "small.yaml").write_text(SMALL, encoding="utf-8")
    entries = scan_folder(tmp_path, "path")
    assert [e.path.name for e in entries] == ["a-pipe.yaml", "small.yaml"]
    broken, good = entries
    assert broken.error is not None and good.routine is not None
    assert "named pipe (FIFO), not a regular file" in str(broken.error.problems[0])


def test_list_show_and_play_do_not_hang_on_a_fifo(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    pipe = _fifo(tmp_path, "pipe.yaml")
    code, out, _ = run(capsys, "--routines", str(tmp_path), "list")
    assert code == 0 and "pipe.yaml: error: cannot read the file: a named pipe" in out
    # By name (the broken entry's declared id is looked for in the file: never read here)
    code, _, err = run(capsys, "--routines", str(tmp_path), "show", "pipe")
    assert code == 1 and "named pipe" in err
    code, _, err = run(capsys, "show", str(pipe))
    assert code == 1 and "named pipe" in err
    code, _, err = run(capsys, "play", str(pipe))
    assert code == 1 and "named pipe" in err
    assert load_catalog([tmp_path]).routines  # the built-ins are all still there


def test_check_given_a_fifo_directly_says_it_is_not_a_regular_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    pipe = _fifo(tmp_path)
    code, _, err = run(capsys, "check", str(pipe))
    assert code == 1
    assert f"{pipe}: error: cannot read the file: a named pipe (FIFO), not a regular file" in err


def test_a_routine_file_swapped_for_a_fifo_is_still_not_opened_blocking(tmp_path: Path) -> None:
    path = tmp_path / "calm.yaml"
    os.mkfifo(path)
    with pytest.raises(RoutineError, match="not a regular file"):
        load_routine_file(path)


# -- names too long ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["a" * 5000, "b" * 300 + ".yaml"])
def test_check_a_name_too_long_is_a_located_message(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str
) -> None:
    code, _, err = run(capsys, "check", str(tmp_path / name))
    assert code == 1
    assert "error: cannot read the file: File name too long" in err
    assert "0 valid, 1 invalid" in err


def test_show_play_and_routines_with_a_name_too_long_are_messages(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    long_file = str(tmp_path / ("c" * 300 + ".yaml"))
    code, _, err = run(capsys, "show", long_file)
    assert code == 1 and "File name too long — check the path" in err
    code, _, err = run(capsys, "play", long_file)
    assert code == 1 and "File name too long — check the path" in err
    with pytest.raises(SystemExit) as exited:
        run(capsys, "--routines", str(tmp_path / ("d" * 300)), "list")
    assert exited.value.code == 2
    assert "File name too long" in capsys.readouterr().err


# -- a closed pipe ---------------------------------------------------------------------------


def _env(tmp_path: Path) -> dict[str, str]:
    """The environment for ``python -m unclench``: this checkout's code, a fresh home."""
    return {**os.environ, "PYTHONPATH": str(REPO / "src"), "UNCLENCH_HOME": str(tmp_path / "h")}


def test_show_into_a_closed_pipe_ends_quietly_without_a_traceback(tmp_path: Path) -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)  # as `| head -1` does once it has its line: every write now fails
    try:
        done = subprocess.run(
            [sys.executable, "-m", "unclench", "show", "relaxing-breath"],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            cwd=tmp_path,
            env=_env(tmp_path),
            timeout=60,
        )
    finally:
        os.close(write_end)
    assert done.stderr == ""
    assert done.returncode == 141


def test_show_piped_to_head_prints_the_first_line_only(tmp_path: Path) -> None:
    done = subprocess.run(
        f"{sys.executable} -m unclench show relaxing-breath | head -1",
        shell=True,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=_env(tmp_path),
        timeout=60,
    )
    assert done.stdout.count("\n") == 1 and "(relaxing-breath)" in done.stdout
    assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr


# -- --rate and --voice ------------------------------------------------------------------------


def test_an_out_of_range_rate_is_clamped_like_the_setting_with_a_note(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from unclench.cli import main as cli

    seen: list[int | None] = []

    def fake_run_app(options: AppOptions) -> tuple[int, Settings]:
        seen.append(options.rate)
        return 0, options.settings

    monkeypatch.setattr("unclench.app.run_app", fake_run_app)
    assert cli.main(["play", "box-breathing", "--silent", "--rate", "5000"]) == 0
    assert cli.main(["play", "box-breathing", "--silent", "--rate", "3"]) == 0
    assert cli.main(["play", "box-breathing", "--silent", "--rate", "150"]) == 0
    assert seen == [400, 60, 150]
    err = capsys.readouterr().err
    assert "--rate 5000 is outside 60–400 words/min; using 400" in err
    assert "--rate 3 is outside 60–400 words/min; using 60" in err
    assert "--rate 150" not in err


def test_a_misspelt_voice_is_an_error_with_did_you_mean(tmp_path: Path) -> None:
    renderer = fake_engine(tmp_path, FAKE_VOICES_WORKER)
    try:
        check_voice(renderer, "gmw/en-US")  # installed: fine
        with pytest.raises(ChoiceError) as raised:
            check_voice(renderer, "gmw/en-UX")
    finally:
        renderer.close()
    assert str(raised.value) == (
        "--voice 'gmw/en-UX' is not an installed voice — did you mean 'gmw/en-US'?; "
        "run `unclench voices` to see them"
    )


def test_a_voice_without_any_speech_engine_says_speech_is_unavailable(tmp_path: Path) -> None:
    renderer = fake_engine(tmp_path, NO_ENGINE_WORKER)
    try:
        with pytest.raises(ChoiceError) as raised:
            check_voice(renderer, "gmw/en")
    finally:
        renderer.close()
    message = str(raised.value)
    assert message.startswith("--voice 'gmw/en': speech is not available here: ")
    assert "install espeak-ng" in message


@pytest.mark.parametrize("command", ["play", "export"])
def test_play_and_export_with_a_misspelt_voice_exit_1_before_a_window_or_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, command: str
) -> None:
    import pygame

    pygame.display.quit()
    out = tmp_path / "session.wav"
    extra = [str(out)] if command == "export" else []
    code, _, err = run(capsys, command, "box-breathing", *extra, "--voice", "gmw/no-such-voice")
    assert code == 1
    # With espeak installed the nearest voice is named; without, that speech is missing.
    assert "is not an installed voice" in err or "speech is not available here" in err
    assert not pygame.display.get_init()
    assert not out.exists()


# -- the event log -----------------------------------------------------------------------------


@pytest.mark.parametrize("where", ["folder", "missing-folder"])
def test_play_with_an_unwritable_event_log_exits_1_with_a_message(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, where: str
) -> None:
    target = tmp_path if where == "folder" else tmp_path / "nope" / "events.jsonl"
    code, _, err = run(capsys, "play", "box-breathing", "--silent", "--events", str(target))
    assert code == 1
    assert f"{target}: cannot write the event log" in err
    assert "choose another path" in err
    assert "Traceback" not in err
