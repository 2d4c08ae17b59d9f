"""The shape of the command line: its commands, options, help texts and exit codes.

Only the syntax of a value is judged here (a bad one is a usage error, exit 2); whether a
value suits the routine is the library's call, reported as a message (exit 1). Building the
parser imports nothing heavy, so ``unclench --help`` is instant.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Callable, Sequence
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


def _wav_file(text: str) -> Path:
    """Export writes WAV audio, so the name must say so: ``out.mp3`` would hold WAV data
    under a name that promises another format. A folder passes, for export to explain."""
    path = Path(text)
    if path.suffix.lower() == ".wav":
        return path
    with contextlib.suppress(OSError):  # e.g. a name too long: export says what is wrong
        if path.is_dir():
            return path
    given = f"the suffix {path.suffix!r}" if path.suffix else "no suffix"
    raise argparse.ArgumentTypeError(
        f"{text!r} has {given}, but export writes WAV audio only — give a name ending in .wav"
    )


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


SHARED_TITLE = "shared options (before or after the command, used where they apply)"
# --routines given after the command lands here, then joins those given before it.
_ROUTINES_AFTER = "routines_after"
_SHARED_DEFAULTS: dict[str, object] = {
    "routines": [],
    "events": None,
    "fullscreen": False,
    "silent": False,
    "voice": None,
    "rate": None,
    "pitch": None,
}


def _shared_options(routines_dest: str) -> _Parser:
    """The options that mean the same with every command, as a parent parser. Their defaults
    are suppressed, so a value given before the command is not overwritten by a subcommand's
    default: ``unclench --voice X play …`` and ``unclench play … --voice X`` are the same."""
    shared = _Parser(add_help=False)
    group = shared.add_argument_group(SHARED_TITLE)
    group.add_argument(
        "--routines",
        dest=routines_dest,
        metavar="DIR",
        action="append",
        type=_folder,
        default=argparse.SUPPRESS,
        help="also read routines from DIR (may be given more than once)",
    )
    group.add_argument(
        "--events",
        metavar="FILE",
        type=Path,
        default=argparse.SUPPRESS,
        help="write a JSON-lines event log (see docs/events.md)",
    )
    for name, text in (("--fullscreen", "open fullscreen"), ("--silent", "no voice, no chimes")):
        group.add_argument(name, action="store_true", default=argparse.SUPPRESS, help=text)
    group.add_argument(
        "--voice",
        metavar="ID",
        default=argparse.SUPPRESS,
        help="speech voice id (see `unclench voices`)",
    )
    group.add_argument(
        "--rate",
        type=_positive_int,
        metavar="WPM",
        default=argparse.SUPPRESS,
        help="speech rate, words/min",
    )
    group.add_argument(
        "--pitch",
        type=_pitch,
        metavar="0-100",
        default=argparse.SUPPRESS,
        help="speech base pitch, 0-100 (lower is darker)",
    )
    return shared


def _add_yes(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--yes",
        "-y",
        action="store_true",
        help="skip the cautions card when you have read this routine's cautions before",
    )


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


def _add_remind(sub: argparse._SubParsersAction[_Parser]) -> None:
    """``remind add WHEN… ROUTINE [--weekdays] [--autostart|--no-autostart]``, ``remind list``,
    ``remind remove N|all``, ``remind quiet HH:MM-HH:MM|off``, ``remind run``. The time is
    checked by the command (it says the accepted forms, exit 2), not here."""
    p_remind = sub.add_parser(
        "remind",
        help="reminders to practise, shown as desktop notifications",
        description="Set reminders: at their times a desktop notification offers the "
        "routine (Start opens it, Later asks again in 10 minutes). They show while "
        "`unclench remind run` is running, which an autostart entry starts at login.",
        epilog="Times: HH:MM; several, comma-separated (08:00,12:30); or `every 2h between "
        "09:00 and 17:00` (also every 90m). See docs/reminders.md.",
    )
    actions = p_remind.add_subparsers(dest="remind_action", metavar="ACTION")
    p_add = actions.add_parser(
        "add",
        help="add a reminder: WHEN ROUTINE",
        description="Add a reminder, e.g. `unclench remind add 08:00 relaxing-breath` or "
        "`unclench remind add every 2h between 09:00 and 17:00 box-breathing`.",
    )
    p_add.add_argument("words", metavar="WHEN… ROUTINE", nargs="+", help="the time(s), then "
                       "the routine id")  # fmt: skip
    p_add.add_argument("--weekdays", action="store_true", help="Monday to Friday only")
    p_add.add_argument(
        "--autostart",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="install (or not) the autostart entry that runs the reminders at login "
        "(asked when not given, on a terminal)",
    )
    actions.add_parser("list", help="list the reminders, numbered")
    p_remove = actions.add_parser("remove", help="remove reminder N (see list), or all")
    p_remove.add_argument("which", metavar="N|all")
    p_quiet = actions.add_parser("quiet", help="set quiet hours (22:00-07:00), or off")
    p_quiet.add_argument("hours", metavar="HH:MM-HH:MM|off")
    actions.add_parser(
        "run",
        help="the reminder process (started at login by the autostart entry)",
        description="Wait for the reminders' times and show their notifications; one "
        "instance at a time; exits on SIGTERM or when the session ends.",
    )


def _add_install_desktop(sub: argparse._SubParsersAction[_Parser]) -> None:
    """``install-desktop [--remove]``."""
    p_desktop = sub.add_parser(
        "install-desktop",
        help="add unclench to the applications menu (--remove: take it out)",
        description="Install unclench.desktop (with an action per built-in routine) and the "
        "icon into your XDG data folder (~/.local/share), so the desktop lists unclench.",
    )
    p_desktop.add_argument(
        "--remove", action="store_true", help="remove the entry and the icon again"
    )


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


def _export_options(parser: argparse.ArgumentParser) -> None:
    _routine(parser)
    parser.add_argument(
        "out",
        metavar="OUT.wav",
        type=_wav_file,
        help="the WAV file to write (its folder must exist)",
    )
    _add_choices(parser)
    parser.add_argument("--force", action="store_true", help="replace OUT.wav if it exists")


def _voices_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "action", nargs="?", choices=["add"], help="add: copy a Piper voice into your voices"
    )
    parser.add_argument(
        "path", nargs="?", type=Path, metavar="PATH", help="the voice's .onnx file (with add)"
    )


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
        "Open the window and play one routine. Its cautions come first, on a card you "
        "dismiss with Enter (Esc leaves); --yes skips it once you have read them.",
        _options(_routine, _add_choices, _add_yes),
    ),
    Command(
        "voices",
        "list the installed speech voices",
        "List the speech engine's voices: the ID to pass to --voice, the name and "
        "the languages. * marks the voice used now (your setting, or the best match for "
        "English).",
        _voices_options,
        epilog="Piper voices (ids starting with piper:) are listed when the optional Piper "
        "engine is installed (pip install 'unclench[piper]'). `unclench voices add PATH` "
        "copies a Piper voice — PATH.onnx and the PATH.onnx.json beside it — into your voice "
        "folder (see `unclench doctor`). See docs/sound.md.",
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
        "its guidance). OUT.wav must end in .wav and its folder must exist (export does not "
        "create folders). An existing OUT.wav is kept unless --force is given.",
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
        parents=[_shared_options("routines")],
    )
    parser.add_argument("--version", action="version", version=f"unclench {__version__}")
    parser.set_defaults(**_SHARED_DEFAULTS)
    shared = _shared_options(_ROUTINES_AFTER)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for command in COMMANDS:
        command.arguments(
            sub.add_parser(
                command.name,
                help=command.help,
                description=command.description,
                epilog=command.epilog,
                parents=[shared],
            )
        )
    _add_history(sub)
    _add_remind(sub)
    _add_install_desktop(sub)
    return parser


def parse_command_line(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Parse ``argv`` (exits 2 on a usage error). The shared options may come before the
    command, after it, or both: a later value wins, and every --routines folder counts, in
    the order typed."""
    args = build_parser().parse_args(argv)
    after = vars(args).pop(_ROUTINES_AFTER, [])
    args.routines = [*args.routines, *after]
    return args
