"""The command line: a thin shell over the library.

Each command calls one library function and turns its error into a message here, once:
a UnclenchError prints to stderr and exits 1; a usage error exits 2 (argparse). Nothing
else should escape; if it does, that is a bug and the traceback is the right thing to show.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from . import __version__
from .catalog import Catalog, Entry, load_catalog, load_routine_file, scan_folder
from .errors import ChoiceError, RoutineError, UnclenchError
from .routine import Routine
from .timeline import Timeline, compile_timeline, format_clock

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
_STARTED = 0.0


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not value > 0 or value != value or value == float("inf"):
        raise argparse.ArgumentTypeError(f"{text!r} must be a positive number")
    return value


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} must be 1 or more")
    return value


def _add_choices(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--tempo", type=_positive_float, metavar="S", help="seconds per count (the routine's range)"
    )
    parser.add_argument(
        "--cycles", type=_positive_int, metavar="N", help="number of cycles (the routine's range)"
    )


def _add_voice(parser: argparse.ArgumentParser, sub: bool = True) -> None:
    # On subcommands the defaults are suppressed, so `unclench --voice X play …` keeps X.
    default = argparse.SUPPRESS if sub else None
    parser.add_argument(
        "--voice", metavar="ID", default=default, help="speech voice id (see `unclench voices`)"
    )
    parser.add_argument(
        "--rate", type=_positive_int, metavar="WPM", default=default, help="speech rate, words/min"
    )


def _add_window(parser: argparse.ArgumentParser, sub: bool = True) -> None:
    flag = argparse.SUPPRESS if sub else False
    parser.add_argument(
        "--events",
        metavar="FILE",
        type=Path,
        default=argparse.SUPPRESS if sub else None,
        help="write a JSON-lines event log (see docs/events.md)",
    )
    parser.add_argument("--fullscreen", action="store_true", default=flag, help="open fullscreen")
    parser.add_argument("--silent", action="store_true", default=flag, help="no voice, no chimes")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="unclench",
        description="A calm player for guided relaxation: paced breathing, progressive muscle "
        "relaxation and slow stretching. With no command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"unclench {__version__}")
    parser.add_argument(
        "--routines",
        metavar="DIR",
        action="append",
        type=Path,
        default=[],
        help="also read routines from DIR (may be given more than once)",
    )
    _add_window(parser, sub=False)
    _add_voice(parser, sub=False)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p_list = sub.add_parser("list", help="list the routines")
    p_list.add_argument("--json", action="store_true", help="machine-readable output")

    p_show = sub.add_parser("show", help="show a routine's timeline")
    p_show.add_argument("routine", metavar="ROUTINE", help="routine id or path to a YAML file")
    p_show.add_argument("--json", action="store_true", help="machine-readable output")
    _add_choices(p_show)

    p_check = sub.add_parser("check", help="check routine files or folders")
    p_check.add_argument("paths", metavar="PATH", nargs="+", type=Path)
    p_check.add_argument(
        "--speech", action="store_true", help="render the prompts and warn where one is too long"
    )
    _add_voice(p_check)

    p_play = sub.add_parser("play", help="play a routine, then exit after its summary")
    p_play.add_argument("routine", metavar="ROUTINE", help="routine id or path to a YAML file")
    _add_choices(p_play)
    _add_voice(p_play)
    _add_window(p_play)

    sub.add_parser("voices", help="list the installed speech voices")
    sub.add_parser("doctor", help="show what unclench found on this machine")

    p_export = sub.add_parser("export", help="render a whole session to a WAV file")
    p_export.add_argument("routine", metavar="ROUTINE")
    p_export.add_argument("out", metavar="OUT.wav", type=Path)
    _add_choices(p_export)
    _add_voice(p_export)
    return parser


# ---------------------------------------------------------------------------------- list


def _origin_label(entry: Entry) -> str:
    return {"built-in": "built-in", "user": "user", "path": str(entry.path)}.get(
        entry.origin, entry.origin
    )


def _default_seconds(routine: Routine) -> float:
    return compile_timeline(routine).total


def cmd_list(catalog: Catalog, as_json: bool, out: TextIO) -> int:
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
                    "error": str(first) if first else "could not be read",
                }
            )
    if as_json:
        json.dump(rows, out, indent=2)
        out.write("\n")
        return EXIT_OK
    good = [row for row in rows if row["error"] is None]
    broken = [row for row in rows if row["error"] is not None]
    id_width = max([len(str(row["id"])) for row in good] + [2])
    title_width = max([len(str(row["title"])) for row in good] + [5])
    out.write(f"{'ID':<{id_width}}  {'TITLE':<{title_width}}  {'KIND':<7}  {'TIME':>7}  FROM\n")
    for row in good:
        origin = row["origin"] if row["origin"] != "path" else row["path"]
        out.write(
            f"{row['id']:<{id_width}}  {row['title']:<{title_width}}  {row['kind']:<7}  "
            f"{row['duration']:>7}  {origin}\n"
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
            "steps": timeline_rows(timeline),
        }
        json.dump(doc, out, indent=2)
        out.write("\n")
        return EXIT_OK
    out.write(f"{routine.title} ({routine.id}) — tempo {timeline.tempo:g} s per count")
    if timeline.cycles is not None:
        out.write(f", {timeline.cycles} cycles")
    out.write("\n\n")
    out.write(f"{'START':>8}  {'LENGTH':>7}  {'PHASE':<11}  TEXT\n")
    for cue in timeline.cues:
        text = cue.caption if cue.say is None else cue.say
        out.write(f"{format_clock(cue.start):>8}  {cue.duration:>6.1f}s  {cue.phase:<11}  {text}\n")
    out.write(f"\nTotal {format_clock(timeline.total)} ({timeline.total:.1f} s)\n")
    return EXIT_OK


# --------------------------------------------------------------------------------- check


def _check_entries(paths: Sequence[Path]) -> list[Entry]:
    entries: list[Entry] = []
    for path in paths:
        if path.is_dir():
            entries.extend(scan_folder(path, "path"))
        elif not path.exists():
            raise ChoiceError(f"{path}: no such file or folder — check the path")
        else:
            try:
                routine = load_routine_file(path)
            except RoutineError as error:
                entries.append(Entry(None, path, "path", error, None))
            else:
                entries.append(Entry(routine, path, "path", None, None))
    return entries


def cmd_check(paths: Sequence[Path], out: TextIO, err: TextIO) -> int:
    entries = _check_entries(paths)
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
    summary = f"{good} valid, {bad} invalid"
    (err if bad else out).write(f"{summary}\n")
    return EXIT_INVALID if bad else EXIT_OK


# ----------------------------------------------------------------------------------- app


def _run_app(args: argparse.Namespace, catalog: Catalog, play: Routine | None) -> int:
    """Open the window. Imported here so that list/show/check never load pygame."""
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    from .app import AppOptions, run_app
    from .settings import load_settings, save_settings
    from .sound_system import VoiceChoice

    settings, notices = load_settings()
    for notice in notices + list(catalog.notices):
        sys.stderr.write(f"note: {notice}\n")
    options = AppOptions(
        process_start=_STARTED,
        catalog=catalog,
        settings=settings,
        play=play,
        tempo=getattr(args, "tempo", None),
        cycles=getattr(args, "cycles", None),
        fullscreen=args.fullscreen,
        events=args.events,
        voice=None
        if args.silent
        else VoiceChoice(
            voice=args.voice or settings.voice,
            rate=args.rate or settings.rate,
            voice_volume=settings.voice_volume,
            chime_volume=settings.chime_volume,
            muted=settings.muted,
        ),
    )
    code, final_settings = run_app(options)
    if final_settings != settings:
        try:
            save_settings(final_settings)
        except OSError as error:
            sys.stderr.write(f"note: could not save your settings ({error.strerror})\n")
    return code


# ---------------------------------------------------------------------------------- main


def main(argv: Sequence[str] | None = None) -> int:
    global _STARTED
    from .app import process_started_at  # cheap: measured before argument parsing

    _STARTED = process_started_at()
    parser = build_parser()
    args = parser.parse_args(argv)
    out, err = sys.stdout, sys.stderr
    try:
        if args.command == "check":
            return cmd_check(args.paths, out, err)
        catalog = load_catalog(extra_dirs=args.routines)
        if args.command == "list":
            return cmd_list(catalog, args.json, out)
        if args.command == "show":
            routine = catalog.find(args.routine)
            return cmd_show(compile_timeline(routine, args.tempo, args.cycles), args.json, out)
        if args.command == "play":
            routine = catalog.find(args.routine)
            compile_timeline(routine, args.tempo, args.cycles)  # bad choices fail before a window
            return _run_app(args, catalog, play=routine)
        if args.command is None:
            return _run_app(args, catalog, play=None)
        raise ChoiceError(f"unknown command {args.command!r} — see `unclench --help`")
    except UnclenchError as error:
        err.write(f"{error}\n")
        return EXIT_INVALID
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
