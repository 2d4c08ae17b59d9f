"""No display: with DISPLAY pointing at no server SDL falls back to its offscreen driver;
unclench stops with a message instead of running invisibly. A headless driver asked for
on purpose still works, an unknown one is a message, and doctor reports the display.
These run the real CLI in a subprocess (no X server needed: none is what is tested)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import REPO


def _run(tmp_path: Path, *argv: str, **env: str) -> subprocess.CompletedProcess[str]:
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in ("SDL_VIDEODRIVER", "DISPLAY", "WAYLAND_DISPLAY")
    }
    base |= {"PYTHONPATH": str(REPO / "src"), "UNCLENCH_HOME": str(tmp_path / "home")}
    return subprocess.run(
        [sys.executable, "-m", "unclench", *argv],
        capture_output=True,
        text=True,
        env=base | env,
        cwd=tmp_path,
        timeout=120,  # a safety net: the defect this guards against runs forever
    )


def test_play_with_a_display_that_is_not_there_stops_with_a_message(tmp_path: Path) -> None:
    done = _run(tmp_path, "play", "box-breathing", "--silent", DISPLAY=":99")
    assert done.returncode == 1
    assert "no display: cannot open a window (DISPLAY=:99;" in done.stderr
    assert "SDL_VIDEODRIVER=dummy" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_menu_without_any_display_stops_with_a_message(tmp_path: Path) -> None:
    done = _run(tmp_path, "--silent")
    assert done.returncode == 1
    assert "no display: cannot open a window (neither DISPLAY nor WAYLAND_DISPLAY" in done.stderr
    assert "Traceback" not in done.stderr


def test_an_unknown_video_driver_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    done = _run(tmp_path, "play", "box-breathing", "--silent", SDL_VIDEODRIVER="foo")
    assert done.returncode == 1
    assert "cannot start the video driver SDL_VIDEODRIVER=foo" in done.stderr
    assert "Traceback" not in done.stderr and "pygame.error" not in done.stderr


def test_doctor_reports_a_missing_display_and_a_chosen_headless_one(tmp_path: Path) -> None:
    missing = _run(tmp_path, "doctor", DISPLAY=":99")
    chosen = _run(tmp_path, "doctor", SDL_VIDEODRIVER="dummy")
    assert missing.returncode == chosen.returncode == 0
    (line,) = [x for x in missing.stdout.splitlines() if x.startswith("display:")]
    assert "no display: cannot open a window (DISPLAY=:99" in line
    (line,) = [x for x in chosen.stdout.splitlines() if x.startswith("display:")]
    assert "video driver dummy (SDL_VIDEODRIVER): no window is shown, on purpose" in line
