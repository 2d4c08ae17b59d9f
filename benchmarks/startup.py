"""Start-up: from launch to the first menu frame, with the built-in routines and with 1,000
user routines.

    .venv/bin/python benchmarks/startup.py [--runs 10]

Each run starts ``unclench --events FILE`` (the menu, default voice and chimes) as a fresh
process under SDL's dummy video and audio drivers with its own UNCLENCH_HOME, waits for the
``ready`` event (emitted after the first frame is on screen; its ``t`` counts from the
process's start as /proc records it, so interpreter start-up and imports are included), then
closes the app. The first run of each set is a warm-up (file cache) and is not counted.
Target: < 0.7 s.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET = 0.7
SMALL = (
    "id: bench-{n}\ntitle: Bench {n}\nkind: breath\nsummary: A benchmark.\nsteps:\n"
    + "  - inhale: In.\n    counts: 4\n  - exhale: Out.\n    counts: 6\n" * 8
)


def write_routines(home: Path, count: int) -> None:
    folder = home / "data" / "routines"
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        (folder / f"bench-{n:04d}.yaml").write_text(SMALL.format(n=n), encoding="utf-8")


def time_to_ready(home: Path, timeout: float = 20.0) -> float:
    events = home / "events.jsonl"
    events.unlink(missing_ok=True)
    env = dict(
        os.environ,
        UNCLENCH_HOME=str(home),
        SDL_VIDEODRIVER="dummy",
        SDL_AUDIODRIVER="dummy",
        PYGAME_HIDE_SUPPORT_PROMPT="1",
    )
    command = [sys.executable, "-m", "unclench", "--events", str(events)]
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if events.exists():
                for line in events.read_text(encoding="utf-8").splitlines():
                    record = json.loads(line)
                    if record["event"] == "ready":
                        return float(record["t"])
            if proc.poll() is not None:
                raise SystemExit(f"the app exited: {proc.stderr.read().decode()[-2000:]}")
            time.sleep(0.02)
        raise SystemExit("no ready event within the timeout")
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def run_set(label: str, routines: int, runs: int) -> None:
    home = Path(tempfile.mkdtemp(prefix="unclench-startup-"))
    try:
        if routines:
            write_routines(home, routines)
        time_to_ready(home)  # warm-up, not counted
        times = [time_to_ready(home) for _ in range(runs)]
    finally:
        shutil.rmtree(home, ignore_errors=True)
    verdict = "ok" if max(times) < TARGET else "OVER"
    print(
        f"{label:28s} median {statistics.median(times):.3f} s  min {min(times):.3f}"
        f"  max {max(times):.3f} s  ({runs} runs)  target < {TARGET} s: {verdict}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    print(
        "startup: launch -> first menu frame (ready event t, from process start);"
        f" unclench --events FILE; SDL dummy video+audio; 1280x720; {os.cpu_count()} cores"
    )
    run_set("built-in routines only", 0, args.runs)
    run_set("+ 1,000 user routines", 1000, args.runs)
    print(f"rerun: .venv/bin/python benchmarks/startup.py --runs {args.runs}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
