"""What recording costs the app: opening the journal at start-up and the summary's two
queries. Prints figures; asserts nothing (tests never time).

    .venv/bin/python benchmarks/journal_startup.py

On a new journal and on one of 100,000 sessions (built as in ``journal_history.py``):
``start_journal`` (open or create, migrate, close what a killed app left open, start the
writer thread; median of 10) and the summary's ``practice_today`` reads (today's total
and the streak; median of 50).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from journal_history import TODAY, TZ, build, sessions
from unclench.journal import Journal
from unclench.practice import start_journal


def evening() -> datetime:
    return datetime(TODAY.year, TODAY.month, TODAY.day, 20, 0, tzinfo=TZ)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        for name, count in (("new", 0), ("100,000 sessions", 100_000)):
            path = Path(folder) / "new.sqlite3"
            if count:
                path = build(Path(folder), "big", sessions(count, 0.1))
            opening = []
            for _ in range(10):
                start = time.perf_counter()
                recorder, _ = start_journal(path, evening)
                opening.append((time.perf_counter() - start) * 1000)
                recorder.close()
            journal = Journal(path)
            reads = []
            for _ in range(50):
                start = time.perf_counter()
                journal.days(TODAY, TODAY)
                journal.streak(TODAY)
                reads.append((time.perf_counter() - start) * 1000)
            journal.close()
            print(
                f"{name}: start_journal median {statistics.median(opening):.2f} ms "
                f"(max {max(opening):.2f}); practice_today reads median "
                f"{statistics.median(reads):.3f} ms"
            )


if __name__ == "__main__":
    main()
