"""Render the README's screenshots headless: menu, breath, muscle, stretch, summary.

Runs the real app (window under SDL's dummy video driver) on a fake clock, so every
screenshot shows an exact moment of a real session. Usage:

    SDL_VIDEODRIVER=dummy python scripts/screenshots.py docs/screenshots [WIDTHxHEIGHT]
    SDL_VIDEODRIVER=dummy python scripts/screenshots.py docs/screenshots --sizes

``--sizes`` shoots the session screens of each kind at 1280×720, 640×480 and a portrait
600×900 (``sizes/``), plus the leave dialog, the volume pill and a long-title summary.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

from dataclasses import replace

import pygame

from unclench.app import App, AppOptions
from unclench.catalog import load_catalog
from unclench.settings import Settings


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def shoot(app: App, clock: FakeClock, path: Path) -> None:
    app.tick(wait=False)
    pygame.image.save(pygame.display.get_surface(), str(path))
    print(path)


def key(name: int) -> None:
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=name, unicode="", mod=0))


def session_at(
    routine_id: str,
    fraction_of: tuple[str, float],
    out: Path,
    size: tuple[int, int],
    keys: tuple[int, ...] = (),
    nth: int = 0,
) -> None:
    """Open ``routine_id`` and shoot it ``fraction_of[1]`` through its ``nth`` step of phase
    ``fraction_of[0]``, after pressing ``keys`` there."""
    catalog = load_catalog(include_user=False)
    clock = FakeClock()
    routine = catalog.find(routine_id)
    app = App(
        AppOptions(catalog=catalog, settings=Settings(), play=routine, size=size), clock=clock
    )
    app.open()
    try:
        app.tick(wait=False)
        scene = app.scene  # the session scene
        timeline = scene.timeline  # type: ignore[union-attr]
        phase, fraction = fraction_of
        cue = [c for c in timeline.cues if c.phase == phase][nth]
        start = clock.now
        # Walk there frame by frame so every event fires as it would for a user.
        target = start + cue.start + cue.duration * fraction
        while clock.now < target:
            clock.now = min(target, clock.now + 0.25)
            app.tick(wait=False)
        for name in keys:
            key(name)
            app.tick(wait=False)
        shoot(app, clock, out)
    finally:
        app.close()


SIZES = {"wide": (1280, 720), "small": (640, 480), "portrait": (600, 900)}

# (file name, routine, phase, fraction, which of that phase's steps)
SESSION_SHOTS = (
    ("breath-instruction", "box-breathing", "instruction", 0.5, 1),
    ("breath-hold", "relaxing-breath", "hold", 0.4, 0),
    ("muscle-instruction", "progressive-relaxation-short", "instruction", 0.5, 6),
    ("muscle-tense", "progressive-relaxation-short", "tense", 0.5, 0),
    ("muscle-rest", "progressive-relaxation-short", "rest", 0.5, 0),
    ("stretch-instruction", "slow-stretching", "instruction", 0.5, 4),
    ("stretch-hold", "slow-stretching", "stretch", 0.6, 0),
)


def long_title_summary(out: Path, size: tuple[int, int]) -> None:
    """A stopped session of a routine with a long title, on its summary."""
    catalog = load_catalog(include_user=False)
    routine = replace(
        catalog.find("progressive-relaxation"),
        title="Progressive muscle relaxation, the long form for evenings (16 groups)",
    )
    clock = FakeClock()
    app = App(
        AppOptions(catalog=catalog, settings=Settings(), play=routine, size=size), clock=clock
    )
    app.open()
    try:
        app.tick(wait=False)
        clock.now += 30
        app.tick(wait=False)
        key(pygame.K_ESCAPE)
        app.tick(wait=False)
        key(pygame.K_RETURN)
        app.tick(wait=False)
        clock.now += 0.1
        app.tick(wait=False)
        shoot(app, clock, out)
    finally:
        app.close()


def sizes(out: Path) -> None:
    folder = out / "sizes"
    folder.mkdir(parents=True, exist_ok=True)
    for label, size in SIZES.items():
        for name, routine, phase, fraction, nth in SESSION_SHOTS:
            session_at(routine, (phase, fraction), folder / f"{name}-{label}.png", size, nth=nth)
        session_at(
            "progressive-relaxation-short",
            ("tense", 0.5),
            folder / f"leave-dialog-{label}.png",
            size,
            keys=(pygame.K_ESCAPE,),
        )
        session_at(
            "box-breathing",
            ("inhale", 0.5),
            folder / f"volume-pill-{label}.png",
            size,
            keys=(pygame.K_m, pygame.K_DOWN),
        )
        long_title_summary(folder / f"summary-long-title-{label}.png", size)
        catalog = load_catalog(include_user=False)
        clock = FakeClock()
        app = App(AppOptions(catalog=catalog, settings=Settings(), size=size), clock=clock)
        app.open()
        try:
            shoot(app, clock, folder / f"menu-{label}.png")
        finally:
            app.close()


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")
    if "--sizes" in sys.argv[2:]:
        sizes(out)
        return 0
    size = (1280, 720)
    if len(sys.argv) > 2:
        w, h = sys.argv[2].lower().split("x")
        size = (int(w), int(h))
    out.mkdir(parents=True, exist_ok=True)

    catalog = load_catalog(include_user=False)
    clock = FakeClock()
    app = App(AppOptions(catalog=catalog, settings=Settings(), size=size), clock=clock)
    app.open()
    try:
        shoot(app, clock, out / "menu.png")
    finally:
        app.close()

    session_at("relaxing-breath", ("hold", 0.4), out / "breath.png", size)
    session_at("progressive-relaxation-short", ("tense", 0.5), out / "muscle.png", size)
    session_at("slow-stretching", ("stretch", 0.6), out / "stretch.png", size)

    clock = FakeClock()
    routine = catalog.find("relaxing-breath")
    app = App(
        AppOptions(catalog=catalog, settings=Settings(), play=routine, size=size), clock=clock
    )
    app.open()
    try:
        app.tick(wait=False)
        total = app.scene.timeline.total  # type: ignore[union-attr]
        end = clock.now + total + 0.1
        while clock.now < end:
            clock.now = min(end, clock.now + 1.0)
            app.tick(wait=False)
        shoot(app, clock, out / "summary.png")
    finally:
        app.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
