"""How a problem reads: one formatter, for the CLI (compiler style, so editors can jump to it)
and for the menu's panel of a broken routine (the same words, without the file's name)."""

from __future__ import annotations

import pytest

from unclench.core.errors import Problem, RoutineError, format_problem

TYPO = Problem("r.yaml", 12, 5, "steps[2].inhal", "unknown key 'inhal'", "did you mean 'inhale'?")


def test_the_cli_form_names_file_line_column_field_message_and_fix() -> None:
    assert format_problem(TYPO) == (
        "r.yaml:12:5: error: steps[2].inhal: unknown key 'inhal' — did you mean 'inhale'?"
    )


def test_a_problem_without_a_place_names_only_the_file() -> None:
    problem = Problem("r.yaml", 0, 0, "", "cannot read the file: denied", "check the path")
    assert format_problem(problem) == "r.yaml: error: cannot read the file: denied — check the path"


def test_an_unknown_column_reads_as_column_one_and_no_fix_adds_no_dash() -> None:
    problem = Problem("r.yaml", 3, 0, "id", "is missing")
    assert format_problem(problem) == "r.yaml:3:1: error: id: is missing"


def test_a_warning_says_warning() -> None:
    assert format_problem(TYPO, severity="warning").startswith("r.yaml:12:5: warning: ")


def test_the_menu_form_leaves_out_the_file_but_keeps_the_line() -> None:
    assert format_problem(TYPO, in_file=True) == (
        "line 12: steps[2].inhal: unknown key 'inhal' — did you mean 'inhale'?"
    )
    unplaced = Problem("r.yaml", 0, 0, "", "no such file or folder", "check the path")
    assert format_problem(unplaced, in_file=True) == "no such file or folder — check the path"


@pytest.mark.parametrize(
    "problem",
    [
        TYPO,
        Problem("r.yaml", 0, 0, "", "no such file or folder", "check the path"),
        Problem("r.yaml", 7, 2, "title", "must be text"),
    ],
)
def test_the_menu_and_the_cli_use_the_same_words(problem: Problem) -> None:
    cli = format_problem(problem)
    menu = format_problem(problem, in_file=True)
    assert cli.endswith(menu.removeprefix(f"line {problem.line}: "))


def test_str_and_the_routine_error_use_the_formatter() -> None:
    other = Problem("r.yaml", 14, 1, "steps[3]", "the step has no duration")
    assert str(TYPO) == format_problem(TYPO)
    assert str(RoutineError([TYPO, other])) == f"{format_problem(TYPO)}\n{format_problem(other)}"
