"""Render the body map's screenshots headless: every face group tensed and released (the face
inset beside the figure), and the 7-group routine's "dominant" arm for a left-handed user.
Like scripts/screenshots.py, the real app runs on a fake clock in a temporary
UNCLENCH_HOME, so your own journal and settings are neither read nor touched. Usage:

    SDL_VIDEODRIVER=dummy python scripts/body_shots.py docs/screenshots [WIDTHxHEIGHT]
"""

from __future__ import annotations

import os
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame

from unclench.app import App, AppOptions
from unclench.catalog import load_catalog
from unclench.settings import Settings
from unclench.ui.cautions import mark_seen

# (file name, routine, target, phase, fraction of the step, handedness)
SHOTS: tuple[tuple[str, str, str, str, float, str], ...] = (
    ("face-forehead-tense.png", "progressive-relaxation", "forehead", "tense", 0.5, "right"),
    ("face-forehead-release.png", "progressive-relaxation", "forehead", "release", 0.6, "right"),
    ("face-upper-tense.png", "progressive-relaxation", "upper-face", "tense", 0.5, "right"),
    ("face-upper-release.png", "progressive-relaxation", "upper-face", "release", 0.6, "right"),
    ("face-jaw-tense.png", "progressive-relaxation", "jaw", "tense", 0.5, "right"),
    ("face-jaw-release.png", "progressive-relaxation", "jaw", "release", 0.6, "right"),
    ("face-whole-tense.png", "progressive-relaxation-short", "face", "tense", 0.5, "right"),
    ("face-whole-release.png", "progressive-relaxation-short", "face", "release", 0.6, "right"),
    ("arm-left-handed.png", "progressive-relaxation-short", "dominant-arm", "tense", 0.5, "left"),
)


def shoot_step(
    routine_id: str,
    target: str,
    phase: str,
    fraction: float,
    handedness: str,
    out: Path,
    size: tuple[int, int],
) -> None:
    """Play ``routine_id`` (cautions read) and save the frame ``fraction`` through its first
    ``phase`` step on ``target``, walking there frame by frame as a user's session would."""
    catalog = load_catalog(include_user=False)
    routine = catalog.find(routine_id)
    assert routine is not None, routine_id
    now = [1000.0]
    settings = replace(mark_seen(Settings(), routine), handedness=handedness)
    options = AppOptions(catalog=catalog, settings=settings, play=routine, yes=True, size=size)
    app = App(options, clock=lambda: now[0])
    app.open()
    try:
        app.tick(wait=False)
        timeline = app.scene.timeline  # type: ignore[union-attr]
        cue = next(c for c in timeline.cues if c.phase == phase and c.target == target)
        end = now[0] + cue.start + cue.duration * fraction
        while now[0] < end:
            now[0] = min(end, now[0] + 0.25)
            app.tick(wait=False)
        app.tick(wait=False)
        pygame.image.save(pygame.display.get_surface(), str(out))
        print(out)
    finally:
        app.close()


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")
    size = (1280, 720)
    if len(sys.argv) > 2:
        w, h = sys.argv[2].lower().split("x")
        size = (int(w), int(h))
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as home:
        os.environ["UNCLENCH_HOME"] = home
        for name, routine_id, target, phase, fraction, handedness in SHOTS:
            shoot_step(routine_id, target, phase, fraction, handedness, out / name, size)
    return 0


if __name__ == "__main__":
    sys.exit(main())
