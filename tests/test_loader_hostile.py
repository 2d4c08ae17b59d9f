"""Hostile and broken input: each gives one clear RoutineError, quickly and within memory,
never a traceback, a hang, or code run from the file."""

from __future__ import annotations

import pytest

from unclench.core.errors import Problem, RoutineError
from unclench.core.load.parse import MAX_BYTES, parse_routine

GOOD = b"""\
id: calm
title: Calm
kind: breath
summary: One breath.
steps:
  - inhale: In.
    counts: 4
"""


def the_problem(data: bytes) -> Problem:
    with pytest.raises(RoutineError) as caught:
        parse_routine(data, "h.yaml")
    problems = caught.value.problems
    assert len(problems) == 1, problems
    return problems[0]


def test_the_good_file_used_below_is_valid() -> None:
    assert parse_routine(GOOD, "h.yaml").id == "calm"


def test_file_over_the_size_limit_is_refused_before_parsing() -> None:
    data = GOOD + b"#" * MAX_BYTES
    problem = the_problem(data)
    assert "at most 256 KiB" in problem.message


def test_billion_laughs_stops_at_the_node_budget() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 10):
        refs = ", ".join([f"*a{level - 1}"] * 10)
        lines.append(f"a{level}: &a{level} [{refs}]")
    problem = the_problem(("\n".join(lines) + "\n").encode())
    assert "expands to more than" in problem.message


def test_alias_bomb_inside_steps_stops_at_the_node_budget() -> None:
    step = "{rest: ~, seconds: 1}"
    lines = [f"s0: &s0 [{', '.join([step] * 10)}]"]
    for level in range(1, 8):
        lines.append(f"s{level}: &s{level} [{', '.join([f'*s{level - 1}'] * 10)}]")
    data = GOOD + ("\n".join(lines) + "\n").encode()
    assert "expands to more than" in the_problem(data).message


def test_an_alias_that_contains_itself_is_refused() -> None:
    problem = the_problem(GOOD + b"cautions: &c [*c]\n")
    assert "nested more than" in problem.message


def test_ten_thousand_nested_brackets_are_refused() -> None:
    problem = the_problem(b"steps: " + b"[" * 10_000 + b"]" * 10_000)
    assert "nested too deeply" in problem.message
    assert problem.line == 1


def test_deep_block_nesting_is_refused() -> None:
    problem = the_problem(b"steps:\n" + b"- " * 5_000 + b"x\n")
    assert "nested too deeply" in problem.message


def test_python_tags_are_refused_and_nothing_runs() -> None:
    data = GOOD.replace(b"title: Calm", b"title: !!python/object/apply:os.system ['exit 1']")
    problem = the_problem(data)
    assert problem.line == 2
    assert "the tag !!python/object/apply:os.system is not allowed" in problem.message


def test_custom_tags_are_refused() -> None:
    problem = the_problem(GOOD.replace(b"In.", b"!shout In."))
    assert (problem.line, problem.message) == (
        6,
        "the tag !shout is not allowed; only plain YAML is read",
    )


def test_merge_keys_are_refused() -> None:
    data = GOOD.replace(b"  - inhale: In.\n    counts: 4\n", b"  - &s {inhale: In., counts: 4}\n")
    data += b"  - <<: *s\n"
    with pytest.raises(RoutineError) as caught:
        parse_routine(data, "h.yaml")
    assert (caught.value.problems[0].line, caught.value.problems[0].message) == (
        7,
        "merge keys (<<) are not supported",
    )


def test_invalid_utf8_reports_the_line_of_the_bad_byte() -> None:
    problem = the_problem(GOOD.replace(b"One breath", b"One \xff breath"))
    assert (problem.line, problem.column) == (4, 14)
    assert problem.message == "not UTF-8 text (byte 0xff)"


def test_binary_data_is_refused() -> None:
    problem = the_problem(bytes(range(256)) * 4)
    assert "binary data" in problem.message


def test_control_characters_are_located() -> None:
    problem = the_problem(GOOD.replace(b"One breath", b"One \x07breath"))
    assert (problem.line, problem.column) == (4, 14)
    assert "control character" in problem.message


def test_a_utf8_byte_order_mark_is_fine() -> None:
    assert parse_routine(b"\xef\xbb\xbf" + GOOD, "h.yaml").id == "calm"


@pytest.mark.parametrize("data", [b"", b"   \n", b"# just a comment\n"])
def test_an_empty_file_says_so(data: bytes) -> None:
    assert the_problem(data).message == "the file is empty"


@pytest.mark.parametrize(
    ("data", "what"),
    [(b"- inhale: In.\n", "a list"), (b"just some words\n", "a single value")],
)
def test_a_document_that_is_not_a_mapping_is_refused(data: bytes, what: str) -> None:
    problem = the_problem(data)
    assert problem.message.endswith(f"not {what}")
    assert problem.line == 1


def test_multiple_documents_are_refused_at_the_second() -> None:
    problem = the_problem(GOOD + b"---\nid: other\n")
    assert problem.line == 8
    assert problem.message == "a second YAML document (another '---')"


@pytest.mark.parametrize(
    ("data", "line", "message"),
    [
        (GOOD.replace(b"  - inhale", b"\t- inhale"), 6, "a character YAML cannot read here"),
        (GOOD.replace(b"summary: One breath.", b"summary: One: breath."), 4, "a ':' where"),
        (GOOD.replace(b"kind: breath", b"kind: [breath"), 4, "a list or mapping is not closed"),
        (GOOD + b"x: *nowhere\n", 8, "an alias (*name) with no anchor"),
        (GOOD.replace(b"title: Calm", b'title: "Calm'), 2, "the file ends inside a quoted text"),
    ],
)
def test_syntax_errors_are_plain_language_at_their_line(
    data: bytes, line: int, message: str
) -> None:
    problem = the_problem(data)
    assert problem.line == line, problem
    assert problem.message.startswith(message), problem
    assert problem.fix


def test_a_huge_integer_is_a_problem_not_a_crash() -> None:
    problem = the_problem(GOOD.replace(b"counts: 4", b"counts: " + b"9" * 5000))
    assert problem.field == "steps[0].counts"


def test_keys_that_are_lists_are_refused() -> None:
    problem = the_problem(GOOD + b"? [a, b]\n: c\n")
    assert problem.message == "a key must be plain text, not a list or mapping"
