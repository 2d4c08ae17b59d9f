"""The routine catalog: the shell side of routines, which reads files and folders.

Built-in routines come first, then the user's folder, then any extra folders; a later
routine with the same id replaces an earlier one and the catalog says so in a notice.
A broken file becomes an Entry holding its RoutineError, shown next to the good ones:
one bad file never hides the others, and nothing is skipped silently.
"""

from __future__ import annotations

import errno
import os
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from unclench import paths
from unclench.core.errors import ChoiceError, Problem, RoutineError
from unclench.core.load.parse import MAX_BYTES, parse_routine
from unclench.core.load.problems import suggest
from unclench.core.routine import Block, Repeat, Routine
from unclench.files import read_regular_file
from unclench.media import MediaError, resolve_media

Origin = Literal["built-in", "user", "path"]
ROUTINE_SUFFIXES = (".yaml", ".yml")
_ID_LINE = re.compile(rb"^id[ \t]*:[ \t]*['\"]?([^'\"\s#]+)", re.MULTILINE)


@dataclass(frozen=True)
class Entry:
    """One routine file: its routine (None when broken), where it lives, where it came
    from, its error (None when good), and the built-in file it replaces, if any."""

    routine: Routine | None
    path: Path
    origin: Origin
    error: RoutineError | None
    overrides: Path | None = None


def load_routine_file(path: Path) -> Routine:
    """Read and validate one routine file, and check its sound and image files exist and
    stay inside its folder (or the app's assets) once symbolic links are resolved.

    Reads at most MAX_BYTES + 1 bytes, so a huge file is refused without reading it all,
    and only a regular file (a FIFO or device named ``*.yaml`` is an error, not a hang).
    Raises RoutineError (unreadable, invalid, or referring to a file it cannot use).
    """
    origin = str(path)
    try:
        data = read_regular_file(path, MAX_BYTES + 1)
    except OSError as error:
        reason = error.strerror or str(error)
        raise RoutineError(
            [Problem(origin, 0, 0, "", f"cannot read the file: {reason}", "check the path")]
        ) from None
    routine = parse_routine(data, origin)
    unusable = [
        Problem(origin, line, 1, field, refused.message, refused.fix)
        for field, value, line in _media(routine.steps, "steps")
        if (refused := _media_error(value, origin)) is not None
    ]
    if unusable:
        raise RoutineError(unusable)
    return routine


def _media_error(value: str, origin: str) -> MediaError | None:
    try:
        resolve_media(value, origin)
    except MediaError as error:
        return error
    return None


def _media(blocks: tuple[Block, ...], field: str) -> Iterator[tuple[str, str, int]]:
    """(field path, sound or image value, line) for every step, in file order."""
    for index, block in enumerate(blocks):
        here = f"{field}[{index}]"
        if isinstance(block, Repeat):
            yield from _media(block.steps, f"{here}.repeat.steps")
            continue
        for name, value in (("sound", block.sound), ("image", block.image)):
            if value is not None:
                yield f"{here}.{name}", value, block.line


def routine_files(folder: Path) -> list[Path]:
    """The *.yaml and *.yml files of a folder, sorted by name; a missing folder has none."""
    try:
        names = sorted(os.listdir(folder))
    except (FileNotFoundError, NotADirectoryError):
        return []
    return [folder / name for name in names if name.endswith(ROUTINE_SUFFIXES)]


def scan_folder(folder: Path, origin: Origin) -> list[Entry]:
    """An Entry for every routine file of ``folder``, sorted by file name.

    A second file using an id already taken in the same folder becomes a broken entry
    whose problem points at its ``id:`` line and names the first file.
    """
    entries: list[Entry] = []
    first_with_id: dict[str, Path] = {}
    for path in routine_files(folder):
        try:
            routine = load_routine_file(path)
        except RoutineError as error:
            entries.append(Entry(None, path, origin, error))
            continue
        other = first_with_id.setdefault(routine.id, path)
        if other != path:
            problem = Problem(
                str(path),
                _id_line(path),
                1,
                "id",
                f"the id {routine.id!r} is already used by {other.name} in the same folder",
                "give this routine another id",
            )
            entries.append(Entry(None, path, origin, RoutineError([problem])))
        else:
            entries.append(Entry(routine, path, origin, None))
    return entries


def _id_line(path: Path) -> int:
    """The line of the top-level ``id:`` key (1 if it cannot be found again)."""
    try:
        data = read_regular_file(path, MAX_BYTES + 1)
    except OSError:
        return 1
    match = _ID_LINE.search(data)
    return data.count(b"\n", 0, match.start()) + 1 if match else 1


@dataclass(frozen=True)
class Catalog:
    """Every routine file found, in order (built-in, user, extra folders); an overridden
    routine is left out and its replacement's Entry names it in ``overrides``."""

    entries: tuple[Entry, ...]
    notices: tuple[str, ...] = ()
    folders: tuple[tuple[Path, Origin], ...] = ()
    """The folders scanned, in order (empty for a catalog built by hand: never reloaded)."""
    stamp: Stamp = ()
    """``folder_stamp(folders)`` taken just before the scan: a different stamp now means
    some routine file changed since."""

    @property
    def routines(self) -> tuple[Routine, ...]:
        """The good routines."""
        return tuple(e.routine for e in self.entries if e.routine is not None)

    def find(self, name_or_path: str) -> Routine:
        """A routine by id, by one of its ``aliases`` (a former id), or by path to a
        .yaml/.yml file.

        Raises ChoiceError for an unknown id (with "did you mean") or a missing file, and
        the file's RoutineError when the routine named is broken.
        """
        if name_or_path.endswith(ROUTINE_SUFFIXES) or any(c in name_or_path for c in "/\\"):
            path = Path(name_or_path)
            try:
                os.stat(path)
            except OSError as error:  # missing, or a name too long for the system
                reason = "no such routine file" if error.errno == errno.ENOENT else error.strerror
                raise ChoiceError(f"{name_or_path}: {reason} — check the path") from None
            return load_routine_file(path)  # a folder, FIFO or device: a located error
        for entry in self.entries:
            if entry.routine is not None and entry.routine.id == name_or_path:
                return entry.routine
        for entry in self.entries:  # an id always wins over another routine's alias
            if entry.routine is not None and name_or_path in entry.routine.aliases:
                return entry.routine
        for entry in self.entries:
            if entry.error is not None and name_or_path in (entry.path.stem, _declared_id(entry)):
                raise entry.error
        ids = [r.id for r in self.routines]
        hint = suggest(name_or_path, ids) or (
            "no similar name" if ids else "there are no routines yet"
        )
        raise ChoiceError(
            f"no routine called {name_or_path!r} — {hint}; run `unclench list` to see them"
        )


def saved_choice(
    choices: Mapping[str, dict[str, float]], routine: Routine
) -> dict[str, float] | None:
    """The choices a user saved for ``routine``: under its id, or else under one of its
    aliases (settings written before the routine was renamed)."""
    return next((choices[name] for name in routine.names if name in choices), None)


def _declared_id(entry: Entry) -> str | None:
    try:
        data = read_regular_file(entry.path, MAX_BYTES + 1)
    except OSError:
        return None
    match = _ID_LINE.search(data)
    return match.group(1).decode("utf-8", "replace") if match else None


Stamp = tuple[tuple[str, int, int], ...]


def folder_stamp(folders: Sequence[tuple[Path, Origin]]) -> Stamp:
    """(path, size, modification time in ns) of every routine file in ``folders``: cheap (a
    listing and a stat per file, nothing read), so it can be taken every few seconds."""
    stamp: list[tuple[str, int, int]] = []
    for folder, _ in folders:
        for path in routine_files(folder):
            try:
                info = os.stat(path)
            except OSError:
                stamp.append((str(path), -1, -1))
                continue
            stamp.append((str(path), info.st_size, info.st_mtime_ns))
    return tuple(stamp)


def reload_catalog(catalog: Catalog) -> Catalog:
    """The same folders scanned again (``catalog`` itself when it has none)."""
    return scan_catalog(catalog.folders) if catalog.folders else catalog


def load_catalog(extra_dirs: Sequence[Path] = (), include_user: bool = True) -> Catalog:
    """Scan the built-in folder, the user's folder (unless ``include_user`` is false) and
    ``extra_dirs``; missing folders are empty. Later ids replace earlier ones, with a notice."""
    sources: list[tuple[Path, Origin]] = [(paths.builtin_routines_dir(), "built-in")]
    if include_user:
        sources.append((paths.user_routines_dir(), "user"))
    sources.extend((Path(folder), "path") for folder in extra_dirs)
    return scan_catalog(tuple(sources))


def scan_catalog(sources: tuple[tuple[Path, Origin], ...]) -> Catalog:
    """Every routine of ``sources`` (folder, origin), in order; later ids replace earlier."""
    stamp = folder_stamp(sources)
    entries: list[Entry] = []
    by_id: dict[str, int] = {}
    notices: list[str] = []
    for folder, origin in sources:
        for entry in scan_folder(folder, origin):
            if entry.routine is None:
                entries.append(entry)
                continue
            earlier = by_id.get(entry.routine.id)
            if earlier is None:
                by_id[entry.routine.id] = len(entries)
                entries.append(entry)
                continue
            replaced = entries[earlier]
            notices.append(
                f"{entry.path}: the routine {entry.routine.id!r} replaces the {replaced.origin}"
                f" one in {replaced.path}"
            )
            entries[earlier] = Entry(entry.routine, entry.path, origin, None, replaced.path)
    return Catalog(tuple(entries), tuple(notices), sources, stamp)
