"""kill -9 mid-session loses nothing but the current step; the next start closes the
session honestly, as stopped with what was practised.

Runs the real ``python -m unclench play box-breathing --silent`` (SDL dummy drivers, its
own UNCLENCH_HOME), watches its journal read-only until a few steps are recorded, SIGKILLs
it, reads ``unclench history --json``, then starts the app again. Every wait polls with a
deadline; every process started is killed at the end.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from conftest import REPO

WAIT = 60.0  # seconds: the longest any wait may take before the test fails
STEPS = 2  # wait until step index 2 began (box breathing: after 10 s of practice)
T = TypeVar("T")


def environment(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        UNCLENCH_HOME=str(home),
        SDL_VIDEODRIVER="dummy",
        SDL_AUDIODRIVER="dummy",
        PYGAME_HIDE_SUPPORT_PROMPT="1",
        PYTHONPATH=os.pathsep.join([str(REPO / "src"), env.get("PYTHONPATH", "")]),
    )
    return env


def cautions_read(home: Path) -> None:
    """Box breathing's cautions count as read in ``home``, so ``play --yes`` starts at once."""
    from unclench.catalog import load_catalog
    from unclench.settings import Settings, save_settings
    from unclench.ui.cautions import mark_seen

    routine = load_catalog(include_user=False).find("box-breathing")
    save_settings(mark_seen(Settings(), routine), home / "config" / "settings.json")


@contextmanager
def playing(home: Path) -> Iterator[subprocess.Popen[bytes]]:
    cautions_read(home)
    cmd = [sys.executable, "-m", "unclench", "play", "box-breathing", "--silent", "--yes"]
    process = subprocess.Popen(
        cmd, env=environment(home), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)
        if process.stderr is not None:
            process.stderr.close()


def rows(journal: Path) -> list[dict[str, Any]]:
    """The sessions as the file holds them now, read-only (nothing when not yet made)."""
    try:
        conn = sqlite3.connect(f"file:{journal}?mode=ro", uri=True, timeout=1.0)
    except sqlite3.OperationalError:
        return []
    try:
        conn.row_factory = sqlite3.Row
        found = conn.execute("SELECT * FROM sessions ORDER BY started_jd").fetchall()
        return [dict(row) for row in found]
    except sqlite3.OperationalError:  # the app is still creating the tables
        return []
    finally:
        conn.close()


def wait_for(what: str, probe: Callable[[], T | None], process: subprocess.Popen[bytes]) -> T:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        found = probe()
        if found is not None:
            return found
        if process.poll() is not None:
            stderr = process.stderr.read().decode() if process.stderr else ""
            raise AssertionError(f"the app ended ({process.returncode}) before {what}: {stderr}")
        time.sleep(0.1)
    raise AssertionError(f"no {what} within {WAIT} s")


def test_a_session_killed_mid_way_is_kept_and_closed_as_stopped_at_the_next_start(
    tmp_path: Path,
) -> None:
    home = tmp_path / "home"
    journal = home / "data" / "journal.sqlite3"

    def steps_recorded() -> dict[str, Any] | None:
        found = rows(journal)
        return found[0] if found and found[0]["step_reached"] >= STEPS else None

    with playing(home) as first:
        wait_for("a few steps recorded", steps_recorded, first)
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
    assert first.returncode == -signal.SIGKILL

    history = subprocess.run(
        [sys.executable, "-m", "unclench", "history", "--json"],
        env=environment(home),
        capture_output=True,
        text=True,
        timeout=WAIT,
        check=True,
    )
    (killed,) = json.loads(history.stdout)["sessions"]
    assert killed["routine_id"] == "box-breathing" and killed["outcome"] == "open"
    assert killed["step_reached"] >= STEPS and killed["ended"] is None
    assert killed["practised_seconds"] >= 10.0  # the first two steps are 5 s each
    assert killed["voice_on"] is False and killed["started"][-6] in "+-"

    with playing(home) as second:
        found = wait_for("the second session", lambda: rows(journal)[1:] or None, second)
    first_row = rows(journal)[0]
    assert first_row["uuid"] == killed["uuid"] and found[0]["uuid"] != killed["uuid"]
    assert first_row["outcome"] == "stopped" and first_row["ended"] is None
    assert first_row["step_reached"] == killed["step_reached"]
    assert first_row["practised_seconds"] == killed["practised_seconds"]
