"""How fast routines load and compile. Prints figures; asserts nothing (tests never time).

    .venv/bin/python benchmarks/compile_timeline.py

- a 10,000-step routine (a repeat of 1,000 × 10 steps): parse, then compile_timeline
  (budget: compile well under 100 ms);
- a flat file near the 256 KiB limit: parse;
- 1,000 small user routines in a folder: load_catalog (budget: well under 1 s).
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from unclench.catalog import load_catalog
from unclench.core.load.parse import parse_routine
from unclench.core.timeline import compile_timeline

HEADER = "id: bench-{n}\ntitle: Bench {n}\nkind: breath\nsummary: A benchmark.\n"
CYCLE = "".join(
    f"        - {phase}: Breath {{cycle}} of {{cycles}}, part {i}.\n          counts: 1\n"
    for i, phase in enumerate(["inhale", "hold", "exhale", "hold_out", "rest"] * 2)
)
BIG = (
    HEADER.format(n=0)
    + "tempo: 0.5\ntempo_range: [0.5, 0.7]\ncount_aloud: true\n"
    + "steps:\n  - repeat:\n      times: 1000\n      steps:\n"
    + CYCLE
).encode()
FLAT = (
    HEADER.format(n=1)
    + "steps:\n"
    + "  - inhale: In.\n    seconds: 0.5\n  - exhale: ~\n    seconds: 0.5\n" * 3700
).encode()
SMALL = (
    HEADER + "steps:\n" + "  - inhale: In.\n    counts: 4\n  - exhale: Out.\n    counts: 6\n" * 8
)


def best_of(runs: int, action: Callable[[], object]) -> tuple[float, float]:
    """(best, median) wall time in milliseconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return min(times), statistics.median(times)


def report(label: str, runs: int, action: Callable[[], object]) -> None:
    best, median = best_of(runs, action)
    print(f"{label:<48} best {best:8.2f} ms   median {median:8.2f} ms   ({runs} runs)")


def main() -> None:
    routine = parse_routine(BIG, "big.yaml")
    timeline = compile_timeline(routine)
    print(
        f"big routine: {len(BIG):,} bytes, {len(timeline.cues):,} steps, "
        f"{len(timeline.beats):,} beats"
    )
    report("parse 10,000-step routine (repeat)", 20, lambda: parse_routine(BIG, "big.yaml"))
    report("compile_timeline 10,000 steps", 20, lambda: compile_timeline(routine))
    report(
        "compile_timeline 10,000 steps, tempo 0.5", 20, lambda: compile_timeline(routine, tempo=0.5)
    )
    flat = parse_routine(FLAT, "flat.yaml")
    print(f"flat routine: {len(FLAT) / 1024:,.0f} KiB, {len(flat.steps):,} steps")
    report("parse flat file near 256 KiB", 10, lambda: parse_routine(FLAT, "flat.yaml"))
    report("compile_timeline flat file", 10, lambda: compile_timeline(flat))

    with tempfile.TemporaryDirectory() as home:
        os.environ["UNCLENCH_HOME"] = home
        folder = Path(home) / "data" / "routines"
        folder.mkdir(parents=True)
        for n in range(1000):
            (folder / f"bench-{n:04d}.yaml").write_text(SMALL.format(n=n), encoding="utf-8")
        catalog = load_catalog()
        print(
            f"catalog: {len(catalog.routines):,} good routines, "
            f"{sum(e.error is not None for e in catalog.entries)} broken"
        )
        report("load_catalog with 1,000 user routines", 5, load_catalog)


if __name__ == "__main__":
    main()
