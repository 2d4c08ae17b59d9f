"""Render the menu and a session of each sample routine in another script (Japanese,
Arabic, Hindi; docs/examples/breathing-*.yaml), headless, to show text in any script on
screen. Needs the Noto fonts (fonts-noto-core, fonts-noto-cjk). Runs the real app in a
temporary UNCLENCH_HOME on a fake clock. Usage:

    SDL_VIDEODRIVER=dummy python scripts/screenshots_scripts.py docs/screenshots
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame

from unclench.app import App, AppOptions
from unclench.catalog import load_catalog
from unclench.settings import Settings
from unclench.ui.cautions import mark_seen

EXAMPLES = Path(__file__).resolve().parents[1] / "docs" / "examples"
LANGUAGES = ("ja", "ar", "hi")


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def shoot(app: App, path: Path) -> None:
    app.tick(wait=False)
    pygame.image.save(pygame.display.get_surface(), str(path))
    print(path)


def key(name: int) -> None:
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=name, unicode="", mod=0))


def shoot_language(language: str, out: Path, size: tuple[int, int]) -> None:
    catalog = load_catalog([EXAMPLES], include_user=False)
    routine = catalog.find(f"breathing-{language}")
    assert routine is not None, f"docs/examples/breathing-{language}.yaml did not load"
    clock = FakeClock()
    app = App(AppOptions(catalog=catalog, settings=Settings(), size=size), clock=clock)
    app.open()
    try:
        app.tick(wait=False)
        for _ in range(len(catalog.entries)):
            entry = app.scene.entry  # type: ignore[union-attr]
            if entry and entry.routine and entry.routine.id == routine.id:
                break
            key(pygame.K_DOWN)
            app.tick(wait=False)
        shoot(app, out / f"menu-{language}.png")
    finally:
        app.close()

    clock = FakeClock()
    options = AppOptions(
        catalog=catalog, settings=mark_seen(Settings(), routine), play=routine, yes=True
    )
    options.size = size
    app = App(options, clock=clock)
    app.open()
    try:
        app.tick(wait=False)
        timeline = app.scene.timeline  # type: ignore[union-attr]
        cue = next(c for c in timeline.cues if c.phase == "inhale")
        target = clock.now + cue.start + cue.duration * 0.5
        while clock.now < target:
            clock.now = min(target, clock.now + 0.25)
            app.tick(wait=False)
        shoot(app, out / f"session-{language}.png")
    finally:
        app.close()


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as home:
        os.environ["UNCLENCH_HOME"] = home
        for language in LANGUAGES:
            shoot_language(language, out, (1280, 720))
    return 0


if __name__ == "__main__":
    sys.exit(main())
