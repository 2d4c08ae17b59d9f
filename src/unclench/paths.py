"""Where unclench finds its own files and the user's.

Built-in routines and assets ship inside the wheel as the data packages
``unclench.builtin_routines`` and ``unclench.builtin_assets``. In an editable install or a
plain checkout those packages are not importable, so we fall back to the folders at the top
of the repository. User folders come from platformdirs and can be moved with the
``UNCLENCH_HOME`` environment variable (tests and portable installs use it).
"""

from __future__ import annotations

import os
from importlib import import_module
from pathlib import Path

import platformdirs

APP_NAME = "unclench"
_CHECKOUT = Path(__file__).resolve().parents[2]


def _data_package_dir(package: str, checkout_folder: str) -> Path:
    try:
        module = import_module(package)
    except ModuleNotFoundError:
        return _CHECKOUT / checkout_folder
    return Path(next(iter(module.__path__)))


def builtin_routines_dir() -> Path:
    """The folder holding the built-in routine YAML files."""
    return _data_package_dir("unclench.builtin_routines", "routines")


def assets_dir() -> Path:
    """The folder holding bundled assets (icons, fonts; the files a built-in routine names
    as ``assets/…``). Chimes are not files here: they are synthesised (and cached)."""
    return _data_package_dir("unclench.builtin_assets", "assets")


def _home() -> Path | None:
    value = os.environ.get("UNCLENCH_HOME")
    return Path(value).expanduser() if value else None


def user_data_dir() -> Path:
    """The user's data folder (their routines). Not created here."""
    home = _home()
    return home / "data" if home else Path(platformdirs.user_data_dir(APP_NAME))


def user_routines_dir() -> Path:
    """Where the user's own routines live; a routine here overrides a built-in of the same id."""
    return user_data_dir() / "routines"


def voices_dir() -> Path:
    """Where the user's own Piper voices live (``.onnx`` + ``.onnx.json`` pairs, copied in by
    ``unclench voices add``). Not created here."""
    return user_data_dir() / "voices"


def journal_path() -> Path:
    """The practice journal (SQLite), in the user data folder. Not created here."""
    return user_data_dir() / "journal.sqlite3"


def user_config_dir() -> Path:
    """The user's settings folder."""
    home = _home()
    return home / "config" if home else Path(platformdirs.user_config_dir(APP_NAME))


def user_cache_dir() -> Path:
    """The cache folder (rendered speech, synthesised chimes); safe to delete at any time."""
    home = _home()
    return home / "cache" if home else Path(platformdirs.user_cache_dir(APP_NAME))


def user_runtime_dir() -> Path:
    """The folder for this login's runtime files (the reminder process's lock): the user's
    XDG_RUNTIME_DIR folder for unclench."""
    home = _home()
    return home / "run" if home else Path(platformdirs.user_runtime_dir(APP_NAME))
