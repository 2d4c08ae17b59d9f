"""End to end: the real `unclench` in a real X window (Xvfb), driven with xdotool.

Starts a virtual screen, runs ``python -m unclench --silent --events FILE`` on it, and plays
a short visit the way a person would: choose a routine, say how tense (7), pause, go on,
skip a step, leave (Esc, then Enter in the dialog), say how tense now (4), back to the
menu, quit. Checks the event log, the exit status, a screenshot taken during the session
and the session in the journal. Every wait polls with a deadline; Xvfb
and the app are always killed at the end.

Skips when Xvfb, xdotool or ImageMagick's ``import`` are missing, except on CI (CI=true),
where they are installed and a skip would hide a broken player.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pygame
import pytest

from fakes import read_events
from unclench.journal import Journal
from unclench.ui.session import session_layout
from unclench.visuals.breath import breath_layout

pytestmark = pytest.mark.e2e

TOOLS = ("Xvfb", "xdotool", "import")
SCREEN = (1280, 800)
XVFB = ["Xvfb", "-screen", "0", "{}x{}x24".format(*SCREEN), "-nolisten", "tcp"]
WAIT = 10.0  # seconds: the longest any single step may take before the test fails


def _require_tools() -> None:
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if not missing:
        return
    message = f"needs {', '.join(missing)} (apt-get install xvfb xdotool imagemagick)"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def _stop(process: subprocess.Popen[Any] | None) -> None:
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=3)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=3)


@pytest.fixture
def display() -> Iterator[str]:
    """A fresh Xvfb screen; ``-displayfd`` lets the server pick a free display number."""
    _require_tools()
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        [*XVFB, "-displayfd", str(write_end)],
        pass_fds=(write_end,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    try:
        with os.fdopen(read_end, "rb") as pipe:
            number = pipe.readline().strip().decode()  # written once the server is ready
        if not number:
            pytest.fail("Xvfb did not start (no display number on -displayfd)")
        yield f":{number}"
    finally:
        _stop(server)


def _until(what: str, check: Callable[[], Any], app: subprocess.Popen[Any]) -> Any:
    """Poll ``check`` until it returns something truthy; fail after WAIT seconds."""
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        if app.poll() is not None:
            pytest.fail(f"the app exited ({app.returncode}) while waiting for {what}")
        time.sleep(0.05)
    pytest.fail(f"timed out after {WAIT} s waiting for {what}")


def test_a_person_can_choose_pause_resume_skip_leave_and_quit(display: str, tmp_path: Path) -> None:
    log = tmp_path / "events.jsonl"
    env = {k: v for k, v in os.environ.items() if k != "SDL_VIDEODRIVER"}
    env |= {
        "DISPLAY": display,
        "UNCLENCH_HOME": str(tmp_path / "home"),
        "SDL_AUDIODRIVER": "dummy",
        "PYGAME_HIDE_SUPPORT_PROMPT": "1",
    }
    xenv = {"DISPLAY": display, "PATH": os.environ.get("PATH", "")}
    app = subprocess.Popen(
        [sys.executable, "-m", "unclench", "--silent", "--events", str(log)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:

        def events() -> list[str]:
            return [r["event"] for r in read_events(log)]

        def logged(event: str, count: int = 1) -> Callable[[], bool]:
            return lambda: events().count(event) >= count

        def window() -> str:
            found = subprocess.run(
                ["xdotool", "search", "--pid", str(app.pid)],
                env=xenv,
                capture_output=True,
                text=True,
            )
            return found.stdout.split()[0] if found.stdout.split() else ""

        _until("the ready event", logged("ready"), app)
        win = _until("the app's window", window, app)

        def key(*names: str, quits: bool = False) -> None:
            done = subprocess.run(
                ["xdotool", "key", "--window", win, *names], env=xenv, capture_output=True
            )
            # A key that quits may close the window between its press and its release, so
            # xdotool's release then fails (BadWindow); the exit status below is the check.
            assert quits or done.returncode == 0, done.stderr

        key("Down", "Return")  # the second breathing routine
        key("Return")  # its cautions card, read for the first time in this home
        key("7")  # "how tense do you feel?" 7
        _until("the first step", logged("step"), app)

        shot = tmp_path / "session.png"

        def disc_on_screen() -> bool:
            subprocess.run(["import", "-window", "root", str(shot)], env=xenv, check=True)
            return _disc_shown(shot, _geometry(win, xenv))

        # The step is logged just before it is drawn: poll screenshots until the frame is up.
        _until("the breathing disc on screen", disc_on_screen, app)

        key("space")
        _until("the pause", logged("pause"), app)
        key("space")
        _until("the resume", logged("resume"), app)
        key("Right")
        _until("the skip", logged("skip"), app)
        key("Escape")  # asks first (and pauses)
        _until("the pause for the dialog", logged("pause", 2), app)
        key("Return")
        _until("the end of the session", logged("session_end"), app)
        key("4")  # "how tense now?" 4 → the summary
        key("Escape")  # summary → menu
        key("Escape", quits=True)  # menu → quit
        try:
            code = app.wait(timeout=WAIT)
        except subprocess.TimeoutExpired:
            pytest.fail("the app did not quit after Esc in the menu")
        stderr = app.stderr.read().decode() if app.stderr else ""
        assert code == 0, stderr
    finally:
        _stop(app)

    records = read_events(log)
    sequence = [r["event"] for r in records if r["event"] not in ("speak", "speak_missed")]
    start = sequence.index("session_start")
    assert sequence[0] == "ready"
    assert sequence[start:] == [
        "session_start",
        "step",
        "pause",
        "resume",
        "skip",
        "step",
        "pause",
        "session_end",
    ]
    session = next(r for r in records if r["event"] == "session_start")
    assert session["routine"] == "coherent-breathing"
    steps = [r for r in records if r["event"] == "step"]
    assert [s["index"] for s in steps] == [0, 1]
    skip = next(r for r in records if r["event"] == "skip")
    assert (skip["from"], skip["to"]) == (0, 1)
    end = records[-1]
    assert end["event"] == "session_end" and end["outcome"] == "stopped"
    times = [r["t"] for r in records[1:]]
    assert times == sorted(times)

    _check_screenshot(shot)

    journal = Journal(tmp_path / "home" / "data" / "journal.sqlite3")
    try:
        (recorded,) = journal.sessions()
    finally:
        journal.close()
    assert (recorded.routine_id, recorded.outcome) == ("coherent-breathing", "stopped")
    assert (recorded.rating_before, recorded.rating_after) == (7, 4)
    assert recorded.step_reached == 1 and recorded.ended is not None


def _geometry(win: str, xenv: dict[str, str]) -> pygame.Rect:
    """Where the window is on the screen (no window manager: wherever SDL put it)."""
    shell = subprocess.run(
        ["xdotool", "getwindowgeometry", "--shell", win],
        env=xenv,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    values = dict(line.split("=", 1) for line in shell.split() if "=" in line)
    return pygame.Rect(*(int(values[k]) for k in ("X", "Y", "WIDTH", "HEIGHT")))


def _disc_shown(path: Path, window: pygame.Rect) -> bool:
    """Teal on both sides of the stage's centre, where the session draws its disc (the
    count sits in the middle, so look left and right of it)."""
    image = pygame.image.load(str(path))
    stage = session_layout(window.size).stage
    disc = breath_layout(stage)
    cx, cy = disc.centre[0] + window.x, disc.centre[1] + window.y
    offset = round(disc.r_min * 0.8)
    for x in (cx - offset, cx + offset):
        r, g, b = tuple(image.get_at((x, cy)))[:3]
        if not (g > r + 50 and b > r + 30):
            return False
    return True


def _check_screenshot(path: Path) -> None:
    """The session screen is really drawn: many colours, and the teal breathing disc."""
    image = pygame.image.load(str(path))
    width, height = image.get_size()
    data = pygame.image.tobytes(image, "RGB")
    stride = 3 * 7  # every 7th pixel is plenty
    pixels = {data[i : i + 3] for i in range(0, len(data) - 2, stride)}
    assert len(pixels) > 20, f"the screenshot looks blank ({len(pixels)} colours)"
    teal = [p for p in pixels if p[1] > p[0] + 60 and p[2] > p[0] + 40]
    assert teal, "no teal (breathing disc) pixels in the session screenshot"
    assert (width, height) == SCREEN
