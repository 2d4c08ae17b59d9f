"""Desktop entries: ``unclench.desktop`` in the applications menu (with an action per
built-in routine), its icon in the hicolor theme, and the reminder process's autostart entry.

Everything goes to the user's XDG folders: ``$XDG_DATA_HOME`` (default ``~/.local/share``)
for the entry and the icons, ``$XDG_CONFIG_HOME`` (default ``~/.config``) for autostart.
The entries follow the Desktop Entry Specification 1.4 (the newest that Debian 12's
``desktop-file-validate`` knows), which passes them (tests/test_remind_cli.py)."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

from unclench import paths

APP_ID = "unclench"
"""The desktop entry's name, the window's class (X11) and app id (Wayland): one name, so a
dock groups the window under the menu entry."""
ENTRY = f"{APP_ID}.desktop"
AUTOSTART = "unclench-reminders.desktop"
ICON_SIZES = (64, 256)  # the assets' icon-64.png and icon-256.png


def _xdg(variable: str, default: str) -> Path:
    value = os.environ.get(variable, "")
    return Path(value) if os.path.isabs(value) else Path.home() / default


def data_home() -> Path:
    return _xdg("XDG_DATA_HOME", ".local/share")


def config_home() -> Path:
    return _xdg("XDG_CONFIG_HOME", ".config")


def autostart_path() -> Path:
    return config_home() / "autostart" / AUTOSTART


def entry_path() -> Path:
    return data_home() / "applications" / ENTRY


def icon_path(size: int) -> Path:
    return data_home() / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"


def _quote(argument: str) -> str:
    """One Exec argument, quoted as the Desktop Entry Specification says when needed."""
    if argument and not any(c in argument for c in " \t\n\"'\\><~|&;$*?#()`%"):
        return argument
    escaped = "".join("\\" + c if c in '"`$\\' else c for c in argument)
    return f'"{escaped.replace("%", "%%")}"'


def command() -> list[str]:
    """How to run unclench from a desktop entry: the ``unclench`` on PATH, else this Python
    with ``-m unclench``."""
    found = shutil.which(APP_ID)
    return [found] if found else [sys.executable, "-m", APP_ID]


def exec_line(*arguments: str) -> str:
    return " ".join(_quote(part) for part in [*command(), *arguments])


def _value(text: str) -> str:
    return " ".join(text.split()).replace("\\", "\\\\")


def desktop_entry(routines: Sequence[tuple[str, str]]) -> str:
    """The applications-menu entry; ``routines``: (id, title) of each action."""
    actions = [rid for rid, _ in routines]
    lines = [
        "[Desktop Entry]",
        "Type=Application",
        "Version=1.4",
        "Name=unclench",
        "GenericName=Relaxation player",
        "Comment=Guided relaxation: paced breathing, muscle relaxation and slow stretching",
        f"Exec={exec_line()}",
        f"Icon={APP_ID}",
        "Terminal=false",
        "Categories=Utility;",
        "Keywords=relax;breathing;stretch;calm;",
        f"StartupWMClass={APP_ID}",
        f"Actions={''.join(a + ';' for a in actions)}",
    ]
    for routine_id, title in routines:
        lines += ["", f"[Desktop Action {routine_id}]", f"Name={_value(title)}"]
        lines.append(f"Exec={exec_line('play', routine_id)}")
    return "\n".join(lines) + "\n"


def autostart_entry() -> str:
    """The autostart entry that starts ``unclench remind run`` at login."""
    return "\n".join(
        [
            "[Desktop Entry]",
            "Type=Application",
            "Version=1.4",
            "Name=unclench reminders",
            "Comment=Shows the practice reminders you set with `unclench remind add`",
            f"Exec={exec_line('remind', 'run')}",
            f"Icon={APP_ID}",
            "Terminal=false",
            "NoDisplay=true",
            "X-GNOME-Autostart-enabled=true",
            "",
        ]
    )


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(path.name + ".tmp")
    temp.write_text(text, "utf-8")
    os.replace(temp, path)


def builtin_actions() -> list[tuple[str, str]]:
    """(id, title) of every built-in routine, in the catalog's order."""
    from unclench.catalog import scan_folder

    return [
        (entry.routine.id, entry.routine.title)
        for entry in scan_folder(paths.builtin_routines_dir(), "built-in")
        if entry.routine is not None
    ]


def install_desktop() -> list[Path]:
    """Write the menu entry and the icons; returns the files written."""
    written = [entry_path()]
    _write(entry_path(), desktop_entry(builtin_actions()))
    for size in ICON_SIZES:
        target = icon_path(size)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(paths.assets_dir() / f"icon-{size}.png", target)
        written.append(target)
    return written


def remove_desktop() -> list[Path]:
    """Remove what install_desktop wrote; returns the files removed."""
    removed = []
    for path in [entry_path(), *map(icon_path, ICON_SIZES)]:
        if path.is_file():
            path.unlink()
            removed.append(path)
    return removed


def install_autostart() -> Path:
    _write(autostart_path(), autostart_entry())
    return autostart_path()


def remove_autostart() -> bool:
    """Remove the autostart entry; False when there was none."""
    try:
        autostart_path().unlink()
    except FileNotFoundError:
        return False
    return True
