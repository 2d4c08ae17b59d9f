"""The shape of the command line: its commands, options, help texts and exit codes.

Only the syntax of a value is judged here (a bad one is a usage error, exit 2); whether a
value suits the routine is the library's call, reported as a message (exit 1). Building the
parser imports nothing heavy, so ``unclench --help`` is instant.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from unclench import __version__
from unclench.cli.terminal import visible

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

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


def _pitch(text: str) -> int:
    value = _whole_number(text)
    if not 0 <= value <= 100:
        raise argparse.ArgumentTypeError(f"{text!r} must be from 0 to 100 (50 is espeak's own)")
    return value


class _Parser(argparse.ArgumentParser):
    """Usage errors quote what the user typed (an unknown command, a bad value): shown,
    like everything the CLI prints, with control characters escaped."""

    def _print_message(self, message: str, file: SupportsWrite[str] | None = None) -> None:
        if message:
            with contextlib.suppress(AttributeError, OSError):  # as argparse does
                (file or sys.stderr).write(visible(message))


def _folder(text: str) -> Path:
    """A folder the user names must exist: a typo is told, not read as "no routines"."""
    path = Path(text)
    try:
        is_dir = path.is_dir()
    except OSError as error:  # e.g. a name too long for the file system
        raise argparse.ArgumentTypeError(f"{text!r}: {error.strerror}") from None
    if not is_dir:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a folder — give a folder of .yaml routines"
        )
    return path


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
    parser.add_argument(
        "--pitch",
        type=_pitch,
        metavar="0-100",
        default=default,
        help="speech base pitch, 0-100 (lower is darker)",
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


def _add_history(sub: argparse._SubParsersAction[_Parser]) -> None:
    """``history [--json | --csv] [--since DATE] [--routine ID] [export FILE | import FILE]``.
    --since is checked by the command (one line, exit 2), not here."""
    p_history = sub.add_parser(
        "history",
        help="print your practice journal, or export/import it",
        description="Print every session recorded in your journal, oldest first: when it "
        "started, the routine, minutes practised, how it ended and the tension ratings.",
        epilog="`unclench history export FILE` writes the journal (with --since/--routine, "
        "part of it) to a JSON file; `unclench history import FILE` adds the sessions of such "
        "a file that the journal lacks (importing the same file twice adds nothing). See "
        "docs/journal.md.",
    )
    form = p_history.add_mutually_exclusive_group()
    form.add_argument("--json", action="store_true", help="machine-readable output (JSON)")
    form.add_argument("--csv", action="store_true", help="one CSV row per session")
    p_history.add_argument("--since", metavar="DATE", help="only sessions from DATE (YYYY-MM-DD)")
    p_history.add_argument("--routine", metavar="ID", help="only sessions of this routine")
    actions = p_history.add_subparsers(dest="history_action", metavar="ACTION")
    p_out = actions.add_parser("export", help="write the journal to a JSON file")
    p_out.add_argument("file", metavar="FILE", type=Path)
    p_in = actions.add_parser("import", help="add the sessions of an exported file")
    p_in.add_argument("file", metavar="FILE", type=Path)


ROUTINE_HELP = "routine id (see `unclench list`) or path to a .yaml file"


_Adder = Callable[[argparse.ArgumentParser], None]


def _routine(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("routine", metavar="ROUTINE", help=ROUTINE_HELP)


def _json(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="machine-readable output")


def _check_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", metavar="PATH", nargs="+", type=Path)
    parser.add_argument(
        "--speech", action="store_true", help="render the prompts and warn where one is too long"
    )
    _add_voice(parser)


def _export_options(parser: argparse.ArgumentParser) -> None:
    _routine(parser)
    parser.add_argument("out", metavar="OUT.wav", type=Path, help="the file to write")
    _add_choices(parser)
    _add_voice(parser)
    parser.add_argument("--force", action="store_true", help="replace OUT.wav if it exists")


def _options(*adders: Callable[[argparse.ArgumentParser], None]) -> _Adder:
    """One function adding each of ``adders``' arguments, in order."""

    def add(parser: argparse.ArgumentParser) -> None:
        for adder in adders:
            adder(parser)

    return add


def _no_arguments(parser: argparse.ArgumentParser) -> None:
    """For commands that take no options of their own."""


@dataclass(frozen=True)
class Command:
    """One subcommand: its name, the one-line help of `unclench --help`, its own --help
    text, and the function adding its arguments."""

    name: str
    help: str
    description: str
    arguments: _Adder = _no_arguments
    epilog: str | None = None


COMMANDS = (
    Command(
        "list",
        "list the routines",
        "List the built-in routines, yours (in the user routine folder, see "
        "`unclench doctor`) and those of --routines folders, with their length at the "
        "default tempo. A routine of yours with a built-in's id replaces it, with a note.",
        _json,
    ),
    Command(
        "show",
        "show a routine's timeline",
        "Print every step of a routine with its start, length and text.",
        _options(_routine, _json, _add_choices),
    ),
    Command(
        "check",
        "check routine files or folders",
        "Check routine files (and every *.yaml/*.yml file in folders) and print "
        "each problem as FILE:LINE:COL: error: … Exits 1 if any file is invalid.",
        _check_options,
        epilog="With --speech, every spoken prompt is rendered (and cached) and a warning is "
        "printed for each prompt longer than its step at the routine's default tempo; "
        "warnings do not change the exit code. Without a speech engine the speech check is "
        "skipped with a note.",
    ),
    Command(
        "play",
        "play a routine, then exit after its summary",
        "Open the window and play one routine.",
        _options(_routine, _add_choices, _add_voice, _add_window),
    ),
    Command(
        "voices",
        "list the installed speech voices",
        "List the speech engine's voices: the ID to pass to --voice, the name and "
        "the languages. * marks the voice used now (your setting, or the best match for "
        "English).",
    ),
    Command(
        "doctor",
        "show what unclench found on this machine",
        "Report versions, the speech engine, the audio device, and the folders "
        "unclench uses. Changes nothing; always exits 0.",
    ),
    Command(
        "export",
        "render a whole session to a WAV file",
        "Render a whole session (spoken prompts, counts and chimes) to one WAV "
        "file, exactly as long as the session.",
        _export_options,
        epilog="Export needs a speech engine: without one it stops with a message saying what "
        "to install, rather than writing a file of chimes only (a guided session without "
        "its guidance). An existing OUT.wav is kept unless --force is given.",
    ),
)


def build_parser() -> argparse.ArgumentParser:
    """The whole command line: the app's own options, then one subparser per Command."""
    parser = _Parser(
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
        type=_folder,
        default=[],
        help="also read routines from DIR (may be given more than once)",
    )
    _add_window(parser, sub=False)
    _add_voice(parser, sub=False)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for command in COMMANDS:
        command.arguments(
            sub.add_parser(
                command.name,
                help=command.help,
                description=command.description,
                epilog=command.epilog,
            )
        )
    _add_history(sub)
    return parser
