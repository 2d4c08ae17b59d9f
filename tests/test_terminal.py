"""Text from files reaches the terminal with its control characters shown, not obeyed:
list, show, check and usage errors; --json stays valid JSON that round-trips the text."""

from __future__ import annotations

import io
import json
import textwrap
from dataclasses import replace
from pathlib import Path

import pytest

from unclench.catalog import Catalog, Entry
from unclench.cli import main as cli
from unclench.cli.routines import cmd_list, cmd_show
from unclench.cli.speech import ProgressBar
from unclench.cli.terminal import TerminalStream, visible
from unclench.core.load.parse import parse_routine
from unclench.core.timeline import compile_timeline

ESC_TITLE = "Calm\x1b]0;pwned\x07\x1b[2J\x9b31m"
ESC_SHOWN = "Calm\\x1b]0;pwned\\x07\\x1b[2J\\x9b31m"

SMALL = textwrap.dedent(
    """\
    id: small
    title: Small
    kind: breath
    summary: A short routine.
    steps:
      - instruction: Sit.
        seconds: 3
    """
)

RAW_CONTROLS = set(map(chr, [*range(0, 9), *range(11, 32), *range(0x7F, 0xA0)]))


def _raw_controls(text: str) -> set[str]:
    return {c for c in text if c in RAW_CONTROLS}


def _hostile_catalog(tmp_path: Path) -> Catalog:
    """A routine whose title and text carry escape sequences (made directly, so the test
    holds whatever the loader accepts), in a folder whose name carries one too."""
    folder = tmp_path / "pack\x1b[8m"
    folder.mkdir()
    path = folder / "small.yaml"
    path.write_text(SMALL, encoding="utf-8")
    routine = parse_routine(SMALL.encode(), str(path))
    step = replace(routine.steps[0], say="Sit\x1b[8m hidden", caption=None)
    hostile = replace(routine, title=ESC_TITLE, steps=(step,))
    return Catalog((Entry(hostile, path, "path", None),))


def test_visible_escapes_every_control_character_but_newline_and_tab() -> None:
    assert visible("a\x1b[31mb\x07\tc\n\x9b\x00\x7f") == "a\\x1b[31mb\\x07\tc\n\\x9b\\x00\\x7f"
    assert visible("abc\u202eexe.txt") == "abc\\u202eexe.txt"
    assert visible("Breathe out — slowly…") == "Breathe out — slowly…"


def test_list_and_show_print_a_hostile_title_and_path_escaped(tmp_path: Path) -> None:
    catalog = _hostile_catalog(tmp_path)
    listed, shown = io.StringIO(), io.StringIO()
    cmd_list(catalog, False, TerminalStream(listed), io.StringIO())  # type: ignore[arg-type]
    timeline = compile_timeline(catalog.routines[0])
    cmd_show(timeline, False, TerminalStream(shown))  # type: ignore[arg-type]
    for out in (listed.getvalue(), shown.getvalue()):
        assert _raw_controls(out) == set()
        assert ESC_SHOWN in out
    assert "pack\\x1b[8m" in listed.getvalue()
    assert "Sit\\x1b[8m hidden" in shown.getvalue()


def test_list_through_main_escapes_a_folder_name(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = tmp_path / "pack\x1b]0;x\x07"
    folder.mkdir()
    (folder / "small.yaml").write_text(SMALL, encoding="utf-8")
    assert cli.main(["--routines", str(folder), "list"]) == 0
    out = capsys.readouterr().out
    assert _raw_controls(out) == set()
    assert "pack\\x1b]0;x\\x07" in out


def test_json_output_stays_valid_and_keeps_the_exact_text(tmp_path: Path) -> None:
    catalog = _hostile_catalog(tmp_path)
    listed, shown = io.StringIO(), io.StringIO()
    cmd_list(catalog, True, TerminalStream(listed), io.StringIO())  # type: ignore[arg-type]
    timeline = compile_timeline(catalog.routines[0])
    cmd_show(timeline, True, TerminalStream(shown))  # type: ignore[arg-type]
    for out in (listed.getvalue(), shown.getvalue()):
        assert _raw_controls(out) == set()
    assert json.loads(listed.getvalue())[0]["title"] == ESC_TITLE
    assert json.loads(shown.getvalue())["title"] == ESC_TITLE


def test_check_errors_quoting_a_file_name_with_escapes_are_escaped(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    name = tmp_path / "bad\x1b[2Jname.yaml"
    name.write_text("id: [", encoding="utf-8")
    assert cli.main(["check", str(name)]) == 1
    err = capsys.readouterr().err
    assert _raw_controls(err) == set()
    assert "bad\\x1b[2Jname.yaml" in err


def test_usage_errors_quoting_what_was_typed_are_escaped(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit):
        cli.main(["pla\x1b]0;x\x07y"])
    err = capsys.readouterr().err
    assert "pla\\x1b]0;x\\x07y" in err
    assert _raw_controls(err) == set()


def test_the_progress_bar_still_redraws_in_place_through_the_escaping_stream() -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    raw = Tty()
    bar = ProgressBar(TerminalStream(raw))  # type: ignore[arg-type]
    bar(0.5)
    bar.finish()
    assert raw.getvalue().count("\r") == 2
    assert "\\x0d" not in raw.getvalue()
