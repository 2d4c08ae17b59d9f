"""The user-facing error types. Each is turned into a message once, at the edge (the CLI
prints it and exits non-zero; the app shows it in a panel). Anything else escaping is a bug."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


class UnclenchError(Exception):
    """Base of every error the user is meant to read."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a routine file, located as precisely as we can.

    ``line``/``column`` are 1-based (0 when unknown); ``field`` is the path inside the
    document, e.g. ``steps[3].repeat.steps[1].exhale``; ``fix`` says what to do about it.
    """

    file: str
    line: int
    column: int
    field: str
    message: str
    fix: str = ""

    def __str__(self) -> str:
        return format_problem(self)


def format_problem(
    problem: Problem, *, severity: Literal["error", "warning"] = "error", in_file: bool = False
) -> str:
    """A problem as the user reads it: the one place its wording is made.

    The CLI form places it the way compilers do, so editors can jump there:
    ``file:line:col: error: field: message — fix``. ``in_file`` gives the form for a reader
    who already sees the file's name (the menu's panel of a broken routine):
    ``line 12: field: message — fix``. The menu may wrap or cut it, never reword it.
    """
    detail = f"{problem.field}: {problem.message}" if problem.field else problem.message
    if problem.fix:
        detail += f" — {problem.fix}"
    if in_file:
        return f"line {problem.line}: {detail}" if problem.line else detail
    where = problem.file
    if problem.line:
        where += f":{problem.line}:{problem.column or 1}"
    return f"{where}: {severity}: {detail}"


class RoutineError(UnclenchError):
    """A routine file (or folder) could not be loaded. Holds every problem found at once."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class ChoiceError(UnclenchError):
    """A user choice (tempo, cycles, routine name, …) is out of range or unknown."""
