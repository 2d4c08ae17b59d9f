"""Menu at scale: 1,000 user routines — how long until they are listed, and how long each
frame takes while scrolling through them.

    .venv/bin/python benchmarks/menu_scale.py [--routines 1000] [--profile]

Drives the App in-process under SDL's dummy video driver at 1280×720 (silent, no mixer):
writes the routines to $UNCLENCH_HOME/data/routines (a temp folder), then times
``load_catalog`` and ``App.open`` up to the first drawn frame (the in-process ``ready``;
``benchmarks/startup.py`` times the same from a fresh process, interpreter included).
Then it scrolls: one KEYDOWN per tick (pygame.event.post + App.tick(wait=False)), K_DOWN
through the whole list, then K_PAGEUP/K_PAGEDOWN end to end, and reports the duration of
each tick (dispatch + frame key + draw + display update), p50/p99/max.
Targets: listed within 1 s; scrolling smooth (every frame well under 16.7 ms).
``--profile`` prints the top functions (cProfile) of the scrolling part.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

SMALL = (
    "id: bench-{n}\ntitle: Bench routine number {n}\nkind: {kind}\nsummary: A benchmark.\n"
    "steps:\n" + "  - inhale: In.\n    counts: 4\n  - exhale: Out.\n    counts: 6\n" * 8
)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))]


def summary(label: str, ms: list[float]) -> None:
    over = sum(1 for m in ms if m > 16.7)
    print(
        f"  {label:26s} n={len(ms):5d}  p50 {percentile(ms, 50):6.2f}"
        f"  p99 {percentile(ms, 99):6.2f}  max {max(ms):6.2f} ms   frames > 16.7 ms: {over}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--routines", type=int, default=1000)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()

    home = Path(tempfile.mkdtemp(prefix="unclench-menu-"))
    os.environ["UNCLENCH_HOME"] = str(home)
    folder = home / "data" / "routines"
    folder.mkdir(parents=True)
    kinds = ("breath", "muscle", "stretch")
    for n in range(args.routines):
        text = SMALL.format(n=n, kind=kinds[n % 3])
        (folder / f"bench-{n:04d}.yaml").write_text(text, encoding="utf-8")

    import pygame

    from unclench.app import App, AppOptions
    from unclench.catalog import load_catalog
    from unclench.settings import Settings

    started = time.perf_counter()
    catalog = load_catalog()
    loaded = time.perf_counter()
    app = App(AppOptions(catalog=catalog, settings=Settings(), process_start=started))
    app.open()
    app.tick(wait=False)
    ready = time.perf_counter()
    rows = len(app._current().rows)  # type: ignore[attr-defined]
    print(
        f"menu_scale: {args.routines} user routines ({len(catalog.routines)} in the catalog,"
        f" {rows} menu rows); SDL dummy driver; 1280x720; in-process App, silent"
    )
    print(f"  load_catalog               {(loaded - started) * 1000:7.1f} ms")
    print(f"  App.open + first frame     {(ready - loaded) * 1000:7.1f} ms")
    print(f"  listed (ready)             {(ready - started) * 1000:7.1f} ms   target < 1000 ms")

    def press(key: int) -> float | None:
        """The tick's duration in ms, or None when nothing was redrawn (end of the list)."""
        event = pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode="", scancode=0)
        pygame.event.post(event)
        before = app._last_key
        t0 = time.perf_counter()
        app.tick(wait=False)
        ms = (time.perf_counter() - t0) * 1000
        return ms if app._last_key != before else None

    def scroll(key: int, times: int) -> list[float]:
        return [ms for ms in (press(key) for _ in range(times)) if ms is not None]

    profiler = cProfile.Profile() if args.profile else None
    if profiler:
        profiler.enable()
    down = scroll(pygame.K_DOWN, len(catalog.routines) + 5)
    up_page = scroll(pygame.K_PAGEUP, len(catalog.routines) // 5)
    down_page = scroll(pygame.K_PAGEDOWN, len(catalog.routines) // 5)
    for _ in range(3):  # up and down again, for more page-sized jumps
        up_page += scroll(pygame.K_PAGEUP, len(catalog.routines) // 5)
        down_page += scroll(pygame.K_PAGEDOWN, len(catalog.routines) // 5)
    if profiler:
        profiler.disable()
    print("per-tick time while scrolling (one key per tick; only ticks that redrew):")
    summary("K_DOWN through the list", down)
    summary("K_PAGEUP to the top, x4", up_page)
    summary("K_PAGEDOWN to the end, x4", down_page)
    summary("all", down + up_page + down_page)
    app.close()
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(18)
    print(f"rerun: .venv/bin/python benchmarks/menu_scale.py --routines {args.routines}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
