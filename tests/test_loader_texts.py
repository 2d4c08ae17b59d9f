"""A routine's texts: each field has a length limit, and control characters (which pass
YAML as escapes such as "\\0" and then crash the speech engine) are refused, each with the
line and column where it is written and what to do."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from unclench.cli import main as cli
from unclench.core.errors import Problem, RoutineError
from unclench.core.load.parse import parse_routine
from unclench.core.load.text_rules import RULES, TITLE, rule_for
from unclench.core.routine import Phase

TEMPLATE = """\
id: calm
title: {title}
kind: breath
summary: {summary}
source: {source}
cautions:
  - {caution}
tempo_presets:
  - {{label: {preset}, tempo: 1}}
steps:
  - repeat:
      times: 2
      label: {label}
      steps:
        - inhale: {say}
          counts: 4
          caption: {caption}
"""
FIELDS = {
    "title": "Calm",
    "summary": "One breath.",
    "source": "A book.",
    "caution": "Stop if dizzy.",
    "preset": "slow",
    "label": "breaths",
    "say": "In.",
    "caption": "Breathe in",
}
# Where each placeholder's value starts (line, column) and the field path it is read as.
WHERE = {
    "title": (2, 8, "title"),
    "summary": (4, 10, "summary"),
    "source": (5, 9, "source"),
    "caution": (7, 5, "cautions[0]"),
    "preset": (9, 13, "tempo_presets[0].label"),
    "label": (13, 14, "steps[0].repeat.label"),
    "say": (15, 19, "steps[0].repeat.steps[0].inhale"),
    "caption": (17, 20, "steps[0].repeat.steps[0].caption"),
}
LIMITS = {
    "title": 80,
    "summary": 200,
    "source": 2000,
    "caution": 500,
    "preset": 40,
    "label": 40,
    "say": 500,
    "caption": 500,
}
SCHEMA = Path(__file__).resolve().parents[1] / "schema" / "routine.schema.json"


def routine_text(**values: str) -> str:
    return TEMPLATE.format(**{**FIELDS, **values})


def problems_of(text: str) -> tuple[Problem, ...]:
    with pytest.raises(RoutineError) as caught:
        parse_routine(text.encode(), "t.yaml")
    return caught.value.problems


def test_the_template_is_valid() -> None:
    routine = parse_routine(routine_text().encode(), "t.yaml")
    assert routine.title == "Calm" and routine.tempo_presets[0].label == "slow"


@pytest.mark.parametrize("name", list(LIMITS))
def test_each_text_field_may_be_as_long_as_its_limit(name: str) -> None:
    parse_routine(routine_text(**{name: "a" * LIMITS[name]}).encode(), "t.yaml")


@pytest.mark.parametrize("name", list(LIMITS))
def test_each_text_field_longer_than_its_limit_is_a_located_error(name: str) -> None:
    limit = LIMITS[name]
    (problem,) = problems_of(routine_text(**{name: "a" * (limit + 1)}))
    line, column, field = WHERE[name]
    assert str(problem) == (
        f"t.yaml:{line}:{column}: error: {field}: the text is {limit + 1:,} characters long;"
        f" at most {limit:,} — shorten it"
    )


def test_every_phase_key_is_a_prompt_with_the_prompt_limit() -> None:
    for phase in Phase:
        assert rule_for(f"steps[2].repeat.steps[0].{phase.value}").max_length == 500
    assert rule_for("cautions[12]") is RULES["cautions"]
    assert rule_for("title") is TITLE


def test_the_schema_states_the_same_length_limits() -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    top, step = schema["properties"], schema["definitions"]["step"]["properties"]
    repeat = schema["definitions"]["repeat"]["properties"]["repeat"]["properties"]
    assert top["title"]["maxLength"] == 80
    assert top["summary"]["maxLength"] == 200
    assert top["source"]["maxLength"] == 2000
    assert top["cautions"]["items"]["maxLength"] == 500
    assert top["tempo_presets"]["items"]["properties"]["label"]["maxLength"] == 40
    assert repeat["label"]["maxLength"] == 40
    assert step["caption"]["maxLength"] == 500
    for phase in Phase:
        assert step[phase.value]["anyOf"][0]["maxLength"] == 500


# The escape as written in a double-quoted scalar, and the character it stands for.
CONTROLS = [
    ("\\0", "U+0000 (NUL)"),
    ("\\a", "U+0007 (BEL)"),
    ("\\e", "U+001B (ESC)"),
    ("\\x7f", "U+007F (DEL)"),
    ("\\N", "U+0085 (next line)"),
    ("\\x9b", "U+009B"),
    ("\\r", "U+000D (carriage return)"),
]


@pytest.mark.parametrize("name", list(FIELDS))
@pytest.mark.parametrize(("escape", "described"), CONTROLS)
def test_a_control_character_in_any_text_is_refused_where_it_is_written(
    name: str, escape: str, described: str
) -> None:
    (problem,) = problems_of(routine_text(**{name: f'"ab{escape}cd"'}))
    line, column, field = WHERE[name]
    assert (problem.line, problem.column, problem.field) == (line, column + 3, field)
    assert described in problem.message
    assert "remove it" in problem.fix


@pytest.mark.parametrize("char", ["\u202e", "\u202a", "\u2066", "\u2069"])
def test_bidirectional_override_and_isolate_characters_are_refused(char: str) -> None:
    (problem,) = problems_of(routine_text(caption=f"Breathe {char}in"))
    line, column, _ = WHERE["caption"]
    assert (problem.line, problem.column) == (line, column + 8)
    assert "bidirectional control character" in problem.message


def test_right_to_left_text_itself_is_accepted() -> None:
    routine = parse_routine(routine_text(caption="שאיפה עמוקה \u200f").encode(), "t.yaml")
    assert routine.steps


def test_newlines_and_tabs_are_kept_where_a_field_spans_lines() -> None:
    text = routine_text(summary='"One\\tbreath,\\nslowly."', caption='"In\\nslowly"')
    routine = parse_routine(text.encode(), "t.yaml")
    assert routine.summary == "One\tbreath,\nslowly."


@pytest.mark.parametrize("name", ["title", "label", "preset"])
@pytest.mark.parametrize(("escape", "what"), [("\\n", "newline"), ("\\t", "tab")])
def test_single_line_fields_refuse_newlines_and_tabs(name: str, escape: str, what: str) -> None:
    (problem,) = problems_of(routine_text(**{name: f'"ab{escape}cd"'}))
    assert problem.message == f"the text holds a {what}"
    assert problem.fix == "write it on one line"
    assert problem.column == WHERE[name][1] + 3


def test_a_block_scalar_title_is_refused_at_its_line_break() -> None:
    text = routine_text(title="|\n  Calm\n  breath")
    (problem,) = problems_of(text)
    assert (problem.field, problem.line) == ("title", 3)


def test_check_reports_a_nul_in_a_prompt_with_its_place_and_no_traceback(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "nul.yaml"
    path.write_text(routine_text(say='"Breathe\\0 in"'), encoding="utf-8")
    code = cli.main(["check", str(path)])
    err = capsys.readouterr().err
    assert code == 1
    assert f"{path}:15:27: error: steps[0].repeat.steps[0].inhale: the text holds" in err
    assert "Traceback" not in err
