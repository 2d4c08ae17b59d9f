"""How long the per-frame visuals take at 1280×720 (ms per call, after the caches warm up).

The stretch demonstration is measured over a whole step (ease in, hold, release) on the
same card as the body-map card, and as a ratio against it (same run, same machine); the
uncached line is the cost of a pose drawn for the first time (the first ease of a step).

Run: ``.venv/bin/python benchmarks/visuals_frame.py``. The whole app must stay under 2.5% of
a core at 60 fps, so a frame's drawing should cost well under a millisecond.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame

from unclench.core.body import MUSCLE_GROUPS, STRETCHES
from unclench.core.routine import Phase, Side
from unclench.visuals import demonstration
from unclench.visuals.body_map import BodyMode, draw_body
from unclench.visuals.breath import draw_breath
from unclench.visuals.demonstration import draw_demonstration
from unclench.visuals.stretch_card import card_layout, draw_stretch_card
from unclench.visuals.theme import DARK, Fonts

FRAMES = 600  # ten seconds at 60 fps


def measure(name: str, draw: Callable[[pygame.Surface, float], object]) -> float:
    screen = pygame.Surface((1280, 720))
    for i in range(FRAMES):  # warm the caches over one whole step
        draw(screen, i / FRAMES)
    start = time.perf_counter()
    for i in range(FRAMES):
        draw(screen, i / FRAMES)
    ms = (time.perf_counter() - start) / FRAMES * 1000
    print(f"{name:34s} {ms:6.3f} ms per frame")
    return ms


def main() -> None:
    pygame.init()
    fonts = Fonts()
    area = pygame.Rect(0, 0, 1280, 720)
    arm = MUSCLE_GROUPS["dominant-arm"].regions
    face = MUSCLE_GROUPS["face"].regions
    calf = STRETCHES["calf-wall"]
    card = pygame.Rect(128, 108, 1024, 432)
    for phase in (Phase.INHALE, Phase.HOLD, Phase.EXHALE):
        measure(f"draw_breath {phase}", lambda s, f, p=phase: draw_breath(s, area, p, f, DARK))
    measure(
        "draw_body tense dominant-arm",
        lambda s, f: draw_body(s, area, arm, BodyMode.TENSE, f, DARK),
    )
    measure(
        "draw_body release face", lambda s, f: draw_body(s, area, face, BodyMode.RELEASE, f, DARK)
    )
    card_ms = measure(
        "draw_stretch_card (body map)",
        lambda s, f: draw_stretch_card(
            s,
            card,
            calf.name,
            "Hands on the wall, one foot back.",
            Side.LEFT,
            f,
            DARK,
            fonts,
            calf.regions,
        ),
    )
    # A demonstration over a whole 10 s step (ease in, hold, release), on the same card.
    demo_ms = measure(
        "draw_stretch_card + demonstration",
        lambda s, f: draw_stretch_card(
            s,
            card,
            calf.name,
            calf.how_to,
            Side.LEFT,
            f,
            DARK,
            fonts,
            calf.regions,
            stretch=calf.id,
            seconds=FRAMES / 60,
        ),
    )
    figure = card_layout(card).figure
    alone_ms = measure(
        "draw_demonstration alone",
        lambda s, f: draw_demonstration(
            s, figure, "arm-across-chest", Side.RIGHT, f * FRAMES / 60, FRAMES / 60, DARK
        ),
    )
    cold_ms = measure(
        "draw_demonstration, nothing cached",
        lambda s, f: (
            demonstration._SPRITES.clear(),
            draw_demonstration(s, figure, "arm-across-chest", Side.RIGHT, 1.0, 10.0, DARK),
        ),
    )
    print(f"{'demonstration card / body-map card':34s} {demo_ms / card_ms:6.2f} ×")
    print(f"{'demonstration alone / body-map card':34s} {alone_ms / card_ms:6.2f} ×")
    print(f"{'uncached demonstration / card':34s} {cold_ms / card_ms:6.2f} ×")
    measure("background fill (for scale)", lambda s, f: s.fill(DARK.background))


if __name__ == "__main__":
    main()
