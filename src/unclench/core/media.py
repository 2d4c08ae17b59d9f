"""The rule for a routine's ``sound:``/``image:`` paths, as written in the file. Pure:
path arithmetic only, the disk is never touched (``unclench.media`` resolves a checked
path against the routine's folder or the app's assets, symbolic links included).

A media path is relative and uses ``/``; ``.`` parts are dropped and a ``..`` may only
step back out of a folder it stepped into. ``assets/…`` names a file of the app's own
bundled assets folder; anything else is relative to the folder holding the routine file.
"""

from __future__ import annotations

import re
from enum import Enum
from pathlib import PurePosixPath

ASSETS_FOLDER = "assets"
PATH_FIX = "write a path relative to the routine's folder, or starting with assets/"
_DRIVE = re.compile(r"[A-Za-z]:")


class MediaRoot(Enum):
    """The folder a media path is relative to (and must stay inside)."""

    ROUTINE = "routine"
    ASSETS = "assets"


class RefusedPath(ValueError):
    """A media path the format does not allow; ``str()`` says why (PATH_FIX says what to do)."""


def clean_media_path(raw: str) -> PurePosixPath:
    """``raw`` normalised (``sounds/./rain.wav`` → ``sounds/rain.wav``). Raises RefusedPath
    for an absolute or Windows path, a ``..`` that leaves the folder, or a folder."""
    if raw.startswith(("/", "\\")) or _DRIVE.match(raw) or "\\" in raw:
        raise RefusedPath(f"{raw!r} is an absolute or Windows path")
    parts: list[str] = []
    for part in PurePosixPath(raw).parts:
        if part == "..":
            if not parts:
                raise RefusedPath(f"{raw!r} leads outside the routine's folder")
            parts.pop()
        elif part != ".":
            parts.append(part)
    if not parts or parts == [ASSETS_FOLDER]:
        raise RefusedPath(f"{raw!r} names a folder, not a file")
    return PurePosixPath(*parts)


def media_location(value: str) -> tuple[MediaRoot, PurePosixPath]:
    """Which folder ``value`` lives in and its path inside that folder. Raises RefusedPath
    (the same rule as the loader, so a Routine built in code is held to it too)."""
    path = clean_media_path(value)
    if path.parts[0] == ASSETS_FOLDER:
        return MediaRoot.ASSETS, PurePosixPath(*path.parts[1:])
    return MediaRoot.ROUTINE, path
