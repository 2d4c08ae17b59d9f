"""Moving a journal between machines: a versioned JSON file of sessions.

Each session keeps its uuid, so importing the same file twice (or a file exported from a
journal that already holds some of its sessions) adds nothing twice. An import file is
checked whole before anything is written: a bad one raises ``JournalError`` naming the
session and field, and the journal is left as it was.
"""

from __future__ import annotations

import json
import math
import os
import tempfile
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from unclench.journal.records import OUTCOMES, JournalError, SessionRecord, local_iso
from unclench.journal.store import Journal

FORMAT = "unclench-journal"
FORMAT_VERSION = 1


def record_to_dict(record: SessionRecord) -> dict[str, Any]:
    """A session as JSON values (the export format's and ``history --json``'s)."""
    return {
        "uuid": record.uuid,
        "routine_id": record.routine_id,
        "title": record.title,
        "started": local_iso(record.started),
        "ended": local_iso(record.ended) if record.ended else None,
        "outcome": record.outcome,
        "steps_total": record.steps_total,
        "step_reached": record.step_reached,
        "practised_seconds": record.practised_seconds,
        "tempo": record.tempo,
        "cycles": record.cycles,
        "voice_on": record.voice_on,
        "rating_before": record.rating_before,
        "rating_after": record.rating_after,
    }


def export_journal(records: Iterable[SessionRecord], path: Path) -> int:
    """Write ``records`` to ``path`` (atomically: a temporary file, then a rename); returns
    how many. Raises JournalError if the file cannot be written."""
    sessions = [record_to_dict(r) for r in records]
    document = {"format": FORMAT, "version": FORMAT_VERSION, "sessions": sessions}
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent or Path("."))
        with os.fdopen(fd, "w", encoding="utf-8") as file:
            json.dump(document, file, ensure_ascii=False, indent=1)
            file.write("\n")
        os.replace(temp, path)
    except OSError as error:
        raise JournalError(
            f"{path}: cannot write the export ({error.strerror}) — choose another file"
        ) from None
    return len(sessions)


def _bad(path: Path, where: str, what: str) -> JournalError:
    return JournalError(f"{path}: {where}: {what} — use a file made by `unclench history export`")


def _field(path: Path, where: str, raw: dict[str, Any], name: str, kinds: tuple[type, ...],
           optional: bool = False) -> Any:  # fmt: skip
    value = raw.get(name)
    if value is None and optional:
        return None
    if isinstance(value, bool) and bool not in kinds:
        value = "a boolean"
    if not isinstance(value, kinds) or (isinstance(value, float) and not math.isfinite(value)):
        raise _bad(path, where, f"{name!r} is missing or has the wrong type")
    return value


def _moment(path: Path, where: str, text: str, name: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
        local_iso(moment)
    except ValueError:
        raise _bad(path, where, f"{name!r} is not a date and time with a UTC offset") from None
    return moment


def _record(path: Path, index: int, raw: object) -> SessionRecord:
    where = f"session {index + 1}"
    if not isinstance(raw, dict):
        raise _bad(path, where, "not an object")
    number = (int, float)
    ended = _field(path, where, raw, "ended", (str,), optional=True)
    outcome = _field(path, where, raw, "outcome", (str,))
    if outcome not in OUTCOMES:
        raise _bad(path, where, f"unknown outcome {outcome!r}")
    ratings = [_field(path, where, raw, n, (int,), optional=True)
               for n in ("rating_before", "rating_after")]  # fmt: skip
    if any(r is not None and not 0 <= r <= 10 for r in ratings):
        raise _bad(path, where, "a rating is outside 0–10")
    steps_total = _field(path, where, raw, "steps_total", (int,))
    step_reached = _field(path, where, raw, "step_reached", (int,))
    practised = float(_field(path, where, raw, "practised_seconds", number))
    if min(steps_total, step_reached, practised) < 0:
        raise _bad(path, where, "a count or duration is negative")
    return SessionRecord(
        uuid=_field(path, where, raw, "uuid", (str,)),
        routine_id=_field(path, where, raw, "routine_id", (str,)),
        title=_field(path, where, raw, "title", (str,)),
        started=_moment(path, where, _field(path, where, raw, "started", (str,)), "started"),
        ended=_moment(path, where, ended, "ended") if ended is not None else None,
        outcome=outcome,
        steps_total=steps_total,
        step_reached=step_reached,
        practised_seconds=practised,
        tempo=float(_field(path, where, raw, "tempo", number)),
        cycles=_field(path, where, raw, "cycles", (int,), optional=True),
        voice_on=_field(path, where, raw, "voice_on", (bool,)),
        rating_before=ratings[0],
        rating_after=ratings[1],
    )


def read_export(path: Path) -> list[SessionRecord]:
    """Read and check a whole export file. Raises JournalError saying what is wrong."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise JournalError(f"{path}: cannot read the file ({error.strerror})") from None
    except UnicodeDecodeError:
        raise _bad(path, "the file", "not UTF-8 text") from None
    try:
        document = json.loads(text)
    except ValueError as error:
        raise _bad(path, f"line {getattr(error, 'lineno', 1)}", "not valid JSON") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise _bad(path, "the file", "not an unclench journal export")
    version = document.get("version")
    if version != FORMAT_VERSION:
        raise JournalError(
            f"{path}: export format version {version!r}, this unclench reads "
            f"{FORMAT_VERSION} — update unclench to import it"
        )
    sessions = document.get("sessions")
    if not isinstance(sessions, list):
        raise _bad(path, "the file", "'sessions' is not a list")
    return [_record(path, i, raw) for i, raw in enumerate(sessions)]


def import_journal(journal: Journal, path: Path) -> tuple[int, int]:
    """Add the sessions of an export file that the journal lacks; returns (added, total)."""
    records = read_export(path)
    return journal.add_many(records), len(records)
