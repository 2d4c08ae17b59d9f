"""CPU use of unclench as a ratio to a naive pygame pacer measured side by side in the same
run: a breath, a muscle and a stretch session and the idle menu, under SDL's dummy video
driver and in a real X11 window (Xvfb, SDL's x11 driver).

    .venv/bin/python benchmarks/cpu.py              # 2 rounds, 20 s per measurement (~9 min)
    .venv/bin/python benchmarks/cpu.py --quick      # 1 round, 8 s each (~2.5 min)
    .venv/bin/python benchmarks/cpu.py --only dummy --seconds 30 --rounds 3

Why ratios: absolute CPU figures on a shared virtual machine move by 3× from one day to the
next; two programs measured alternately in the same minutes move together. The reference is
``benchmarks/naive_pacer.py`` (1280×720, one anti-aliased disc redrawn every frame with
pygame.gfxdraw, a caption, Clock.tick(60), display.update of the changed area).

How: the cases run interleaved (reference, breath, muscle, stretch, menu, reference, …) for
``--rounds`` rounds per driver. Each is a fresh process; after ``--warmup`` seconds its
utime+stime is read from /proc/PID/stat, again ``--seconds`` later; CPU % = CPU seconds /
wall seconds (100 % = one core). A case's ratio = its median ÷ the reference's median over
the same rounds. Sessions are ``unclench play ROUTINE --silent --yes`` with the routine's
cautions marked as read in a temporary UNCLENCH_HOME (so no card is shown); the menu is
``unclench`` with the same home. Targets: session ≤ 0.4×, idle menu ≤ 0.1× the reference.
``--env NAME=VALUE`` passes extra environment to every process (e.g. to try an SDL hint).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
HERE = Path(__file__).resolve().parent
SESSIONS = {
    "breath": "coherent-breathing",
    "muscle": "progressive-relaxation-short",
    "stretch": "slow-stretching",
}
TARGETS = {"reference": None, "breath": 0.4, "muscle": 0.4, "stretch": 0.4, "menu": 0.1}


def cpu_seconds(pid: int) -> float:
    with open(f"/proc/{pid}/stat", encoding="ascii") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime


def prepare_home() -> Path:
    """A temporary UNCLENCH_HOME whose settings mark the sessions' cautions as read."""
    from unclench.catalog import load_catalog
    from unclench.settings import Settings, save_settings
    from unclench.ui.cautions import mark_seen

    home = Path(tempfile.mkdtemp(prefix="unclench-cpu-"))
    catalog = load_catalog(include_user=False)
    settings = Settings()
    for routine_id in SESSIONS.values():
        settings = mark_seen(settings, catalog.find(routine_id))
    os.environ["UNCLENCH_HOME"] = str(home)
    try:
        from unclench.settings import settings_path

        path = settings_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        save_settings(settings, path)
    finally:
        del os.environ["UNCLENCH_HOME"]
    return home


@dataclass(frozen=True)
class Case:
    name: str  # "reference", "breath", "muscle", "stretch", "menu"

    def command(self) -> list[str]:
        if self.name == "reference":
            return [sys.executable, str(HERE / "naive_pacer.py")]
        base = [sys.executable, "-m", "unclench"]
        if self.name == "menu":
            return [*base, "--silent"]
        return [*base, "play", SESSIONS[self.name], "--silent", "--yes"]


def start_xvfb() -> tuple[subprocess.Popen[bytes], str]:
    if shutil.which("Xvfb") is None:
        raise SystemExit("Xvfb is missing: apt-get install xvfb (or --only dummy)")
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
    case: Case,
    driver: str,
    home: Path,
    seconds: float,
    warmup: float,
    display: str | None,
    extra: dict[str, str],
) -> float:
    """The process's CPU % over ``seconds`` after ``warmup``."""
    env = dict(os.environ, UNCLENCH_HOME=str(home), PYGAME_HIDE_SUPPORT_PROMPT="1")
    env["SDL_AUDIODRIVER"] = "dummy"
    if driver == "x11":
        assert display is not None
        env.update(SDL_VIDEODRIVER="x11", DISPLAY=display)
    else:
        env["SDL_VIDEODRIVER"] = "dummy"
    env |= extra
    errors = home / f"stderr-{case.name}.txt"
    with errors.open("wb") as err:
        proc = subprocess.Popen(case.command(), env=env, stdout=subprocess.DEVNULL, stderr=err)
    try:
        time.sleep(warmup)
        if proc.poll() is not None:
            raise SystemExit(f"{case.name}: exited early: {errors.read_text()[-2000:]}")
        wall0 = time.perf_counter()
        cpu0 = cpu_seconds(proc.pid)
        time.sleep(seconds)
        cpu1 = cpu_seconds(proc.pid)
        wall = time.perf_counter() - wall0
        if proc.poll() is not None:
            raise SystemExit(f"{case.name}: exited during the measurement")
        return (cpu1 - cpu0) / wall * 100
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def run_driver(
    driver: str, args: argparse.Namespace, home: Path, display: str | None, extra: dict[str, str]
) -> None:
    cases = [Case(name) for name in TARGETS]
    figures: dict[str, list[float]] = {case.name: [] for case in cases}
    for _ in range(args.rounds):
        for case in cases:
            figures[case.name].append(
                measure(case, driver, home, args.seconds, args.warmup, display, extra)
            )
    reference = statistics.median(figures["reference"])
    for case in cases:
        values = figures[case.name]
        median = statistics.median(values)
        runs = " ".join(f"{v:.2f}" for v in values)
        target = TARGETS[case.name]
        if target is None:
            tail = "(the reference)"
        else:
            ratio = median / reference if reference > 0 else float("inf")
            verdict = "ok" if ratio <= target else "OVER"
            tail = f"ratio {ratio:5.2f}×  target ≤ {target:g}× {verdict}"
        print(f"{driver:6s} {case.name:9s} {median:7.2f} %  [{runs}]  {tail}", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="1 round, 8 s, 4 s warm-up")
    parser.add_argument("--seconds", type=float, default=20.0, help="measured window (20)")
    parser.add_argument("--warmup", type=float, default=6.0, help="skipped start-up (6)")
    parser.add_argument("--rounds", type=int, default=2, help="interleaved rounds (2)")
    parser.add_argument("--only", choices=["dummy", "x11"], help="one video driver only")
    parser.add_argument("--env", action="append", default=[], metavar="NAME=VALUE")
    args = parser.parse_args()
    if args.quick:
        args.seconds, args.warmup, args.rounds = 8.0, 4.0, 1
    extra = dict(item.split("=", 1) for item in args.env)
    drivers = [args.only] if args.only else ["dummy", "x11"]
    print(
        f"cpu: process CPU time / wall time over {args.seconds:g} s after {args.warmup:g} s of"
        f" start-up, {args.rounds} interleaved round(s); 1280x720; silent; sessions"
        f" {', '.join(f'{k}={v}' for k, v in SESSIONS.items())}; {os.cpu_count()} cores"
        + (f"; extra environment {' '.join(args.env)}" if extra else "")
    )
    print("driver case      median %  [each round]  ratio = median ÷ reference median")
    home = prepare_home()
    xvfb, display = start_xvfb() if "x11" in drivers else (None, None)
    try:
        for driver in drivers:
            run_driver(driver, args, home, display, extra)
    finally:
        if xvfb is not None:
            xvfb.terminate()
            xvfb.wait()
        shutil.rmtree(home, ignore_errors=True)
    flags = (
        (" --quick" if args.quick else f" --seconds {args.seconds:g} --rounds {args.rounds}")
        + (f" --only {args.only}" if args.only else "")
        + "".join(f" --env {e}" for e in args.env)
    )
    print(f"rerun: .venv/bin/python benchmarks/cpu.py{flags}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
