"""Finding a routine's ``sound:``/``image:`` file on disk: the one resolver used by
``check`` (the catalog), the player and the exporter.

The path as written is first held to the format's rule (``core.media``: relative, no
``..`` out of the folder). ``assets/…`` is then looked up in the app's bundled assets
folder, anything else in the folder of the routine file (``Routine.origin``, as given: a
routine opened as ``pack/r.yaml`` looks in ``pack/``). The file must stay inside that
folder once symbolic links are resolved (a link to ``/etc/passwd`` is refused) and must be
a regular file (never a FIFO or a device, which could block a read). Reads the disk
(``stat`` calls only, no file is opened).
"""

from __future__ import annotations

from pathlib import Path

from unclench import paths
from unclench.core.errors import UnclenchError
from unclench.core.media import PATH_FIX, MediaRoot, RefusedPath, media_location


class MediaError(UnclenchError):
    """A routine's sound or image cannot be used. ``message`` says what is wrong, ``fix``
    what to do; the catalog turns them into a located Problem, the exporter into its error,
    the player into a notice and an event."""

    def __init__(self, message: str, fix: str) -> None:
        self.message = message
        self.fix = fix
        super().__init__(f"{message} — {fix}")


def media_folder(root: MediaRoot, routine_origin: str) -> Path:
    """The folder a media path of this routine is relative to."""
    if root is MediaRoot.ASSETS:
        return paths.assets_dir()
    return Path(routine_origin).parent


def resolve_media(value: str, routine_origin: str) -> Path:
    """The real path (symbolic links resolved) of the regular file ``value`` names, for the
    routine read from ``routine_origin``. Raises MediaError."""
    try:
        root, inside = media_location(value)
    except RefusedPath as refused:
        raise MediaError(str(refused), PATH_FIX) from None
    folder = media_folder(root, routine_origin)
    candidate = folder.joinpath(*inside.parts)
    try:
        real = candidate.resolve(strict=True)
        real_folder = folder.resolve(strict=True)
    except FileNotFoundError:
        raise MediaError(f"{candidate} does not exist", _missing_fix(root, folder)) from None
    except (OSError, RuntimeError) as error:  # a symlink loop, a permission, a name too long
        reason = getattr(error, "strerror", None) or str(error)
        fix = _missing_fix(root, folder)
        raise MediaError(f"{candidate} cannot be opened ({reason})", fix) from None
    if not real.is_relative_to(real_folder):
        raise MediaError(
            f"{candidate} leads to {real} through a symbolic link, outside {folder}",
            "copy the file into the folder instead of linking to it",
        )
    if not real.is_file():
        raise MediaError(f"{candidate} is not a regular file", "point at a WAV or image file")
    return real


def _missing_fix(root: MediaRoot, folder: Path) -> str:
    if root is MediaRoot.ASSETS:
        return f"the app's assets are in {folder}; check the name"
    return f"put the file next to the routine (in {folder}), or fix the path"
