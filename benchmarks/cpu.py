"""CPU use of the running app (a subprocess): a breath session and the idle menu, under SDL's
dummy video driver and in a real X11 window (Xvfb, SDL's x11 driver), silent and with voice.

    .venv/bin/python benchmarks/cpu.py                    # all cases, 60 s each
    .venv/bin/python benchmarks/cpu.py --seconds 20 --only dummy

How: start ``unclench`` (menu) or ``unclench play coherent-breathing`` at the default window
size (1280×720), wait ``--warmup`` seconds (start-up, first prompts rendered), read the
process's utime+stime from /proc/PID/stat, wait ``--seconds``, read it again; CPU % =
CPU seconds / wall seconds (100 % = one core). Children (the speech worker) are read the
same way and shown apart. Targets: session ≤ 2.5 %, idle menu ≤ 0.5 %.

Audio: "silent" passes --silent (no mixer at all). "voice" runs with the default voice and
chimes; there is no sound card here, so the mixer plays into SDL's disk audio driver writing
to /dev/null (it mixes exactly as with a device; a real device adds its driver's cost).
Each voice run has its own fresh UNCLENCH_HOME, so the speech worker renders the session's
prompts during the warm-up (cold cache) and the window measures steady state.
``--env NAME=VALUE`` passes extra environment to the app (e.g. to try an SDL hint).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")
TARGETS = {"session": 2.5, "menu": 0.5}


def cpu_seconds(pid: int) -> float:
    with open(f"/proc/{pid}/stat", encoding="ascii") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime


def children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        if ppid == pid:
            found.append(int(entry))
    return found


@dataclass(frozen=True)
class Case:
    scene: str  # "session" or "menu"
    driver: str  # "dummy" or "x11"
    audio: str  # "silent" or "voice"

    def command(self) -> list[str]:
        base = [sys.executable, "-m", "unclench"]
        if self.scene == "session":
            base += ["play", "coherent-breathing"]
        return base + (["--silent"] if self.audio == "silent" else [])


def start_xvfb() -> tuple[subprocess.Popen[bytes], str]:
    if shutil.which("Xvfb") is None:
        raise SystemExit("Xvfb is missing: apt-get install xvfb")
    for number in range(140, 200):
        display = f":{number}"
        if Path(f"/tmp/.X11-unix/X{number}").exists():
            continue
        proc = subprocess.Popen(
            ["Xvfb", display, "-screen", "0", "1600x900x24", "-nolisten", "tcp"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(1.0)
        if proc.poll() is None:
            return proc, display
    raise SystemExit("could not start Xvfb")


def measure(
    case: Case, seconds: float, warmup: float, display: str | None, extra: dict[str, str]
) -> tuple[float, float]:
    """(app CPU %, children CPU %) over ``seconds`` after ``warmup``."""
    home = tempfile.mkdtemp(prefix="unclench-cpu-")
    env = dict(os.environ, UNCLENCH_HOME=home, PYGAME_HIDE_SUPPORT_PROMPT="1") | extra
    if case.driver == "x11":
        assert display is not None
        env.update(SDL_VIDEODRIVER="x11", DISPLAY=display)
    else:
        env["SDL_VIDEODRIVER"] = "dummy"
    if case.audio == "voice":
        env.update(SDL_AUDIODRIVER="disk", SDL_DISKAUDIOFILE="/dev/null")
    else:
        env["SDL_AUDIODRIVER"] = "dummy"
    # stderr to a file: the disk driver announces itself there; shown if the app fails.
    errors = Path(home) / "stderr.txt"
    with errors.open("wb") as err:
        proc = subprocess.Popen(case.command(), env=env, stdout=subprocess.DEVNULL, stderr=err)
    try:
        time.sleep(warmup)
        if proc.poll() is not None:
            raise SystemExit(f"{case}: the app exited early: {errors.read_text()[-2000:]}")
        kids = children(proc.pid)
        wall0 = time.perf_counter()
        app0 = cpu_seconds(proc.pid)
        kid0 = {k: cpu_seconds(k) for k in kids}
        time.sleep(seconds)
        app1 = cpu_seconds(proc.pid)
        wall = time.perf_counter() - wall0
        kid_cpu = 0.0
        for k, before in kid0.items():
            with contextlib.suppress(OSError):  # the worker may have exited
                kid_cpu += cpu_seconds(k) - before
        if proc.poll() is not None:
            raise SystemExit(f"{case}: the app exited during the measurement")
        return (app1 - app0) / wall * 100, kid_cpu / wall * 100
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(home, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="measured window (60)")
    parser.add_argument("--warmup", type=float, default=10.0, help="skipped start-up (10)")
    parser.add_argument("--only", choices=["dummy", "x11"], help="one video driver only")
    parser.add_argument(
        "--env",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="extra environment for the app, e.g. SDL_FRAMEBUFFER_ACCELERATION=0",
    )
    args = parser.parse_args()
    extra = dict(item.split("=", 1) for item in args.env)
    drivers = [args.only] if args.only else ["dummy", "x11"]
    cases = [
        Case(scene, driver, audio)
        for driver in drivers
        for scene, audio in (
            ("menu", "silent"),
            ("session", "silent"),
            ("session", "voice"),
        )
    ]
    print(
        f"cpu: app process CPU time / wall time over {args.seconds:g} s after {args.warmup:g} s"
        f" of start-up; 1280x720 window; session = coherent-breathing (default cycles);"
        f" {os.cpu_count()} cores" + (f"; extra environment {' '.join(args.env)}" if extra else "")
    )
    xvfb, display = start_xvfb() if "x11" in drivers else (None, None)
    try:
        print(f"{'scene':8s} {'driver':6s} {'audio':6s} {'app %':>7s} {'worker %':>9s}  target")
        for case in cases:
            app, kids = measure(case, args.seconds, args.warmup, display, extra)
            target = TARGETS[case.scene]
            verdict = "ok" if app <= target else "OVER"
            print(
                f"{case.scene:8s} {case.driver:6s} {case.audio:6s} {app:7.2f} {kids:9.2f}"
                f"  ≤ {target:g} % {verdict}",
                flush=True,
            )
    finally:
        if xvfb is not None:
            xvfb.terminate()
            xvfb.wait()
    flags = (f" --only {args.only}" if args.only else "") + "".join(f" --env {e}" for e in args.env)
    print(f"rerun: .venv/bin/python benchmarks/cpu.py --seconds {args.seconds:g}{flags}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
