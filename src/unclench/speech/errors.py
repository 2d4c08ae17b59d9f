"""The speech boundary's one error type (and its storage flavour, which needs no engine fix)."""

from __future__ import annotations

import errno
from pathlib import Path

from unclench.core.errors import UnclenchError


class SpeechError(UnclenchError):
    """A prompt could not be rendered (engine missing, crashed, hung, or wrote no audio)."""


class SpeechStorageError(SpeechError):
    """A rendered prompt could not be written (disk full, folder read-only or in the way):
    the engine is fine, so the message says what to do about the folder instead."""


_FULL = {errno.ENOSPC, errno.EDQUOT}
_DENIED = {errno.EACCES, errno.EPERM, errno.EROFS}
_IN_THE_WAY = {errno.ENOTDIR, errno.EEXIST, errno.EISDIR}


def storage_message(error_number: int | None, path: Path | str, detail: str = "") -> str:
    """What is wrong with writing ``path`` and what to do, for an errno."""
    if error_number in _FULL:
        return f"the disk is full: cannot write {path} — free some space and try again"
    if error_number in _DENIED:
        return f"cannot write {path}: the folder is read-only — make it writable"
    if error_number in _IN_THE_WAY:
        return f"cannot write {path}: a file is in the way of a folder — move it aside"
    return f"cannot write {path}: {detail or 'unknown error'} — check the folder"


def storage_error(exc: OSError, path: Path | str) -> SpeechStorageError:
    """``exc`` (from writing ``path`` or its folder) as the message a user can act on."""
    return SpeechStorageError(storage_message(exc.errno, exc.filename or path, exc.strerror or ""))
