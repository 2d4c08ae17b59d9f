"""Render every stretch's demonstration for the docs, headless: one strip per stretch with
the start, middle and end of its hold (``docs/screenshots/demos/<stretch>.png``), and a
frame strip of two demonstrations gliding in for the README (``strip.png``).

Drawn with the same code the session uses (``visuals/demonstration.py``) at the times of a
20-second step, so the pictures are exactly what a session shows. Usage:

    SDL_VIDEODRIVER=dummy python scripts/demo_shots.py docs/screenshots/demos
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame

from unclench.core.body import STRETCHES
from unclench.core.pose_library import demonstration_for
from unclench.core.poses import step_timing
from unclench.core.routine import Side
from unclench.visuals.demonstration import draw_demonstration
from unclench.visuals.theme import DARK, Fonts

STEP = 20.0
FRAME = (260, 210)
GAP = 10
LABEL = 26


def _strip(
    stretch: str, side: Side | None, moments: list[tuple[str, float]], fonts: Fonts
) -> pygame.Surface:
    w, h = FRAME
    out = pygame.Surface((len(moments) * (w + GAP) + GAP, h + LABEL + 2 * GAP))
    out.fill(DARK.surface)
    for i, (label, t) in enumerate(moments):
        rect = pygame.Rect(GAP + i * (w + GAP), GAP, w, h)
        draw_demonstration(out, rect, stretch, side, t, STEP, DARK)
        text = fonts.render(label, 15, DARK.text_dim)
        out.blit(text, text.get_rect(midtop=(rect.centerx, rect.bottom + 6)))
    return out


def hold_moments() -> list[tuple[str, float]]:
    ease_in, hold, _ = step_timing(STEP)
    return [
        ("start of the hold", ease_in),
        ("middle of the hold", ease_in + hold / 2),
        ("end of the hold", ease_in + hold - 0.01),
    ]


def main(argv: list[str]) -> int:
    out = Path(argv[1] if len(argv) > 1 else "docs/screenshots/demos")
    out.mkdir(parents=True, exist_ok=True)
    pygame.init()
    fonts = Fonts()
    for stretch in STRETCHES:
        side = Side.RIGHT if demonstration_for(stretch).one_sided else Side.BOTH
        path = out / f"{stretch}.png"
        pygame.image.save(_strip(stretch, side, hold_moments(), fonts), str(path))
        print(path)
    ease_in, _, _ = step_timing(STEP)
    glide = [(f"{t:.1f} s", t) for t in (0.0, ease_in / 3, 2 * ease_in / 3, ease_in)]
    rows = [_strip("calf-wall", Side.LEFT, glide, fonts),
            _strip("thumb-palm", Side.RIGHT, glide, fonts)]  # fmt: skip
    strip = pygame.Surface((rows[0].get_width(), sum(r.get_height() for r in rows)))
    y = 0
    for row in rows:
        strip.blit(row, (0, y))
        y += row.get_height()
    path = out / "strip.png"
    pygame.image.save(strip, str(path))
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
