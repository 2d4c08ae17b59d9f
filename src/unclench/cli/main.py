"""The command line: a thin shell over the library.

Each command calls one library function and turns its error into a message here, once:
a UnclenchError prints to stderr and exits 1; a usage error exits 2 (argparse). Nothing
else should escape; if it does, that is a bug and the traceback is the right thing to show.

This module only dispatches. The parser is in cli_parser; what list, show and check print
is in cli_routines; the commands that speak (``check --speech``, ``voices``, ``export``) are
in cli_speech and take their renderer as a parameter, so tests pass a fake, while ``main``
makes the real one and closes it. The speech and export modules (numpy) and pygame are
imported only by the commands that need them, so ``list``, ``show`` and ``check`` start
quickly and never open a window.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO, cast

from unclench import paths
from unclench.catalog import Catalog, load_catalog
from unclench.cli.parser import EXIT_INVALID, parse_command_line
from unclench.cli.routines import cmd_check, cmd_list, cmd_show
from unclench.cli.speech import SpeechCheck, check_voice, cmd_export, cmd_voices
from unclench.cli.terminal import TerminalStream
from unclench.core.errors import ChoiceError, UnclenchError
from unclench.core.routine import Routine
from unclench.core.timeline import compile_timeline

EXIT_BROKEN_PIPE = 141

if TYPE_CHECKING:
    # Re-exported for annotations: callers of cmd_check/cmd_export type their renderer
    # as unclench.cli.main.Renderer.
    from unclench.settings import Settings
    from unclench.speech.renderer import Renderer as Renderer
    from unclench.speech.renderer import VoiceSource


# ----------------------------------------------------------------------------------- app


def _run_app(args: argparse.Namespace, catalog: Catalog, play: Routine | None, err: TextIO) -> int:
    """Open the window. Imported here so that list/show/check never load pygame."""
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    # process_started_at reads the start from /proc, so calling it this late loses nothing
    # (elsewhere it falls back to now, a few ms after start-up).
    from unclench.app import AppOptions, process_started_at, run_app
    from unclench.practice import JOURNAL_MENU_NOTICE, start_journal
    from unclench.settings import MENU_NOTICE, SettingsSaver, load_settings, settings_path

    settings, notices = load_settings()
    journal, journal_notices = start_journal()  # before the window: never on the loop
    for notice in notices + list(journal_notices) + list(catalog.notices):
        err.write(f"note: {notice}\n")
    menu_notice = "  ".join(
        [*([MENU_NOTICE] if notices else []), *([JOURNAL_MENU_NOTICE] if journal_notices else [])]
    )
    sound = not args.silent
    if args.voice and sound:  # a misspelt --voice is an error before any window opens
        from unclench.speech.engines import speech_renderer

        renderer = speech_renderer()
        try:
            check_voice(renderer, args.voice)
        except BaseException:
            journal.close()
            raise
        finally:
            renderer.close()
    saver = SettingsSaver(settings_path())  # each change is written as it is made
    options = AppOptions(
        process_start=process_started_at(),
        catalog=catalog,
        settings=settings,
        play=play,
        tempo=getattr(args, "tempo", None),
        cycles=getattr(args, "cycles", None),
        fullscreen=args.fullscreen,
        events=args.events,
        sound=sound,
        voice=args.voice,
        rate=_rate(args, err),
        pitch=getattr(args, "pitch", None),
        notice=menu_notice,
        save_settings=saver.save,
        yes=getattr(args, "yes", False),
        journal=journal,
    )
    try:
        code, _ = run_app(options)
    finally:
        saver.close()
        journal.close()  # the app closed it already, unless it failed to start
    for notice in journal.notices:
        err.write(f"note: {notice}\n")
    if saver.error is not None:
        err.write(f"note: could not save your settings ({saver.error.strerror})\n")
    return code


# ---------------------------------------------------------------------------------- main


def _rate(args: argparse.Namespace, err: TextIO) -> int | None:
    """--rate, clamped into the range the settings allow (with a note when it was)."""
    from unclench.settings import RATE_RANGE, clamp_rate

    if args.rate is None:
        return None
    rate = clamp_rate(int(args.rate))
    if rate != args.rate:
        low, high = RATE_RANGE
        err.write(f"note: --rate {args.rate} is outside {low}–{high} words/min; using {rate}\n")
    return rate


def _voice_choice(
    args: argparse.Namespace, err: TextIO, renderer: VoiceSource | None = None
) -> Settings:
    """The user's settings with --voice/--rate/--pitch put in for this run (as the app
    would speak). With ``renderer``, a --voice that is not installed is an error
    (ChoiceError)."""
    from dataclasses import replace

    from unclench.settings import load_settings

    settings, notices = load_settings()
    for notice in notices:
        err.write(f"note: {notice}\n")
    if args.voice and renderer is not None:
        check_voice(renderer, args.voice)
    pitch = getattr(args, "pitch", None)
    return replace(
        settings,
        voice=args.voice or settings.voice,
        rate=_rate(args, err) or settings.rate,
        pitch=settings.pitch if pitch is None else pitch,
    )


def _run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if args.command == "doctor":
        from unclench.cli.doctor import run_doctor

        return run_doctor(out)
    if args.command == "history":
        from unclench.cli.history import run_history

        return run_history(args, out, err)
    if args.command == "voices" and args.action == "add":
        from unclench.cli.speech import cmd_voices_add

        return cmd_voices_add(args.path, out)
    if args.command == "remind":
        from unclench.cli.remind import run_remind

        return run_remind(args, out, err)
    if args.command == "install-desktop":
        from unclench.cli.remind import run_install_desktop

        return run_install_desktop(args, out)
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
        return _run_app(args, catalog, routine, err)
    if args.command is None:
        return _run_app(args, catalog, None, err)
    raise ChoiceError(f"unknown command {args.command!r} — see `unclench --help`")


def _run_speaking(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """The commands that may start the speech worker; it is closed however they end."""
    from unclench.core.voices import VoiceSettings
    from unclench.speech.engines import speech_renderer

    if args.command == "check" and not args.speech:
        return cmd_check(args.paths, out, err)
    renderer = speech_renderer()
    try:
        if args.command == "check":
            chosen = _voice_choice(args, err, renderer)
            cache = paths.user_cache_dir() / "speech"
            check = SpeechCheck(renderer, cache, chosen.voice, chosen.rate, chosen.pitch)
            return cmd_check(args.paths, out, err, check)
        if args.command == "voices":
            return cmd_voices(renderer, _voice_choice(args, err).voice, out)
        routine = load_catalog(extra_dirs=args.routines).find(args.routine)
        timeline = compile_timeline(routine, args.tempo, args.cycles)
        chosen = _voice_choice(args, err, renderer)
        settings = VoiceSettings(
            chosen.voice, chosen.rate, language=routine.language, pitch=chosen.pitch
        )
        return cmd_export(
            timeline, args.out, renderer, settings, args.force, out, err, levels=chosen
        )
    finally:
        renderer.close()


def main(argv: Sequence[str] | None = None) -> int:
    """Parse ``argv`` and run the command; returns the exit code (0 ok, 1 a message was
    printed, 2 usage error, 130 interrupted, 141 the reader of the output went away).

    Everything printed goes through TerminalStream, so text from files (titles, paths,
    error messages quoting them) cannot send control sequences to the terminal."""
    args = parse_command_line(argv)
    # Typed as the streams they wrap: TerminalStream has the part of TextIO the CLI uses.
    out = cast(TextIO, TerminalStream(sys.stdout))
    err = cast(TextIO, TerminalStream(sys.stderr))
    try:
        try:
            return _run(args, out, err)
        finally:
            out.flush()  # here, not at exit, so a closed pipe is caught below
    except BrokenPipeError:
        return _reader_gone()
    except UnclenchError as error:
        err.write(f"{error}\n")
        return EXIT_INVALID
    except KeyboardInterrupt:
        err.write("interrupted\n")
        return 130


def _reader_gone() -> int:
    """``unclench show … | head -1``: the reader closed the pipe. Point stdout at devnull so
    the flush at exit cannot fail again, and end quietly as the shell expects (128 + 13)."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    return EXIT_BROKEN_PIPE


if __name__ == "__main__":
    sys.exit(main())
