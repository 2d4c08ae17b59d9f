"""CPU and memory of the idle reminder process (``unclench remind run``) over a minute.

Starts a private session bus (``dbus-daemon --session``), runs ``unclench remind run`` on it
with one reminder set (for tomorrow, so it only sleeps), waits, and reads the process's
CPU seconds (utime + stime, /proc/PID/stat) and resident memory (VmRSS, /proc/PID/status)::

    PYTHONPATH=src python benchmarks/reminder_idle.py [SECONDS]
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def main() -> None:
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 60.0
    home = Path(tempfile.mkdtemp())
    (home / "config").mkdir()
    soon = time.localtime(time.time() - 120)  # two minutes ago: next due tomorrow
    when = f"{soon.tm_hour:02d}:{soon.tm_min:02d}"
    reminder = {"routine_id": "relaxing-breath", "when": when, "weekdays_only": False}
    (home / "config" / "settings.json").write_text(json.dumps({"reminders": [reminder]}))
    bus = subprocess.Popen(
        ["dbus-daemon", "--session", "--print-address=1", "--nofork", "--nopidfile"],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert bus.stdout is not None
    env = dict(os.environ, UNCLENCH_HOME=str(home), DBUS_SESSION_BUS_ADDRESS=bus.stdout.readline())
    env["DBUS_SESSION_BUS_ADDRESS"] = env["DBUS_SESSION_BUS_ADDRESS"].strip()
    runner = subprocess.Popen(
        [sys.executable, "-m", "unclench", "remind", "run"], env=env, stderr=subprocess.PIPE
    )
    try:
        assert runner.stderr is not None
        runner.stderr.readline()  # started: it has said where notifications go
        cpu0, wall0 = cpu_seconds(runner.pid), time.monotonic()
        time.sleep(seconds)
        cpu1, wall1 = cpu_seconds(runner.pid), time.monotonic()
        rss = rss_kib(runner.pid)
    finally:
        runner.send_signal(signal.SIGTERM)
        runner.wait()
        bus.terminate()
        bus.wait()
    used, wall = cpu1 - cpu0, wall1 - wall0
    print(f"idle for {wall:.1f} s: {used:.3f} CPU s ({100 * used / wall:.4f} % of a core), "
          f"RSS {rss / 1024:.1f} MiB")  # fmt: skip


if __name__ == "__main__":
    main()
