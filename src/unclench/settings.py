"""The user's settings: a dataclass with a docstring per field, loaded and saved as JSON.

A missing file gives the defaults. A damaged file never stops the app and is never lost:
what cannot be read at all (not UTF-8, not JSON, nested too deep, not a regular file) is
moved aside as ``settings.json.bad`` (``.bad-2``, ``.bad-3``… when an earlier copy is
there; none is ever overwritten) and the defaults are used. A file whose JSON is fine but
some fields are not (wrong type, unknown name) keeps every valid field: a copy of the
original is kept aside the same way, the cleaned settings are written back, and the
defaults stand in for the rest. Either way load_settings returns one notice, which the app
shows once (on stderr and in the menu).
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from unclench import paths
from unclench.core.body import DEFAULT_HANDEDNESS, HANDEDNESS
from unclench.core.reminders import Reminder, ReminderError, parse_quiet
from unclench.files import read_regular_file

RATE_RANGE = (60, 400)
"""Speech rates the app accepts, words per minute; others are clamped into it."""
RATE_PICK_RANGE = (90, 240)
"""The rates the sound panel steps through (10 at a time); ``check --speech`` checks every
prompt at its slowest."""
PITCH_RANGE = (0, 100)
"""Speech pitches the app accepts (espeak-ng's scale, 50 its own default); others are
clamped into it."""
MENU_NOTICE = "Some settings could not be read; the defaults stand in (see the terminal)."
"""What the menu says when load_settings returned a notice; stderr has the details."""
THEMES = ("dark", "light", "contrast")
"""The looks a user can choose (``visuals.theme.THEMES`` holds their palettes)."""
TEXT_SCALE_RANGE = (0.8, 1.6)
"""Text sizes the app accepts, as a fraction of the normal size; others are clamped."""
MOTION_CHOICES = ("system", "on", "off")
"""Reduced motion: follow the desktop's setting, always on, or always off."""
_MAX_BYTES = 1 << 20  # a settings file is a few hundred bytes; a bigger one is not ours
_MAX_DIGITS = 30  # longer integers are read as "too big" rather than as a number
_MAX_BACKUPS = 1000


@dataclass(frozen=True)
class Settings:
    voice: str | None = None
    """Speech voice id (None: the first voice matching the routine's language)."""
    rate: int = 110
    """Speech rate in words per minute, as the engine counts them; calm guidance sits around
    110–135 words a minute as heard (see docs/sound.md for how the default was measured)."""
    pitch: int = 30
    """Speech base pitch, 0–100 (espeak-ng's scale); lower sounds darker and calmer."""
    volume: float = 1.0
    """Overall loudness, 0–1: ↑/↓ in a session; scales the voice and the chimes."""
    voice_volume: float = 0.9
    """Voice loudness, 0–1."""
    chime_volume: float = 0.5
    """Chime loudness, 0–1; chimes sit under the voice."""
    muted: bool = False
    """M in a session toggles it; captions always show, so a muted session still works."""
    count_aloud: bool | None = None
    """Speak counts on counted steps; None: as each routine says."""
    ask_tension: bool = True
    """Ask "How tense do you feel?" (0–10, skippable) before and after each session; the
    answers are the user's own note, kept in the journal."""
    choices: dict[str, dict[str, float]] = field(default_factory=dict)
    """Per-routine tempo and cycles the user last chose, by routine id."""
    cautions_seen: dict[str, str] = field(default_factory=dict)
    """Routines whose cautions the user has read, by routine id: a digest of the cautions
    read (when a routine's cautions change, its card shows again)."""
    breath_cap_override: bool = False
    """Offer up to 8 relaxing breaths from the start, instead of 4 for the first four weeks
    of practice as the exercise's source advises (the advice is still shown)."""
    breath_cap_announced: bool = False
    """The menu has said once that the relaxing breath now offers up to 8 breaths."""
    handedness: str = DEFAULT_HANDEDNESS
    """The user's dominant side, "right" or "left": the body map lights it and names it
    ("Left arm") where a routine says "dominant"."""
    reminders: tuple[Reminder, ...] = ()
    """Reminders to practise (docs/reminders.md): ``{"routine_id", "when", "weekdays_only"}``
    each, ``when`` in one of the forms of ``unclench.core.reminders.FORMS``."""
    quiet_hours: str | None = None
    """No reminder notifications from–to, e.g. ``"22:00-07:00"`` (None: none)."""
    theme: str = "dark"
    """The look: "dark", "light" or "contrast" (high contrast: 7:1 for text and graphics)."""
    text_scale: float = 1.0
    """Text size, 0.8–1.6 of the normal size, in steps of 0.1."""
    reduced_motion: str = "system"
    """"on": the breathing disc keeps its size and a fill carries the pace, nothing glides;
    "off": full motion; "system": as the desktop says (GNOME's enable-animations)."""
    speak_menu: bool = False
    """Speak the focused routine's title and length while moving through the menu."""


def settings_path() -> Path:
    return paths.user_config_dir() / "settings.json"


def clamp_rate(rate: int) -> int:
    """``rate`` moved into RATE_RANGE."""
    return min(RATE_RANGE[1], max(RATE_RANGE[0], rate))


def clamp_pitch(pitch: int) -> int:
    """``pitch`` moved into PITCH_RANGE."""
    return min(PITCH_RANGE[1], max(PITCH_RANGE[0], pitch))


# ------------------------------------------------------------------------------ reading


class _Invalid(Exception):
    """A field's value does not have the shape its field needs."""


class _Partly(_Invalid):
    """Some of the value was valid: ``kept`` is that part."""

    def __init__(self, kept: Any) -> None:
        super().__init__()
        self.kept = kept


class _TooBig:
    """What an integer of more than _MAX_DIGITS digits is read as: never a valid value."""


def _int(text: str) -> int | _TooBig:
    return _TooBig() if len(text.lstrip("-")) > _MAX_DIGITS else int(text)


def _finite(value: Any, low: float, high: float) -> float:
    """A JSON number (not a boolean, not NaN or infinite) clamped into [low, high]."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _Invalid
    if isinstance(value, float) and not math.isfinite(value):
        raise _Invalid
    return float(min(high, max(low, value)))


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):  # never "no" → True: a string is not a boolean
        raise _Invalid
    return value


def _optional_flag(value: Any) -> bool | None:
    return None if value is None else _flag(value)


def _voice(value: Any) -> str | None:
    if value is None or (isinstance(value, str) and value):
        return value
    raise _Invalid


def _rate(value: Any) -> int:
    if type(value) is not int:
        raise _Invalid
    return clamp_rate(value)


def _one_of(choices: tuple[str, ...]) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        if value not in choices or not isinstance(value, str):
            raise _Invalid
        return value

    return check


def clamp_text_scale(scale: float) -> float:
    """``scale`` moved into TEXT_SCALE_RANGE and rounded to a step of 0.1."""
    return round(min(TEXT_SCALE_RANGE[1], max(TEXT_SCALE_RANGE[0], scale)), 1)


def _text_scale(value: Any) -> float:
    return clamp_text_scale(_finite(value, *TEXT_SCALE_RANGE))


def _pitch(value: Any) -> int:
    if type(value) is not int:
        raise _Invalid
    return clamp_pitch(value)


def _volume(value: Any) -> float:
    return _finite(value, 0.0, 1.0)


def _choices(value: Any) -> dict[str, dict[str, float]]:
    """Per-routine choices; entries that are not {"tempo"/"cycles": number} are dropped
    (a partly valid value keeps its valid entries, and still counts as damaged)."""
    if not isinstance(value, dict):
        raise _Invalid
    kept: dict[str, dict[str, float]] = {}
    for routine_id, choice in value.items():
        if not isinstance(choice, dict):
            continue
        numbers: dict[str, float] = {}
        for name in ("tempo", "cycles"):
            if name in choice:
                with contextlib.suppress(_Invalid):
                    numbers[name] = _finite(choice[name], 0.0, 1e6)
        if numbers and len(numbers) == len(choice):
            kept[routine_id] = numbers
    if len(kept) != len(value):
        raise _Partly(kept)
    return kept


def _cautions_seen(value: Any) -> dict[str, str]:
    """Routine id → digest of the cautions read; other entries are dropped (a partly valid
    value keeps its valid entries, and still counts as damaged)."""
    if not isinstance(value, dict):
        raise _Invalid
    kept = {
        routine_id: digest
        for routine_id, digest in value.items()
        if isinstance(digest, str) and 0 < len(digest) <= 64
    }
    if len(kept) != len(value):
        raise _Partly(kept)
    return kept


def _handedness(value: Any) -> str:
    """One of HANDEDNESS exactly: never coerced ("Left", "l" or true are not a side)."""
    if not isinstance(value, str) or value not in HANDEDNESS:
        raise _Invalid
    return value


def _reminder(value: Any) -> Reminder:
    if not isinstance(value, dict) or set(value) != {"routine_id", "when", "weekdays_only"}:
        raise _Invalid
    routine_id, when, weekdays = value["routine_id"], value["when"], value["weekdays_only"]
    if not (isinstance(routine_id, str) and 0 < len(routine_id) <= 200):
        raise _Invalid
    if not isinstance(when, str) or len(when) > 200:
        raise _Invalid
    try:
        return Reminder(routine_id, when, _flag(weekdays))
    except ReminderError:
        raise _Invalid from None


def _reminders(value: Any) -> tuple[Reminder, ...]:
    """A list of reminders; a bad entry is dropped (the rest are kept, and the field still
    counts as damaged, so the usual notice tells)."""
    if not isinstance(value, list):
        raise _Invalid
    kept = []
    for entry in value:
        with contextlib.suppress(_Invalid):
            kept.append(_reminder(entry))
    if len(kept) != len(value):
        raise _Partly(tuple(kept))
    return tuple(kept)


def _quiet_hours(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or len(value) > 40:
        raise _Invalid
    try:
        parse_quiet(value)
    except ReminderError:
        raise _Invalid from None
    return value


_FIELDS: dict[str, Callable[[Any], Any]] = {
    "voice": _voice,
    "rate": _rate,
    "pitch": _pitch,
    "volume": _volume,
    "voice_volume": _volume,
    "chime_volume": _volume,
    "muted": _flag,
    "count_aloud": _optional_flag,
    "ask_tension": _flag,
    "choices": _choices,
    "cautions_seen": _cautions_seen,
    "breath_cap_override": _flag,
    "breath_cap_announced": _flag,
    "handedness": _handedness,
    "reminders": _reminders,
    "quiet_hours": _quiet_hours,
    "theme": _one_of(THEMES),
    "text_scale": _text_scale,
    "reduced_motion": _one_of(MOTION_CHOICES),
    "speak_menu": _flag,
}


def _by_default_type(name: str) -> Callable[[Any], Any]:
    """For a field without its own check: the value must have the default's type."""
    default = getattr(Settings(), name)

    def check(value: Any) -> Any:
        if type(value) is not type(default):
            raise _Invalid
        return value

    return check


def _validate(raw: dict[str, Any]) -> tuple[Settings, list[str]]:
    """Every valid field of ``raw`` on top of the defaults, and the names of the others."""
    values: dict[str, Any] = {}
    bad: list[str] = []
    for name in [f.name for f in fields(Settings)]:
        if name not in raw:
            continue
        try:
            values[name] = _FIELDS.get(name, _by_default_type(name))(raw[name])
        except _Partly as partly:
            values[name] = partly.kept
            bad.append(name)
        except _Invalid:
            bad.append(name)
    known = {f.name for f in fields(Settings)}
    bad.extend(name for name in raw if name not in known)
    return replace(Settings(), **values), bad


def _parse(data: bytes) -> dict[str, Any] | None:
    """The settings object, or None when the file cannot be read as one at all."""
    try:
        raw = json.loads(data.decode("utf-8"), parse_int=_int)
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    return raw if isinstance(raw, dict) else None


def _keep_aside(path: Path, data: bytes) -> Path:
    """Keep the file as it is now under the first free ``NAME.bad``, ``NAME.bad-2``…;
    never replaces an existing file. Raises OSError when no copy could be made."""
    for number in range(1, _MAX_BACKUPS + 1):
        backup = path.with_name(path.name + (".bad" if number == 1 else f".bad-{number}"))
        try:
            os.link(path, backup)  # the very file, whole, however big; fails if taken
        except FileExistsError:
            continue
        except OSError:
            try:  # no hard links here (some file systems): a new file with what was read
                with backup.open("xb") as copy:
                    copy.write(data)
            except FileExistsError:
                continue
        return backup
    raise FileExistsError(f"{_MAX_BACKUPS} earlier copies are in the way")


def diagnose_settings(path: Path) -> str | None:
    """What is wrong with the settings file at ``path`` (None: nothing), without changing
    anything, for ``unclench doctor``. Raises OSError when it cannot be read."""
    data = read_regular_file(path, _MAX_BYTES + 1)
    raw = _parse(data) if len(data) <= _MAX_BYTES else None
    if raw is None:
        return "damaged: the app will set it aside and use the defaults"
    bad = _validate(raw)[1]
    if bad:
        names = ", ".join(repr(name) for name in bad)
        return f"unknown or invalid setting(s) {names}: the app will keep a copy and the rest"
    return None


def load_settings(path: Path | None = None) -> tuple[Settings, list[str]]:
    """Read the settings; returns them and notices for the user (empty when all was well).

    Side effects when the file is damaged: a copy is kept aside and the file is removed
    (unreadable) or rewritten with its valid fields (see the module docstring)."""
    path = path or settings_path()
    try:
        data = read_regular_file(path, _MAX_BYTES + 1)
    except FileNotFoundError:
        return Settings(), []
    except OSError as error:
        return Settings(), [
            f"{path}: cannot read the settings ({error.strerror}); using the defaults"
        ]
    raw = _parse(data) if len(data) <= _MAX_BYTES else None
    if raw is None:
        settings, what = Settings(), "the settings file is damaged"
    else:
        settings, bad = _validate(raw)
        if not bad:
            return settings, []
        names = ", ".join(repr(name) for name in bad)
        what = f"ignored unknown or invalid setting(s) {names} and kept the others"
    try:
        backup = _keep_aside(path, data)
    except OSError as error:
        return settings, [
            f"{path}: {what}; could not keep a copy ({error.strerror or error}), so the "
            "file is left as it is — using the defaults for what could not be read"
        ]
    with contextlib.suppress(OSError):
        if raw is None:
            path.unlink()
        else:
            save_settings(settings, path)
    return settings, [
        f"{path}: {what}; kept the file as {backup.name} and used the defaults for the rest"
        if raw is not None
        else f"{path}: {what}; kept it as {backup.name} and started from the defaults"
    ]


def save_settings(settings: Settings, path: Path | None = None) -> None:
    """Write atomically (temp file + rename) so a crash never leaves half a file."""
    path = path or settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(path.name + ".tmp")
    temp.write_text(json.dumps(asdict(settings), indent=2, sort_keys=True) + "\n", "utf-8")
    os.replace(temp, path)


class SettingsSaver:
    """Saves the settings on a background thread each time they change, so a change made on
    the render loop (M or ↑/↓ in a session, the sound panel) never waits for the disk, and a
    change is on disk soon after it is made, not only when the app closes.

    Only the newest settings are written: changes that come faster than the disk are folded
    into one write. ``close`` writes what is still pending and waits for it. A write that
    fails is kept in ``error`` (the settings then stay in memory only)."""

    def __init__(
        self,
        path: Path | None = None,
        save: Callable[[Settings, Path | None], None] = save_settings,
    ) -> None:
        self.path = path
        self.error: OSError | None = None
        self._save = save
        self._pending: Settings | None = None
        self._closed = False
        self._changed = threading.Condition()
        self._thread = threading.Thread(target=self._run, name="unclench-settings", daemon=True)
        self._thread.start()

    def save(self, settings: Settings) -> None:
        """Have ``settings`` written soon (returns at once)."""
        with self._changed:
            self._pending = settings
            self._changed.notify()

    def close(self, timeout: float = 5.0) -> None:
        """Write what is pending and stop the thread."""
        with self._changed:
            self._closed = True
            self._changed.notify()
        self._thread.join(timeout)

    def _run(self) -> None:
        while True:
            with self._changed:
                while self._pending is None and not self._closed:
                    self._changed.wait()
                settings, self._pending = self._pending, None
                closing = self._closed
            if settings is not None:
                try:
                    self._save(settings, self.path)
                    self.error = None
                except OSError as error:
                    self.error = error
            if closing:
                with self._changed:
                    if self._pending is None:
                        return
