"""``unclench remind add|list|remove|quiet|run`` and ``unclench install-desktop``.

The reminders live in the settings (``reminders``, ``quiet_hours``); the schedule forms are
``unclench.core.reminders``'s. A bad time is a usage error (exit 2) that says the accepted
forms; an unknown routine is a message (exit 1), as elsewhere."""

from __future__ import annotations

import argparse
import contextlib
import signal
import subprocess
import sys
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, TextIO

from unclench import paths
from unclench.cli.parser import EXIT_USAGE
from unclench.core.reminders import Reminder, ReminderError, parse_quiet
from unclench.remind import desktop

if TYPE_CHECKING:
    from unclench.remind.runner import Plan

LOCK_NAME = "unclench-reminders.lock"
LOG_NAME = "reminders.log"
_LOG_LIMIT = 256 * 1024


def run_remind(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from unclench.settings import load_settings

    if args.remind_action == "run":
        return run_reminders(err)
    settings, notices = load_settings()
    for notice in notices:
        err.write(f"note: {notice}\n")
    if args.remind_action == "add":
        return _add(args, settings, out, err)
    if args.remind_action == "remove":
        return _remove(args.which, settings, out, err)
    if args.remind_action == "quiet":
        return _quiet(args.hours, settings, out, err)
    return _list(settings, out)


def _save(settings: object) -> None:
    from unclench.settings import Settings, save_settings

    assert isinstance(settings, Settings)
    save_settings(settings)


def _add(args: argparse.Namespace, settings: object, out: TextIO, err: TextIO) -> int:
    from unclench.catalog import load_catalog
    from unclench.settings import Settings

    assert isinstance(settings, Settings)
    *when_words, routine_name = args.words
    if not when_words:
        err.write(
            "unclench remind add: error: give a time and a routine, e.g. "
            "`unclench remind add 08:00 relaxing-breath`\n"
        )
        return EXIT_USAGE
    try:
        reminder = Reminder("?", " ".join(when_words), args.weekdays)
    except ReminderError as error:
        err.write(f"unclench remind add: error: {error}\n")
        return EXIT_USAGE
    routine = load_catalog(extra_dirs=args.routines).find(routine_name)  # ChoiceError: exit 1
    reminder = replace(reminder, routine_id=routine.id)
    _save(replace(settings, reminders=(*settings.reminders, reminder)))
    out.write(f"added reminder {len(settings.reminders) + 1}: {reminder.describe()}\n")
    _offer_autostart(args.autostart, out, err)
    return 0


def _offer_autostart(choice: bool | None, out: TextIO, err: TextIO) -> None:
    path = desktop.autostart_path()
    if choice is None and path.is_file():
        return
    if choice is None and sys.stdin.isatty():
        err.write("Start the reminder process at each login (an autostart entry)? [Y/n] ")
        err.flush()
        answer = sys.stdin.readline().strip().lower()
        choice = answer in ("", "y", "yes")
    if choice:
        out.write(f"installed {desktop.install_autostart()}: reminders run from your next login")
        out.write(" (start them now with `unclench remind run &`)\n")
    elif choice is None:
        out.write(
            "note: reminders show while `unclench remind run` is running; "
            "`unclench remind add --autostart …` starts it at each login\n"
        )


def _list(settings: object, out: TextIO) -> int:
    from unclench.settings import Settings

    assert isinstance(settings, Settings)
    if not settings.reminders:
        out.write("no reminders (add one: `unclench remind add 08:00 relaxing-breath`)\n")
    for number, reminder in enumerate(settings.reminders, 1):
        out.write(f"{number:>2}  {reminder.describe()}  ({reminder.when})\n")
    if settings.quiet_hours:
        out.write(f"quiet hours: {settings.quiet_hours}\n")
    state = "installed" if desktop.autostart_path().is_file() else "not installed"
    out.write(f"autostart at login: {state} ({desktop.autostart_path()})\n")
    return 0


def _remove(which: str, settings: object, out: TextIO, err: TextIO) -> int:
    from unclench.settings import Settings

    assert isinstance(settings, Settings)
    count = len(settings.reminders)
    if which == "all":
        kept: tuple[Reminder, ...] = ()
    elif which.isdigit() and 1 <= int(which) <= count:
        index = int(which) - 1
        kept = settings.reminders[:index] + settings.reminders[index + 1 :]
    else:
        have = f"1–{count}" if count else "none are set"
        err.write(
            f"unclench remind remove: error: {which!r} is not a reminder number ({have}) "
            "or `all` — see `unclench remind list`\n"
        )
        return EXIT_USAGE
    _save(replace(settings, reminders=kept))
    out.write(f"removed {count - len(kept)} reminder(s); {len(kept)} left\n")
    if not kept and desktop.remove_autostart():
        out.write(f"removed {desktop.autostart_path()}: no reminders are left\n")
    return 0


def _quiet(hours: str, settings: object, out: TextIO, err: TextIO) -> int:
    from unclench.settings import Settings

    assert isinstance(settings, Settings)
    value: str | None = None
    if hours != "off":
        try:
            parse_quiet(hours)
        except ReminderError as error:
            err.write(f"unclench remind quiet: error: {error} (or `off`)\n")
            return EXIT_USAGE
        value = hours
    _save(replace(settings, quiet_hours=value))
    out.write(f"quiet hours: {value or 'none'}\n")
    return 0


# ------------------------------------------------------------------------ remind run


class _Stop(Exception):
    """SIGTERM, SIGHUP (logout) or SIGINT arrived."""


def _stop(signum: int, frame: FrameType | None) -> None:
    raise _Stop


class Log:
    """The reminder process's log: each line to stderr and to reminders.log in the cache
    folder (started afresh when it grows past 256 KiB)."""

    def __init__(self, err: TextIO, path: Path | None = None) -> None:
        self.err = err
        self.path = path or paths.user_cache_dir() / LOG_NAME

    def __call__(self, line: str) -> None:
        stamp = time.strftime("%Y-%m-%d %H:%M:%S")
        self.err.write(f"unclench reminders: {line}\n")
        self.err.flush()
        with contextlib.suppress(OSError):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            big = self.path.is_file() and self.path.stat().st_size > _LOG_LIMIT
            with self.path.open("w" if big else "a", encoding="utf-8") as log:
                log.write(f"{stamp} {line}\n")


class SettingsPlan:
    """The reminders and quiet hours, read again only when the settings file changed."""

    def __init__(self) -> None:
        from unclench.remind.runner import Plan

        self._stamp: tuple[int, int] | None = None
        self._plan = Plan((), None)

    def __call__(self) -> Plan:
        from unclench.remind.runner import Plan
        from unclench.settings import load_settings, settings_path

        try:
            info = settings_path().stat()
            stamp: tuple[int, int] | None = (info.st_mtime_ns, info.st_size)
        except OSError:
            stamp = None
        if stamp != self._stamp or self._stamp is None:
            self._stamp = stamp
            settings = load_settings()[0]
            quiet = parse_quiet(settings.quiet_hours) if settings.quiet_hours else None
            self._plan = Plan(settings.reminders, quiet)
        return self._plan


def routine_summary(routine_id: str) -> tuple[str, float] | None:
    """Title and length (default tempo and cycles) of a routine, None when unknown."""
    from unclench.catalog import load_catalog
    from unclench.core.errors import UnclenchError
    from unclench.core.timeline import compile_timeline

    try:
        routine = load_catalog().find(routine_id)
        return routine.title, compile_timeline(routine, None, None).total
    except UnclenchError:
        return None


def done_since(routine_id: str, epoch: float) -> bool:
    from unclench.journal.history import load_completed_since

    since = datetime.fromtimestamp(epoch, UTC)
    return load_completed_since(paths.journal_path(), routine_id, since)


def launch(routine_id: str) -> subprocess.Popen[bytes]:
    """Open unclench on ``routine_id`` (its cautions card first), detached from us."""
    return subprocess.Popen(
        [*desktop.command(), "play", routine_id],
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )


def run_reminders(err: TextIO) -> int:
    """The reminder process: one per login; exits 0 on SIGTERM/SIGHUP or when the session
    bus goes away, and at once (0) when another one is running or there is no bus."""
    from unclench.remind.notify import Notifier, NotifyError
    from unclench.remind.runner import NO_SERVICE, AlreadyRunning, Runner, hold_lock

    log = Log(err)
    try:
        lock = hold_lock(paths.user_runtime_dir() / LOCK_NAME)
    except AlreadyRunning:
        err.write("note: the reminder process is already running; this one exits\n")
        return 0
    try:
        for signum in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
            signal.signal(signum, _stop)
        signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # sessions we start are reaped for us
        try:
            notifier = Notifier()
        except NotifyError as error:
            log(f"{NO_SERVICE} ({error}); exiting")
            return 0
        try:
            try:
                log(f"running; notifications go to {notifier.server()}")
            except NotifyError as error:
                log(f"{NO_SERVICE} ({error})")
            runner = Runner(
                bus=notifier,
                plan=SettingsPlan(),
                routine=routine_summary,
                done_since=done_since,
                launch=launch,
                log=log,
            )
            runner.run(time.time)
        except NotifyError as error:
            log(f"{error}; exiting")
        except _Stop:
            log("stopped")
        finally:
            with contextlib.suppress(OSError):
                notifier.close()
        return 0
    finally:
        lock.close()


# ------------------------------------------------------------------------ install-desktop


def run_install_desktop(args: argparse.Namespace, out: TextIO) -> int:
    if args.remove:
        removed = desktop.remove_desktop()
        for path in removed:
            out.write(f"removed {path}\n")
        if not removed:
            out.write("nothing to remove: the desktop entry is not installed\n")
        return 0
    for path in desktop.install_desktop():
        out.write(f"installed {path}\n")
    return 0
