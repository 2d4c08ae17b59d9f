"""``unclench history``: print the journal, export it to a file, import one.

A thin shell over ``unclench.journal``: reading never creates a journal that is not there
yet; a damaged journal is set aside as the app would, with its notice on stderr. Bad input
(a date that is not one, an import file that is not an export) is one line on stderr saying
what to do, exit 2; nothing here prints a traceback.
"""

from __future__ import annotations

import argparse
import csv
import json
from datetime import date
from pathlib import Path
from typing import TextIO

from unclench import paths
from unclench.cli.parser import EXIT_INVALID, EXIT_OK, EXIT_USAGE
from unclench.journal import JournalError, SessionRecord, open_journal
from unclench.journal.transfer import (
    FORMAT,
    FORMAT_VERSION,
    export_journal,
    import_journal,
    record_to_dict,
)


def _since(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise JournalError(
            f"unclench history: --since {text!r} is not a date — write it as YYYY-MM-DD, "
            "e.g. --since 2024-05-01"
        ) from None


def _minutes(seconds: float) -> str:
    return f"{seconds / 60:.1f}"


def _rating(record: SessionRecord) -> str:
    before = "-" if record.rating_before is None else str(record.rating_before)
    after = "-" if record.rating_after is None else str(record.rating_after)
    return "" if before == after == "-" else f"{before} → {after}"


def print_table(records: list[SessionRecord], out: TextIO) -> None:
    """The journal as a readable table, oldest first, with a total line."""
    if not records:
        out.write("No sessions recorded yet.\n")
        return
    rows = [
        (r.started.strftime("%Y-%m-%d %H:%M"), r.title, _minutes(r.practised_seconds),
         r.outcome_text, _rating(r))
        for r in records
    ]  # fmt: skip
    header = ("started", "routine", "minutes", "outcome", "tension")
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        cells = [
            cell.rjust(w) if i == 2 else cell.ljust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        ]
        out.write("  ".join(cells).rstrip() + "\n")
    total = sum(r.practised_seconds for r in records)
    out.write(f"{len(records)} sessions, {_minutes(total)} minutes practised\n")


def print_csv(records: list[SessionRecord], out: TextIO) -> None:
    rows = [record_to_dict(r) for r in records]
    fields = list(record_to_dict(records[0]).keys()) if records else ["uuid"]
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)


def print_json(records: list[SessionRecord], out: TextIO) -> None:
    """The same versioned document ``history export`` writes."""
    document = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "sessions": [record_to_dict(r) for r in records],
    }
    json.dump(document, out, ensure_ascii=False, indent=1)
    out.write("\n")


def run_history(
    args: argparse.Namespace, out: TextIO, err: TextIO, path: Path | None = None
) -> int:
    """Run ``unclench history [export FILE | import FILE]`` on the journal at ``path``
    (default: the user's)."""
    path = path or paths.journal_path()
    action = getattr(args, "history_action", None)
    try:
        since = _since(args.since)
        if action == "import":
            return _import(path, args.file, out, err)
    except JournalError as error:
        err.write(f"{error}\n")
        return EXIT_USAGE
    records = _read(path, since, args.routine, err)
    if action == "export":
        try:
            count = export_journal(records, args.file)
        except JournalError as error:
            err.write(f"{error}\n")
            return EXIT_INVALID
        out.write(f"exported {count} sessions to {args.file}\n")
    elif args.json:
        print_json(records, out)
    elif args.csv:
        print_csv(records, out)
    else:
        print_table(records, out)
    return EXIT_OK


def _read(path: Path, since: date | None, routine: str | None, err: TextIO) -> list[SessionRecord]:
    if not path.exists():
        return []
    opened = open_journal(path)
    for notice in opened.notices:
        err.write(f"note: {notice}\n")
    try:
        return opened.journal.sessions(since, routine)
    finally:
        opened.journal.close()


def _import(path: Path, file: Path, out: TextIO, err: TextIO) -> int:
    opened = open_journal(path)
    for notice in opened.notices:
        err.write(f"note: {notice}\n")
    try:
        added, total = import_journal(opened.journal, file)
    finally:
        opened.journal.close()
    out.write(f"imported {added} new sessions of {total} from {file}\n")
    return EXIT_OK
