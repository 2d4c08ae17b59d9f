"""Render the README's screenshots headless: menu, breath, muscle, stretch, summary, and
the tension prompt with the summary it leads to (journal lines from an in-memory journal).

Runs the real app (window under SDL's dummy video driver) on a fake clock, so every
screenshot shows an exact moment of a real session. Usage:

    SDL_VIDEODRIVER=dummy python scripts/screenshots.py docs/screenshots [WIDTHxHEIGHT]
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

from datetime import datetime, timedelta, timezone

import pygame

from unclench.app import App, AppOptions
from unclench.catalog import load_catalog
from unclench.journal import Journal, JournalWriter
from unclench.practice import JournalRecorder
from unclench.settings import Settings
from unclench.ui.summary import SummaryScene


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
    routine_id: str, fraction_of: tuple[str, float], out: Path, size: tuple[int, int]
) -> None:
    """Open ``routine_id`` and shoot it ``fraction_of[1]`` through its first step of phase
    ``fraction_of[0]``."""
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
        cue = next(c for c in timeline.cues if c.phase == phase)
        start = clock.now
        # Walk there frame by frame so every event fires as it would for a user.
        target = start + cue.start + cue.duration * fraction
        while clock.now < target:
            clock.now = min(target, clock.now + 0.25)
            app.tick(wait=False)
        shoot(app, clock, out)
    finally:
        app.close()


def rated_session(out: Path, size: tuple[int, int]) -> None:
    """From the menu: the "how tense" prompt, a whole session rated 7 then 4, and its
    summary, recorded into an in-memory journal that already holds two earlier days."""
    wall = datetime(2024, 5, 3, 8, 30, tzinfo=timezone(timedelta(hours=2)))
    journal = Journal(":memory:")
    for days_ago in (2, 1):
        started = wall - timedelta(days=days_ago)
        sid = journal.start_session("box-breathing", "Box", started, 1.0, 8, True, 35)
        journal.finish(sid, "completed", started + timedelta(minutes=3), 180.0)
    catalog = load_catalog(include_user=False)
    clock = FakeClock()
    options = AppOptions(
        catalog=catalog,
        settings=Settings(),
        size=size,
        journal=JournalRecorder(JournalWriter(journal), lambda: wall),
    )
    app = App(options, clock=clock)
    app.open()
    try:
        app.tick(wait=False)
        key(pygame.K_RETURN)
        shoot(app, clock, out / "tension.png")
        digit(pygame.K_7)
        app.tick(wait=False)
        total = app.scene.timeline.total  # type: ignore[union-attr]
        end = clock.now + total + 0.1
        while clock.now < end:
            clock.now = min(end, clock.now + 1.0)
            app.tick(wait=False)
        digit(pygame.K_4)
        app.tick(wait=False)
        summary = app.scene
        assert isinstance(summary, SummaryScene)
        summary._today.result(timeout=10)  # the journal's thread answers in a few ms
        shoot(app, clock, out / "summary-journal.png")
    finally:
        app.close()


def digit(name: int) -> None:
    pygame.event.post(
        pygame.event.Event(pygame.KEYDOWN, key=name, unicode=pygame.key.name(name), mod=0)
    )


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")
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

    rated_session(out, size)
    return 0


if __name__ == "__main__":
    sys.exit(main())
