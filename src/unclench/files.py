"""Reading a file someone else may have put there: regular files only, never blocking.

A FIFO named ``calm.yaml`` would block ``open()`` until a writer came (forever), a device
would stream without end, a folder cannot be read at all. The file is opened without
blocking and checked with ``fstat`` on the open descriptor, so it is the very file that
is read (no gap between a check and the open for the file to be swapped in).
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path


class NotRegularFileError(OSError):
    """The path names a folder, FIFO, socket or device rather than a regular file."""


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def read_regular_file(path: Path, limit: int) -> bytes:
    """At most ``limit`` bytes of the regular file at ``path``.

    Raises NotRegularFileError (with ``strerror`` saying what the path is instead) for
    anything but a regular file, and OSError as the system reports it otherwise (missing,
    permission, a name too long)."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            kind = _kind(mode)
            what = kind if kind.startswith("not") else f"{kind}, not a regular file"
            raise NotRegularFileError(errno.EINVAL, what, str(path))
        os.set_blocking(fd, True)
        chunks: list[bytes] = []
        left = limit
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)
