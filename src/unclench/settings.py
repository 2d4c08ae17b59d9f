"""The user's settings: a dataclass with a docstring per field, loaded and saved as JSON.

A missing file gives the defaults; a damaged file is moved aside (never silently
overwritten: the user's file is kept as ``settings.json.bad``) and the defaults are used,
with a notice the app shows once.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from unclench import paths


@dataclass(frozen=True)
class Settings:
    voice: str | None = None
    """Speech voice id (None: the first voice matching the routine's language)."""
    rate: int = 160
    """Speech rate in words per minute; calm guidance sits around 140–170."""
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
    choices: dict[str, dict[str, float]] = field(default_factory=dict)
    """Per-routine tempo and cycles the user last chose, by routine id."""


def settings_path() -> Path:
    return paths.user_config_dir() / "settings.json"


def _coerce(raw: dict[str, Any]) -> tuple[Settings, list[str]]:
    """Keep the fields whose values have the right type; name the rest."""
    defaults = Settings()
    known = {f.name for f in fields(Settings)}
    values: dict[str, Any] = {}
    ignored: list[str] = []
    for name, value in raw.items():
        if name not in known:
            ignored.append(name)
            continue
        default = getattr(defaults, name)
        ok = (
            (isinstance(default, bool) and isinstance(value, bool))
            or (
                name in ("voice", "count_aloud")
                and (value is None or isinstance(value, (str, bool)))
            )
            or (isinstance(default, int) and not isinstance(default, bool) and type(value) is int)
            or (
                isinstance(default, float)
                and isinstance(value, (int, float))
                and not isinstance(value, bool)
            )
            or (isinstance(default, dict) and isinstance(value, dict))
        )
        if ok:
            values[name] = value
        else:
            ignored.append(name)
    settings = replace(defaults, **values)
    settings = replace(
        settings,
        volume=min(1.0, max(0.0, float(settings.volume))),
        voice_volume=min(1.0, max(0.0, float(settings.voice_volume))),
        chime_volume=min(1.0, max(0.0, float(settings.chime_volume))),
        rate=min(400, max(60, settings.rate)),
    )
    return settings, ignored


def load_settings(path: Path | None = None) -> tuple[Settings, list[str]]:
    """Read the settings; returns them and notices for the user (empty when all was well)."""
    path = path or settings_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Settings(), []
    except OSError as error:
        return Settings(), [f"{path}: cannot read the settings ({error.strerror}); using defaults"]
    try:
        raw = json.loads(text)
        if not isinstance(raw, dict):
            raise ValueError("not an object")
    except ValueError:
        backup = path.with_name(path.name + ".bad")
        try:
            os.replace(path, backup)
        except OSError:
            backup = path
        return Settings(), [
            f"{path}: the settings file is damaged; kept it as {backup.name} and started "
            "from the defaults"
        ]
    settings, ignored = _coerce(raw)
    notices = [f"{path}: ignored unknown or invalid setting {name!r}" for name in ignored]
    return settings, notices


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
