"""A deliberately naive pygame breathing pacer: the reference loop CPU figures are divided by.

    .venv/bin/python benchmarks/naive_pacer.py [--seconds N]

A 1280×720 window, one anti-aliased disc redrawn every frame with ``pygame.gfxdraw`` (its
radius eases in and out over a 10-second breath), a caption, ``Clock.tick(60)`` and
``display.update`` of the changed area (the union of this frame's and last frame's disc and
the caption). This is what a first attempt at the app would look like; ``cpu.py`` runs it
side by side with unclench and prints unclench's CPU as a multiple of it. It runs until
closed (or for ``--seconds``).
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import time

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame
import pygame.gfxdraw

SIZE = (1280, 720)
BREATH = 10.0  # seconds per inhale + exhale
BACKGROUND = (18, 24, 32)
DISC = (120, 170, 210)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=0.0, help="stop after N s (0: never)")
    args = parser.parse_args()
    pygame.init()
    screen = pygame.display.set_mode(SIZE)
    pygame.display.set_caption("naive pacer")
    font = pygame.font.Font(None, 48)
    clock = pygame.time.Clock()
    centre = (SIZE[0] // 2, SIZE[1] // 2 - 20)
    start = time.monotonic()
    previous = pygame.Rect(0, 0, 0, 0)
    screen.fill(BACKGROUND)
    pygame.display.flip()
    while True:
        for event in pygame.event.get():
            if event.type == pygame.QUIT:
                pygame.quit()
                return 0
        now = time.monotonic() - start
        if args.seconds and now >= args.seconds:
            break
        phase = (now % BREATH) / BREATH
        fill = 0.5 - 0.5 * math.cos(phase * 2 * math.pi)
        radius = int(80 + 200 * fill)
        caption = "Breathe in" if phase < 0.5 else "Breathe out"
        disc = pygame.Rect(
            centre[0] - radius - 1, centre[1] - radius - 1, 2 * radius + 3, 2 * radius + 3
        )
        area = disc.union(previous)
        screen.fill(BACKGROUND, area)
        pygame.gfxdraw.aacircle(screen, centre[0], centre[1], radius, DISC)
        pygame.gfxdraw.filled_circle(screen, centre[0], centre[1], radius, DISC)
        text = font.render(caption, True, (230, 230, 230))
        text_rect = text.get_rect(midtop=(SIZE[0] // 2, SIZE[1] - 90))
        screen.fill(BACKGROUND, text_rect.inflate(200, 0))
        screen.blit(text, text_rect)
        pygame.display.update([area, text_rect.inflate(200, 0)])
        previous = disc
        clock.tick(60)
    pygame.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
