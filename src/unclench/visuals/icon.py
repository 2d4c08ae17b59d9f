"""The app icon: a soft teal breathing disc with a halo and a thin ring, on the night
background. Drawn at runtime (``draw_icon``) or saved to ``assets/`` with
``python -m unclench.visuals.icon`` to regenerate ``icon-64.png`` and ``icon-256.png``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pygame

from unclench.core.routine import Phase
from unclench.paths import assets_dir
from unclench.visuals.breath import draw_breath
from unclench.visuals.theme import DARK, Palette
from unclench.visuals.widgets import panel_surface

ICON_SIZES = (64, 256)


def draw_icon(size: int, palette: Palette = DARK) -> pygame.Surface:
    """A square icon ``size`` pixels wide: a rounded tile with the disc mid-breath and a
    three-quarter hold ring. Drawn at 4× and scaled down for smooth edges."""
    big_size = size * 4
    art = pygame.Surface((big_size, big_size), pygame.SRCALPHA)
    art.fill((*palette.background, 255))
    draw_breath(art, art.get_rect(), Phase.HOLD, 0.25, palette)
    mask = panel_surface((big_size, big_size), big_size // 5, (255, 255, 255), None, 0)
    art.blit(mask, (0, 0), special_flags=pygame.BLEND_RGBA_MULT)
    return pygame.transform.smoothscale(art, (size, size))


def main(argv: list[str] | None = None) -> int:
    """Write the icons into the assets folder (or the folder given as the argument)."""
    args = sys.argv[1:] if argv is None else argv
    folder = Path(args[0]) if args else assets_dir()
    folder.mkdir(parents=True, exist_ok=True)
    for size in ICON_SIZES:
        path = folder / f"icon-{size}.png"
        pygame.image.save(draw_icon(size), str(path))
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
