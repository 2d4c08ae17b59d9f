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


@pytest.fixture(autouse=True)
def unclench_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Every test gets its own empty user folders (routines, config, cache)."""
    home = tmp_path / "unclench-home"
    monkeypatch.setenv("UNCLENCH_HOME", str(home))
    yield home
