"""Pacing: how late each step starts, over a long session in the real app (a subprocess).

    .venv/bin/python benchmarks/pacing.py              # 20-minute session (the target run)
    .venv/bin/python benchmarks/pacing.py --minutes 2  # a quick run

Runs ``unclench play coherent-breathing --cycles N --silent --events FILE`` under SDL's
dummy video and audio drivers (N chosen so the session lasts about ``--minutes``), waits
for the summary to close itself, then reads the event log. For every ``step`` event it
takes ``t - due`` (when the loop noticed the step vs when it was scheduled, both counted
from session_start) and prints p50/p99/max, how many were within the 10 ms target, and
the error in the first minute against the last minute (drift would show there).
Target: every step within 10 ms of its due time; no growth from the first to the last minute.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from unclench.catalog import load_catalog
from unclench.core.timeline import compile_timeline

TARGET_MS = 10.0


def cycles_for(routine_id: str, minutes: float) -> tuple[int, float]:
    """The cycle count whose session is closest to ``minutes`` (and its length in s)."""
    routine = load_catalog().find(routine_id)
    low, high = routine.cycles_range if routine.cycles_range else (1, 1)
    best = min(
        range(low, high + 1),
        key=lambda n: abs(compile_timeline(routine, cycles=n).total - minutes * 60),
    )
    return best, compile_timeline(routine, cycles=best).total


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def read_events(path: Path) -> list[dict[str, object]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def lateness_ms(events: list[dict[str, object]], kind: str) -> list[tuple[float, float]]:
    """(due s, t - due ms) for every event of ``kind``."""
    return [
        (float(e["due"]), (float(e["t"]) - float(e["due"])) * 1000)  # type: ignore[arg-type]
        for e in events
        if e["event"] == kind and "due" in e
    ]


def describe(label: str, rows: list[tuple[float, float]]) -> None:
    if not rows:
        print(f"  {label:9s} none")
        return
    ms = [late for _due, late in rows]
    within = sum(1 for late in ms if abs(late) <= TARGET_MS)
    print(
        f"  {label:9s} n={len(ms):5d}  p50 {percentile(ms, 50):6.2f}  p99 {percentile(ms, 99):6.2f}"
        f"  max {max(ms):6.2f}  min {min(ms):6.2f} ms   within {TARGET_MS:g} ms: {within}/{len(ms)}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=20.0, help="session length (default 20)")
    parser.add_argument("--routine", default="coherent-breathing", help="a breath routine id")
    parser.add_argument("--events", type=Path, help="keep the event log here")
    parser.add_argument("--analyse", type=Path, metavar="LOG", help="only analyse an event log")
    args = parser.parse_args()
    if args.analyse:
        log = read_events(args.analyse)
        start = next(e for e in log if e["event"] == "session_start")
        report(log, float(start["total"]))  # type: ignore[arg-type]
        return 0

    cycles, total = cycles_for(args.routine, args.minutes)
    events = args.events or Path(tempfile.mkdtemp(prefix="unclench-pacing-")) / "events.jsonl"
    command = [
        sys.executable, "-m", "unclench", "play", args.routine, "--cycles", str(cycles),
        "--silent", "--events", str(events),
    ]  # fmt: skip
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy")
    env["PYGAME_HIDE_SUPPORT_PROMPT"] = "1"
    print(f"pacing: {args.routine} --cycles {cycles} ({total / 60:.2f} min), --silent,")
    print("        SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy, 1280x720 window (default size)")
    print(f"        {' '.join(command[2:])}")
    started = time.perf_counter()
    code = subprocess.call(command, env=env, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    log = read_events(events)
    print(f"exit code {code}, wall {wall:.1f} s, event log {events}")
    report(log, total)
    rerun = f".venv/bin/python benchmarks/pacing.py --minutes {args.minutes:g}"
    print(f"rerun: {rerun}")
    return 0 if code == 0 else 1


def report(log: list[dict[str, object]], total: float) -> None:
    steps = lateness_ms(log, "step")
    print("lateness t - due (ms):")
    describe("step", steps)
    describe("chime", lateness_ms(log, "chime"))
    describe("end", lateness_ms(log, "session_end"))
    if steps:
        first = [late for due, late in steps if due < 60]
        last = [late for due, late in steps if due >= total - 60]
        for label, rows in (("first minute", first), ("last minute", last)):
            if rows:
                print(
                    f"  steps in the {label}: n={len(rows)}  mean {statistics.mean(rows):.2f}"
                    f"  max {max(rows):.2f} ms"
                )
        if first and last:
            drift = statistics.mean(last) - statistics.mean(first)
            print(f"  drift (mean last minute - mean first minute): {drift:+.2f} ms")
        ends = [e for e in log if e["event"] == "session_end"]
        if ends:
            print(f"  session_end outcome: {ends[0].get('outcome')}")


if __name__ == "__main__":
    sys.exit(main())
