"""The command line: a thin shell over the library.

Each command calls one library function and turns its error into a message here, once:
a UnclenchError prints to stderr and exits 1; a usage error exits 2 (argparse). Nothing
else should escape; if it does, that is a bug and the traceback is the right thing to show.

Commands that speak (``check --speech``, ``voices``, ``export``) take their renderer as a
parameter, so tests pass a fake; ``main`` makes the real one and closes it. The speech and
export modules (numpy) and pygame are imported only by the commands that need them, so
``list``, ``show`` and ``check`` start quickly and never open a window.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from . import __version__, paths
from .catalog import Catalog, Entry, load_catalog, load_routine_file, scan_folder
from .errors import ChoiceError, Problem, RoutineError, UnclenchError
from .routine import Block, Repeat, Routine
from .timeline import Timeline, compile_timeline, format_clock

if TYPE_CHECKING:
    from .speech import Pyttsx3Renderer, Renderer, VoiceSettings

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def _number(text: str) -> float:
    # Only the syntax is checked here (exit 2); the range is the routine's, so
    # timeline.check_choices judges it and says what the routine allows (exit 1).
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None


def _whole_number(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None


def _positive_int(text: str) -> int:
    value = _whole_number(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} must be 1 or more")
    return value


def _add_choices(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--tempo",
        type=_number,
        metavar="S",
        help="seconds per count, within the routine's tempo range (see `unclench show`)",
    )
    parser.add_argument(
        "--cycles",
        type=_whole_number,
        metavar="N",
        help="number of cycles for every adjustable repeat, within the routine's range",
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


ROUTINE_HELP = "routine id (see `unclench list`) or path to a .yaml file"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="unclench",
        description="A calm player for guided relaxation: paced breathing, progressive muscle "
        "relaxation and slow stretching. With no command, opens the app.",
        epilog="Run `unclench COMMAND --help` for a command's options. Routine files are "
        "described in docs/routines.md.",
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

    p_list = sub.add_parser(
        "list",
        help="list the routines",
        description="List the built-in routines, yours (in the user routine folder, see "
        "`unclench doctor`) and those of --routines folders, with their length at the "
        "default tempo. A routine of yours with a built-in's id replaces it, with a note.",
    )
    p_list.add_argument("--json", action="store_true", help="machine-readable output")

    p_show = sub.add_parser(
        "show",
        help="show a routine's timeline",
        description="Print every step of a routine with its start, length and text.",
    )
    p_show.add_argument("routine", metavar="ROUTINE", help=ROUTINE_HELP)
    p_show.add_argument("--json", action="store_true", help="machine-readable output")
    _add_choices(p_show)

    p_check = sub.add_parser(
        "check",
        help="check routine files or folders",
        description="Check routine files (and every *.yaml/*.yml file in folders) and print "
        "each problem as FILE:LINE:COL: error: … Exits 1 if any file is invalid.",
        epilog="With --speech, every spoken prompt is rendered (and cached) and a warning is "
        "printed for each prompt longer than its step at the routine's default tempo; "
        "warnings do not change the exit code. Without a speech engine the speech check is "
        "skipped with a note.",
    )
    p_check.add_argument("paths", metavar="PATH", nargs="+", type=Path)
    p_check.add_argument(
        "--speech", action="store_true", help="render the prompts and warn where one is too long"
    )
    _add_voice(p_check)

    p_play = sub.add_parser(
        "play",
        help="play a routine, then exit after its summary",
        description="Open the window and play one routine.",
    )
    p_play.add_argument("routine", metavar="ROUTINE", help=ROUTINE_HELP)
    _add_choices(p_play)
    _add_voice(p_play)
    _add_window(p_play)

    sub.add_parser(
        "voices",
        help="list the installed speech voices",
        description="List the speech engine's voices: the ID to pass to --voice, the name and "
        "the languages. * marks the voice used now (your setting, or the best match for "
        "English).",
    )
    sub.add_parser(
        "doctor",
        help="show what unclench found on this machine",
        description="Report versions, the speech engine, the audio device, and the folders "
        "unclench uses. Changes nothing; always exits 0.",
    )

    p_export = sub.add_parser(
        "export",
        help="render a whole session to a WAV file",
        description="Render a whole session (spoken prompts, counts and chimes) to one WAV "
        "file, exactly as long as the session.",
        epilog="Export needs a speech engine: without one it stops with a message saying what "
        "to install, rather than writing a file of chimes only (a guided session without "
        "its guidance). An existing OUT.wav is kept unless --force is given.",
    )
    p_export.add_argument("routine", metavar="ROUTINE", help=ROUTINE_HELP)
    p_export.add_argument("out", metavar="OUT.wav", type=Path, help="the file to write")
    _add_choices(p_export)
    _add_voice(p_export)
    p_export.add_argument("--force", action="store_true", help="replace OUT.wav if it exists")
    return parser


# ---------------------------------------------------------------------------------- list


def _origin_label(entry: Entry) -> str:
    return {"built-in": "built-in", "user": "user", "path": str(entry.path)}.get(
        entry.origin, entry.origin
    )


def _default_seconds(routine: Routine) -> float:
    return compile_timeline(routine).total


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


def _check_entries(paths_: Sequence[Path]) -> list[Entry]:
    """An Entry per routine file named or found in a named folder; a missing path becomes a
    broken entry, so every other file is still checked."""
    entries: list[Entry] = []
    for path in paths_:
        if path.is_dir():
            entries.extend(scan_folder(path, "path"))
            continue
        try:
            if not path.exists():
                raise RoutineError(
                    [Problem(str(path), 0, 0, "", "no such file or folder", "check the path")]
                )
            routine = load_routine_file(path)
        except RoutineError as error:
            entries.append(Entry(None, path, "path", error, None))
        else:
            entries.append(Entry(routine, path, "path", None, None))
    return entries


def cmd_check(
    paths_: Sequence[Path],
    out: TextIO,
    err: TextIO,
    speech: SpeechCheck | None = None,
) -> int:
    """Print every problem of every file; exit 1 if any file is invalid. With ``speech``,
    also warn about prompts that outlast their steps (never changes the exit code)."""
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
    warnings = 0
    if speech is not None:
        routines = [(e.path, e.routine) for e in entries if e.routine is not None]
        warnings = speech.run(routines, err)
    summary = f"{good} valid, {bad} invalid"
    if speech is not None and speech.ran:
        summary += f", {warnings} speech warning{'s' if warnings != 1 else ''}"
    (err if bad else out).write(f"{summary}\n")
    return EXIT_INVALID if bad else EXIT_OK


def _step_fields(blocks: tuple[Block, ...], field: str = "steps") -> Iterator[tuple[int, str]]:
    """(line, field path) of every step, e.g. (24, "steps[3].repeat.steps[0].inhale")."""
    for index, block in enumerate(blocks):
        here = f"{field}[{index}]"
        if isinstance(block, Repeat):
            yield from _step_fields(block.steps, f"{here}.repeat.steps")
        else:
            yield block.line, f"{here}.{block.phase.value}"


def _short(text: str, limit: int = 40) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters, with "…"."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.") + "…"


class SpeechCheck:
    """``check --speech``: renders each routine's spoken texts through the speech cache and
    prints one ``FILE:LINE:1: warning:`` per prompt longer than its room at the routine's
    default tempo. A missing engine is a note, not an error: the structural check stands."""

    def __init__(self, renderer: Renderer, cache_dir: Path, voice: str | None, rate: int) -> None:
        self.renderer = renderer
        self.cache_dir = cache_dir
        self.voice = voice
        self.rate = rate
        self.ran = False

    def run(self, routines: Sequence[tuple[Path, Routine]], err: TextIO) -> int:
        """Print the warnings; return how many. Sets ``ran`` unless speech was unavailable."""
        from .export import clip_durations, speech_fit, spoken_texts
        from .speech import SpeechCache, SpeechError, VoiceSettings

        cache = SpeechCache(self.cache_dir, self.renderer)
        count = 0
        try:
            for path, routine in routines:
                timeline = compile_timeline(routine)
                settings = VoiceSettings(self.voice, self.rate, language=routine.language)
                durations = clip_durations(cache, settings, spoken_texts(timeline))
                fields = dict(_step_fields(routine.steps))
                for warning in speech_fit(timeline, durations):
                    message = warning.message.replace(
                        repr(warning.text), repr(_short(warning.text)), 1
                    )
                    field = fields.get(warning.line, "steps")
                    err.write(
                        f"{path}:{warning.line}:1: warning: {field}: {message} — shorten the "
                        f"prompt or lengthen the step\n"
                    )
                    count += 1
        except SpeechError as error:
            err.write(f"note: speech check skipped: {_with_hint(error)}\n")
            return count
        self.ran = True
        return count


def _with_hint(error: Exception) -> str:
    from .speech import INSTALL_HINT

    text = str(error)
    return text if INSTALL_HINT in text else f"{text} — {INSTALL_HINT}"


# -------------------------------------------------------------------------------- voices


def cmd_voices(renderer: Pyttsx3Renderer, chosen: str | None, out: TextIO) -> int:
    """The installed voices; ``*`` marks ``chosen`` (the user's voice) or, without one, the
    voice English routines get. Raises SpeechError, saying what to install, when there is
    no engine or it has no voices."""
    from .speech import INSTALL_HINT, SpeechError, choose_voice, list_voices

    try:
        voices = list_voices(renderer)
    except SpeechError as error:
        raise SpeechError(f"no speech voices: {_with_hint(error)}") from error
    if not voices:
        raise SpeechError(f"no speech voices: the speech engine has none — {INSTALL_HINT}")
    default = chosen if chosen else choose_voice(voices, "en")
    id_width = max(len(v.id) for v in voices)
    name_width = max(len(v.name) for v in voices)
    out.write(f"  {'ID':<{id_width}}  {'NAME':<{name_width}}  LANGUAGES\n")
    for voice in voices:
        mark = "*" if voice.id == default else " "
        languages = ", ".join(voice.languages) or "-"
        out.write(f"{mark} {voice.id:<{id_width}}  {voice.name:<{name_width}}  {languages}\n")
    what = "your chosen voice" if chosen else "the voice for English routines"
    out.write(f"\n{len(voices)} voices; * {what}. Pick one with --voice ID.\n")
    if chosen and chosen not in {v.id for v in voices}:
        out.write(f"note: your voice {chosen!r} is not installed\n")
    return EXIT_OK


# -------------------------------------------------------------------------------- export


class ProgressBar:
    """``[#####-----] 52%`` on ``stream``, redrawn in place with \\r when it is a terminal;
    otherwise only the final line, so logs are not filled with bars."""

    def __init__(self, stream: TextIO, width: int = 30) -> None:
        self.stream = stream
        self.width = width
        self.live = stream.isatty()
        self._shown = -1

    def _bar(self, fraction: float) -> str:
        filled = round(self.width * fraction)
        return f"[{'#' * filled}{'-' * (self.width - filled)}] {round(fraction * 100):3d}%"

    def __call__(self, fraction: float) -> None:
        fraction = min(1.0, max(0.0, fraction))
        percent = round(fraction * 100)
        if self.live and percent != self._shown:
            self._shown = percent
            self.stream.write(f"\r{self._bar(fraction)}")
            self.stream.flush()

    def finish(self) -> None:
        self.stream.write(("\r" if self.live else "") + self._bar(1.0) + "\n")
        self.stream.flush()


def _check_writable(out: Path, force: bool) -> None:
    """Fail before any rendering when ``out`` cannot or must not be written."""
    if out.is_dir():
        raise ChoiceError(f"{out} is a folder — give a file name such as {out / 'session.wav'}")
    if out.exists() and not force:
        raise ChoiceError(f"{out} already exists — add --force to replace it")
    folder = out.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if not folder.is_dir():
        raise ChoiceError(f"cannot write {out}: {folder} is not a folder — check the path")
    if not os.access(folder, os.W_OK):
        raise ChoiceError(f"cannot write {out}: {folder} is not writable — choose another place")


def cmd_export(
    timeline: Timeline,
    out_path: Path,
    renderer: Renderer,
    settings: VoiceSettings,
    force: bool,
    out: TextIO,
    err: TextIO,
    cache_dir: Path | None = None,
) -> int:
    """Write the session to ``out_path`` with a progress bar on ``err``; print the path, the
    length and the time taken. Raises ChoiceError, SpeechError or ExportError."""
    from .export import export_session
    from .speech import SpeechCache, SpeechError

    _check_writable(out_path, force)
    cache = SpeechCache(cache_dir or paths.user_cache_dir() / "speech", renderer)
    bar = ProgressBar(err)
    began = time.perf_counter()
    try:
        export_session(timeline, out_path, cache, settings, progress=bar)
    except SpeechError as error:
        if bar.live:
            err.write("\n")
        raise SpeechError(f"cannot export with speech: {_with_hint(error)}") from error
    bar.finish()
    taken = time.perf_counter() - began
    out.write(
        f"{out_path}\nlength {format_clock(timeline.total)} ({timeline.total:.1f} s), "
        f"written in {taken:.1f} s\n"
    )
    return EXIT_OK


# ----------------------------------------------------------------------------------- app


def _run_app(args: argparse.Namespace, catalog: Catalog, play: Routine | None) -> int:
    """Open the window. Imported here so that list/show/check never load pygame."""
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    # process_started_at reads the start from /proc, so calling it this late loses nothing
    # (elsewhere it falls back to now, a few ms after start-up).
    from .app import AppOptions, process_started_at, run_app
    from .settings import load_settings, save_settings
    from .sound_system import VoiceChoice

    settings, notices = load_settings()
    for notice in notices + list(catalog.notices):
        sys.stderr.write(f"note: {notice}\n")
    options = AppOptions(
        process_start=process_started_at(),
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


def _voice_choice(args: argparse.Namespace) -> tuple[str | None, int]:
    """--voice/--rate, else the user's settings (as the app would speak)."""
    from .settings import load_settings

    settings, notices = load_settings()
    for notice in notices:
        sys.stderr.write(f"note: {notice}\n")
    return args.voice or settings.voice, args.rate or settings.rate


def _run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if args.command == "doctor":
        from .doctor import run_doctor

        return run_doctor(out)
    if args.command in ("check", "voices", "export"):
        return _run_speaking(args, out, err)
    catalog = load_catalog(extra_dirs=args.routines)
    if args.command == "list":
        return cmd_list(catalog, args.json, out, err)
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


def _run_speaking(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """The commands that may start the speech worker; it is closed however they end."""
    from .speech import Pyttsx3Renderer, VoiceSettings

    if args.command == "check" and not args.speech:
        return cmd_check(args.paths, out, err)
    renderer = Pyttsx3Renderer()
    try:
        if args.command == "check":
            voice, rate = _voice_choice(args)
            cache = paths.user_cache_dir() / "speech"
            return cmd_check(args.paths, out, err, SpeechCheck(renderer, cache, voice, rate))
        if args.command == "voices":
            return cmd_voices(renderer, _voice_choice(args)[0], out)
        routine = load_catalog(extra_dirs=args.routines).find(args.routine)
        timeline = compile_timeline(routine, args.tempo, args.cycles)
        voice, rate = _voice_choice(args)
        settings = VoiceSettings(voice, rate, language=routine.language)
        return cmd_export(timeline, args.out, renderer, settings, args.force, out, err)
    finally:
        renderer.close()


def main(argv: Sequence[str] | None = None) -> int:
    """Parse ``argv`` and run the command; returns the exit code (0 ok, 1 a message was
    printed, 2 usage error, 130 interrupted)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    out, err = sys.stdout, sys.stderr
    try:
        return _run(args, out, err)
    except UnclenchError as error:
        err.write(f"{error}\n")
        return EXIT_INVALID
    except KeyboardInterrupt:
        err.write("interrupted\n")
        return 130


if __name__ == "__main__":
    sys.exit(main())
