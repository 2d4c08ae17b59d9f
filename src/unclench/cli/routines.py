"""What ``unclench list``, ``show`` and ``check`` print.

Each command writes to the streams it is given and returns the exit code; a routine that
cannot be found or compiled raises before these are called. Nothing here speaks or opens a
window: ``check --speech`` hands its routines to a SpeechCheck (see cli_speech).
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from unclench.catalog import Catalog, Entry, load_routine_file, scan_folder
from unclench.cli.parser import EXIT_INVALID, EXIT_OK
from unclench.cli.terminal import display_width, pad
from unclench.core.durations import format_clock
from unclench.core.errors import Problem, RoutineError, format_problem
from unclench.core.routine import Routine
from unclench.core.sources import references
from unclench.core.tension_cues import early_cues
from unclench.core.timeline import Timeline, total_seconds

if TYPE_CHECKING:
    from unclench.cli.speech import SpeechCheck

# ---------------------------------------------------------------------------------- list


def _default_seconds(routine: Routine) -> float:
    return total_seconds(routine)


def cmd_list(catalog: Catalog, as_json: bool, out: TextIO, err: TextIO) -> int:
    """The routine table (or JSON); notes about overridden built-ins follow the table (on
    stderr with --json, so stdout stays one JSON document)."""
    rows = []
    for entry in catalog.entries:
        if entry.routine is not None:
            r = entry.routine
            rows.append(
                {
                    "id": r.id,
                    "title": r.title,
                    "kind": str(r.kind),
                    "seconds": round(_default_seconds(r), 3),
                    "duration": format_clock(_default_seconds(r)),
                    "origin": entry.origin,
                    "path": str(entry.path),
                    "overrides": str(entry.overrides) if entry.overrides else None,
                    "error": None,
                }
            )
        else:
            first = entry.error.problems[0] if entry.error and entry.error.problems else None
            rows.append(
                {
                    "id": None,
                    "title": None,
                    "kind": None,
                    "seconds": None,
                    "duration": None,
                    "origin": entry.origin,
                    "path": str(entry.path),
                    "overrides": None,
                    "error": str(first) if first else "could not be read",
                }
            )
    if as_json:
        json.dump(rows, out, indent=2)
        out.write("\n")
        for notice in catalog.notices:
            err.write(f"note: {notice}\n")
        return EXIT_OK
    good = [row for row in rows if row["error"] is None]
    broken = [row for row in rows if row["error"] is not None]
    # Padded by terminal columns, not characters: a CJK or emoji title takes two per glyph.
    id_width = max([display_width(str(row["id"])) for row in good] + [2])
    title_width = max([display_width(str(row["title"])) for row in good] + [5])
    out.write(
        f"{pad('ID', id_width)}  {pad('TITLE', title_width)}  {'KIND':<7}  {'TIME':>7}  FROM\n"
    )
    for row in good:
        origin = row["origin"] if row["origin"] != "path" else row["path"]
        out.write(
            f"{pad(str(row['id']), id_width)}  {pad(str(row['title']), title_width)}  "
            f"{row['kind']:<7}  {row['duration']:>7}  {origin}\n"
        )
    if broken:
        out.write(f"\n{len(broken)} routine file(s) could not be loaded:\n")
        for row in broken:
            out.write(f"  {row['error']}\n")
    for notice in catalog.notices:
        out.write(f"note: {notice}\n")
    return EXIT_OK


# ---------------------------------------------------------------------------------- show


def timeline_rows(timeline: Timeline) -> list[dict[str, object]]:
    return [
        {
            "index": cue.index,
            "start": round(cue.start, 6),
            "duration": round(cue.duration, 6),
            "counts": cue.counts,
            "phase": str(cue.phase),
            "say": cue.say,
            "caption": cue.caption,
            "target": cue.target,
            "side": str(cue.side) if cue.side else None,
            "chime": cue.chime,
            "line": cue.line,
        }
        for cue in timeline.cues
    ]


def cmd_show(timeline: Timeline, as_json: bool, out: TextIO) -> int:
    routine = timeline.routine
    if as_json:
        doc = {
            "id": routine.id,
            "title": routine.title,
            "tempo": timeline.tempo,
            "cycles": timeline.cycles,
            "total": round(timeline.total, 6),
            "cautions": list(routine.cautions),
            "source": routine.source,
            "references": list(references(routine.source)),
            "steps": timeline_rows(timeline),
        }
        json.dump(doc, out, indent=2)
        out.write("\n")
        return EXIT_OK
    out.write(f"{routine.title} ({routine.id}) — tempo {timeline.tempo:g} s per count")
    if timeline.cycles is not None:
        out.write(f", {timeline.cycles} cycles")
    out.write("\n")
    if routine.cautions:
        out.write("\nBefore you begin:\n")
        for caution in routine.cautions:
            out.write(f"  • {caution}\n")
    based = references(routine.source)
    if based:
        out.write("\nBased on:\n")
        for reference in based:
            out.write(f"  {reference}\n")
    out.write("\n")
    out.write(f"{'START':>8}  {'LENGTH':>7}  {'PHASE':<11}  TEXT\n")
    for cue in timeline.cues:
        text = cue.caption if cue.say is None else cue.say
        out.write(f"{format_clock(cue.start):>8}  {cue.duration:>6.1f}s  {cue.phase:<11}  {text}\n")
    out.write(f"\nTotal {format_clock(timeline.total)} ({timeline.total:.1f} s)\n")
    return EXIT_OK


# --------------------------------------------------------------------------------- check


def _missing(path: Path) -> bool:
    """Nothing at ``path`` (a name too long for the system is not "missing": reading the
    file then says what is wrong)."""
    try:
        os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return True
    except OSError:
        return False
    return False


def _check_entries(paths_: Sequence[Path]) -> list[Entry]:
    """An Entry per routine file named or found in a named folder; a missing path becomes a
    broken entry, so every other file is still checked."""
    entries: list[Entry] = []
    for path in paths_:
        try:
            is_dir = stat.S_ISDIR(os.stat(path).st_mode)
        except OSError:  # missing, or a name too long: load_routine_file says which
            is_dir = False
        if is_dir:
            entries.extend(scan_folder(path, "path"))
            continue
        try:
            if _missing(path):
                raise RoutineError(
                    [Problem(str(path), 0, 0, "", "no such file or folder", "check the path")]
                )
            routine = load_routine_file(path)
        except RoutineError as error:
            entries.append(Entry(None, path, "path", error, None))
        else:
            entries.append(Entry(routine, path, "path", None, None))
    return entries


def _font_warnings(entries: Sequence[Entry], err: TextIO) -> int:
    """Warn at each line with a character no installed font draws (visuals.coverage);
    return how many lines."""
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    from unclench.visuals.coverage import missing_glyphs  # opens fonts: only when checking

    count = 0
    for entry in entries:
        if entry.routine is None:
            continue
        try:
            text = entry.path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # it loaded a moment ago; a file gone since has nothing to draw
        for problem in missing_glyphs(entry.path, text):
            err.write(f"{format_problem(problem, severity='warning')}\n")
            count += 1
    return count


def cmd_check(
    paths_: Sequence[Path],
    out: TextIO,
    err: TextIO,
    speech: SpeechCheck | None = None,
) -> int:
    """Print every problem of every file; exit 1 if any file is invalid. Warn where a
    spoken prompt asks for tension or a held breath before its step (core.tension_cues),
    where no installed font has a character the routine uses (visuals.coverage) and, with
    ``speech``, where a prompt outlasts its step (warnings never change the exit code)."""
    entries = _check_entries(paths_)
    bad = 0
    for entry in entries:
        if entry.error is not None:
            bad += 1
            for problem in entry.error.problems:
                err.write(f"{problem}\n")
    good = len(entries) - bad
    if not entries:
        err.write(
            "no routine files (*.yaml, *.yml) found — give a file or a folder that has some\n"
        )
        return EXIT_INVALID
    cues = 0
    for entry in entries:
        if entry.routine is not None:
            for problem in early_cues(entry.routine):
                located = replace(problem, file=str(entry.path))
                err.write(f"{format_problem(located, severity='warning')}\n")
                cues += 1
    glyphs = _font_warnings(entries, err)
    warnings = 0
    if speech is not None:
        routines = [(e.path, e.routine) for e in entries if e.routine is not None]
        warnings = speech.run(routines, err)
    summary = f"{good} valid, {bad} invalid"
    if cues:
        summary += f", {cues} cue warning{'s' if cues != 1 else ''}"
    if glyphs:
        summary += f", {glyphs} font warning{'s' if glyphs != 1 else ''}"
    if speech is not None and speech.ran:
        summary += f", {warnings} speech warning{'s' if warnings != 1 else ''}"
    (err if bad else out).write(f"{summary}\n")
    return EXIT_INVALID if bad else EXIT_OK
