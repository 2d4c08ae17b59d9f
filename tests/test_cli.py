"""The command line: exit codes, messages and output of every command, run in-process through
``main`` (or the command functions, to pass a fake speech engine) and, where a window or the
installed entry point matters, as a subprocess."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pygame
import pytest

from conftest import BUILTIN_IDS
from test_speech_fakes import FakeRenderer
from unclench.catalog import Catalog, Entry
from unclench.cli import main as cli
from unclench.cli.doctor import run_doctor
from unclench.cli.parser import build_parser, parse_command_line
from unclench.cli.routines import cmd_list
from unclench.cli.speech import ProgressBar
from unclench.cli.terminal import display_width
from unclench.clips import read_wav
from unclench.core.load.parse import parse_routine
from unclench.core.timeline import Timeline, compile_timeline
from unclench.core.voices import VoiceSettings
from unclench.speech.errors import SpeechError
from unclench.speech.renderer import Pyttsx3Renderer

SMALL = textwrap.dedent(
    """\
    id: small
    title: Small
    kind: breath
    summary: A short test routine.
    tempo: 1.0
    tempo_range: [0.5, 2.0]
    steps:
      - instruction: Sit comfortably.
        seconds: 3
      - repeat:
          times: 2
          min: 1
          max: 5
          steps:
            - inhale: Breathe in.
              counts: 4
            - exhale: Breathe out.
              counts: 4
    """
)

BROKEN = textwrap.dedent(
    """\
    id: broken
    title: Broken
    kind: breath
    summary: Has a typo.
    steps:
      - inhail: Breathe in.
        counts: 4
    """
)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def usage_code(*argv: str) -> int | str | None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main(list(argv))
    return exit_info.value.code


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# -- list ------------------------------------------------------------------------------------


def test_list_prints_a_table_of_the_eight_builtin_routines(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(capsys, "list")
    assert code == 0
    assert err == ""
    lines = out.splitlines()
    assert lines[0].split() == ["ID", "TITLE", "KIND", "TIME", "FROM"]
    assert {line.split()[0] for line in lines[1:]} == BUILTIN_IDS
    assert re.search(
        r"^box-breathing\s+Box breathing \(4-4-4-4\)\s+breath\s+2:33\s+built-in$", out, re.M
    )


def _titled(id_: str, title: str) -> Entry:
    text = SMALL.replace("id: small", f"id: {id_}").replace("title: Small", f'title: "{title}"')
    return Entry(parse_routine(text.encode(), f"{id_}.yaml"), Path(f"{id_}.yaml"), "user", None)


def test_list_pads_columns_by_display_width_for_cjk_emoji_and_combining_marks() -> None:
    catalog = Catalog(
        (
            _titled("plain", "Box"),
            _titled("cjk", "深呼吸"),  # 3 characters, 6 columns
            _titled("emoji", "Calm 😌"),  # 6 characters, 7 columns
            _titled("accent", "Cafe\u0301 au lait"),  # 13 characters, 12 columns
        )
    )
    out = io.StringIO()
    assert cmd_list(catalog, False, out, io.StringIO()) == 0
    assert out.getvalue().splitlines() == [
        "ID      TITLE         KIND        TIME  FROM",
        "plain   Box           breath      0:19  user",
        "cjk     深呼吸        breath      0:19  user",
        "emoji   Calm 😌       breath      0:19  user",
        "accent  Cafe\u0301 au lait  breath      0:19  user",
    ]


@pytest.mark.parametrize(
    ("text", "columns"),
    [
        ("box", 3),
        ("深呼吸", 6),
        ("ｆｕｌｌ", 8),  # full-width Latin
        ("😌", 2),
        ("☺\ufe0f", 1),  # a variation selector takes no column
        ("e\u0301", 1),  # a combining accent sits on its letter
        ("a\x1b", 5),  # printed escaped, as \x1b
    ],
)
def test_display_width_counts_terminal_columns(text: str, columns: int) -> None:
    assert display_width(text) == columns


def test_list_json_is_one_document_with_a_row_per_routine(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "list", "--json")
    assert code == 0
    rows = json.loads(out)
    assert {row["id"] for row in rows} == BUILTIN_IDS
    box = next(row for row in rows if row["id"] == "box-breathing")
    assert box["origin"] == "built-in"
    assert box["seconds"] == 153.0
    assert box["duration"] == "2:33"
    assert box["error"] is None


def test_list_notes_a_user_routine_that_replaces_a_builtin(
    capsys: pytest.CaptureFixture[str], unclench_home: Path
) -> None:
    mine = write(
        unclench_home / "data" / "routines",
        "box.yaml",
        SMALL.replace("id: small", "id: box-breathing").replace("title: Small", "title: My box"),
    )
    code, out, _ = run(capsys, "list")
    assert code == 0
    assert re.search(r"^box-breathing\s+My box\s+breath\s+0:19\s+user$", out, re.M)
    assert f"note: {mine}: the routine 'box-breathing' replaces the built-in one in" in out

    code, out, err = run(capsys, "list", "--json")
    box = next(row for row in json.loads(out) if row["id"] == "box-breathing")
    assert box["origin"] == "user"
    assert box["overrides"].endswith("box-breathing.yaml")
    assert "replaces the built-in one" in err  # stdout stays pure JSON


def test_list_shows_a_broken_user_routine_below_the_good_ones(
    capsys: pytest.CaptureFixture[str], unclench_home: Path
) -> None:
    bad = write(unclench_home / "data" / "routines", "broken.yaml", BROKEN)
    code, out, _ = run(capsys, "list")
    assert code == 0
    assert "1 routine file(s) could not be loaded:" in out
    assert f"  {bad}:6:5: error: " in out
    assert "box-breathing" in out


def test_python_dash_m_unclench_lists_the_routines(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "unclench", "list"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "relaxing-breath" in done.stdout
    assert "pygame" not in done.stdout + done.stderr  # no support banner: pygame not loaded


# -- show ------------------------------------------------------------------------------------


def test_show_prints_every_step_and_the_total(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "show", "relaxing-breath")
    assert code == 0
    assert out.startswith("Relaxing breath (4-7-8) (relaxing-breath) — tempo")
    assert "START   LENGTH  PHASE" in out
    assert re.search(r"^Total 2:08 \(128\.\d s\)$", out, re.M)


def test_show_json_at_half_tempo_halves_counted_steps_only(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, out, _ = run(capsys, "show", "box-breathing", "--json")
    normal = json.loads(out)
    _, out, _ = run(capsys, "show", "box-breathing", "--json", "--tempo", "0.5")
    fast = json.loads(out)
    assert normal["tempo"] == 1.0
    assert fast["tempo"] == 0.5
    pairs = list(zip(normal["steps"], fast["steps"], strict=True))
    assert any(a["counts"] for a, _ in pairs)
    assert any(not a["counts"] for a, _ in pairs)
    for a, b in pairs:
        assert b["counts"] == a["counts"]
        if a["counts"]:
            assert b["duration"] == pytest.approx(a["duration"] / 2)
        else:
            assert b["duration"] == a["duration"]  # steps in seconds keep their length


def test_show_accepts_a_path_to_a_routine_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = write(tmp_path, "small.yaml", SMALL)
    code, out, _ = run(capsys, "show", str(path), "--cycles", "1")
    assert code == 0
    assert out.startswith("Small (small) — tempo 1 s per count, 1 cycles")
    assert "Total 0:11 (11.0 s)" in out


@pytest.mark.parametrize(
    ("option", "message"),
    [
        (["--tempo", "9"], "tempo 9 s per count is outside what 'box-breathing' allows (0.5–1.5)"),
        (["--tempo", "0"], "tempo 0 s per count is outside what 'box-breathing' allows"),
        (["--tempo", "nan"], "tempo nan s per count is outside what 'box-breathing' allows"),
        (["--cycles", "0"], "0 cycles is outside what 'box-breathing' allows (2–30)"),
        (["--cycles", "31"], "31 cycles is outside what 'box-breathing' allows (2–30)"),
    ],
)
def test_show_with_a_tempo_or_cycles_out_of_range_says_the_range_and_exits_1(
    capsys: pytest.CaptureFixture[str], option: list[str], message: str
) -> None:
    code, out, err = run(capsys, "show", "box-breathing", *option)
    assert code == 1
    assert out == ""
    assert err.startswith(message)
    assert "Traceback" not in err


def test_show_with_a_non_number_tempo_is_a_usage_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert usage_code("show", "box-breathing", "--tempo", "slow") == 2
    assert "argument --tempo: 'slow' is not a number" in capsys.readouterr().err


def test_show_an_unknown_routine_suggests_the_nearest_id(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = run(capsys, "show", "box-breathin")
    assert code == 1
    assert err.startswith("no routine called 'box-breathin' — did you mean 'box-breathing'")


def test_show_a_prefix_of_a_built_in_id_suggests_it(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "show", "box")
    assert (code, out) == (1, "")
    assert err.startswith("no routine called 'box' — did you mean 'box-breathing'?")


# -- check -----------------------------------------------------------------------------------


def test_check_a_valid_file_exits_0(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run(capsys, "check", str(write(tmp_path, "small.yaml", SMALL)))
    assert (code, out, err) == (0, "1 valid, 0 invalid\n", "")


def test_check_an_invalid_file_prints_located_errors_and_exits_1(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = write(tmp_path, "broken.yaml", BROKEN)
    code, out, err = run(capsys, "check", str(path))
    assert code == 1
    assert out == ""
    lines = err.splitlines()
    assert lines[-1] == "0 valid, 1 invalid"
    assert lines[:-1]
    for line in lines[:-1]:
        assert re.match(rf"^{re.escape(str(path))}:\d+:\d+: error: ", line), line
    assert "did you mean 'inhale'" in err


def test_check_a_folder_counts_the_good_files_next_to_a_broken_one(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    write(tmp_path, "a.yaml", SMALL)
    write(tmp_path, "b.yml", SMALL.replace("id: small", "id: other"))
    write(tmp_path, "c.yaml", BROKEN)
    write(tmp_path, "notes.txt", "not a routine")
    code, _, err = run(capsys, "check", str(tmp_path))
    assert code == 1
    assert err.splitlines()[-1] == "2 valid, 1 invalid"
    assert f"{tmp_path / 'c.yaml'}:6:5: error:" in err


def test_check_a_missing_path_is_reported_and_the_others_still_checked(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    good = write(tmp_path, "small.yaml", SMALL)
    code, _, err = run(capsys, "check", str(tmp_path / "nope.yaml"), str(good))
    assert code == 1
    assert err == (
        f"{tmp_path / 'nope.yaml'}: error: no such file or folder — check the path\n"
        "1 valid, 1 invalid\n"
    )


def test_check_an_empty_folder_says_there_is_nothing_to_check(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run(capsys, "check", str(tmp_path))
    assert code == 1
    assert err.startswith("no routine files (*.yaml, *.yml) found")


def test_check_without_a_path_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert usage_code("check") == 2
    assert "the following arguments are required: PATH" in capsys.readouterr().err


def test_an_unknown_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert usage_code("frobnicate") == 2
    assert "invalid choice: 'frobnicate'" in capsys.readouterr().err


# -- play (must fail before any window) ------------------------------------------------------


def test_play_an_unknown_routine_exits_1_without_opening_a_window(
    capsys: pytest.CaptureFixture[str],
) -> None:
    pygame.display.quit()
    code, _, err = run(capsys, "play", "no-such-routine")
    assert code == 1
    assert err.startswith("no routine called 'no-such-routine'")
    assert not pygame.display.get_init()


def test_play_an_invalid_file_exits_1_with_its_errors_without_a_window(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    pygame.display.quit()
    path = write(tmp_path, "broken.yaml", BROKEN)
    code, _, err = run(capsys, "play", str(path))
    assert code == 1
    assert err.startswith(f"{path}:6:5: error: ")
    assert not pygame.display.get_init()


def test_play_with_a_bad_tempo_exits_1_without_a_window(
    capsys: pytest.CaptureFixture[str],
) -> None:
    pygame.display.quit()
    code, _, err = run(capsys, "play", "box-breathing", "--tempo", "3")
    assert code == 1
    assert "outside what 'box-breathing' allows" in err
    assert not pygame.display.get_init()


def test_play_fails_cleanly_as_a_process_with_no_display_at_all(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("SDL_VIDEODRIVER", "DISPLAY")}
    env.pop("WAYLAND_DISPLAY", None)
    done = subprocess.run(
        [sys.executable, "-m", "unclench", "play", "no-such-routine"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
    )
    assert done.returncode == 1
    assert done.stderr.startswith("no routine called 'no-such-routine'")
    assert "Traceback" not in done.stderr


# -- shared options, before or after the command ---------------------------------------------

SHARED = [
    ("--events", "log.jsonl", "events", Path("log.jsonl")),
    ("--silent", None, "silent", True),
    ("--fullscreen", None, "fullscreen", True),
    ("--voice", "gmw/en-US", "voice", "gmw/en-US"),
    ("--rate", "150", "rate", 150),
]


@pytest.mark.parametrize(("option", "value", "dest", "parsed"), SHARED)
@pytest.mark.parametrize("where", ["before", "after"])
def test_a_shared_option_means_the_same_before_or_after_the_command(
    option: str, value: str | None, dest: str, parsed: object, where: str
) -> None:
    given = [option] if value is None else [option, value]
    command = ["play", "box-breathing"]
    argv = given + command if where == "before" else command + given
    args = parse_command_line(argv)
    assert getattr(args, dest) == parsed
    assert args.command == "play"


@pytest.mark.parametrize("where", ["before", "after"])
def test_routines_means_the_same_before_or_after_the_command(tmp_path: Path, where: str) -> None:
    argv = (
        ["--routines", str(tmp_path), "list"]
        if where == "before"
        else ["list", "--routines", str(tmp_path)]
    )
    assert parse_command_line(argv).routines == [tmp_path]


def test_routines_before_and_after_the_command_all_count_in_order(tmp_path: Path) -> None:
    first, second, third = (tmp_path / name for name in ("a", "b", "c"))
    for folder in (first, second, third):
        folder.mkdir()
    args = parse_command_line(
        ["--routines", str(first), "show", "x", "--routines", str(second), "--routines", str(third)]
    )
    assert args.routines == [first, second, third]
    assert not hasattr(args, "routines_after")


def test_shared_options_not_given_keep_their_defaults_with_or_without_a_command() -> None:
    for argv in ([], ["list"], ["play", "box-breathing"]):
        args = parse_command_line(argv)
        assert (args.routines, args.events, args.silent, args.fullscreen) == (
            [],
            None,
            False,
            False,
        )
        assert (args.voice, args.rate) == (None, None)


def test_a_shared_option_after_the_command_wins_over_the_one_before() -> None:
    args = parse_command_line(["--rate", "120", "--voice", "a", "play", "x", "--rate", "180"])
    assert (args.rate, args.voice) == (180, "a")


def test_list_and_show_read_a_routines_folder_given_after_the_command(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    write(tmp_path / "pack", "small.yaml", SMALL)
    code, out, err = run(capsys, "list", "--routines", str(tmp_path / "pack"))
    assert (code, err) == (0, "")
    assert re.search(r"^small\s+Small\s+breath\s+0:19\s+", out, re.M)
    code, out, _ = run(capsys, "show", "small", "--routines", str(tmp_path / "pack"))
    assert code == 0
    assert out.startswith("Small (small)")


def test_a_missing_routines_folder_after_the_command_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert usage_code("list", "--routines", str(tmp_path / "nope")) == 2
    assert "is not a folder — give a folder of .yaml routines" in capsys.readouterr().err


# -- help ------------------------------------------------------------------------------------


def test_help_names_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert usage_code("--help") == 0
    out = capsys.readouterr().out
    for command in ("list", "show", "check", "play", "voices", "doctor", "export"):
        assert re.search(rf"^    {command}\s+\S", out, re.M), command


@pytest.mark.parametrize("command", ["list", "show", "check", "play", "voices", "doctor", "export"])
def test_each_command_has_help_with_a_description(
    capsys: pytest.CaptureFixture[str], command: str
) -> None:
    assert usage_code(command, "--help") == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: unclench {command}")
    assert len(out.split("\n\n")) >= 3  # usage, a description, the options


def test_export_help_says_what_happens_without_a_speech_engine(
    capsys: pytest.CaptureFixture[str],
) -> None:
    usage_code("export", "--help")
    out = " ".join(capsys.readouterr().out.split())
    assert "Export needs a speech engine" in out
    assert "--force" in out


# -- voices and doctor, with fake engines ----------------------------------------------------

FAKE_VOICES_WORKER = textwrap.dedent(
    """
    import json, sys
    voices = [
        {"id": "gmw/de", "name": "German", "languages": ["de"]},
        {"id": "gmw/en", "name": "English (Great Britain)", "languages": ["en-gb"]},
        {"id": "gmw/en-US", "name": "English (America)", "languages": ["en-us"]},
    ]
    for line in sys.stdin:
        req = json.loads(line)
        if req["op"] == "hello":
            print(json.dumps({"ok": True, "engine_id": "pyttsx3-9.9/espeak-ng-7.7"}), flush=True)
        elif req["op"] == "voices":
            print(json.dumps({"ok": True, "voices": voices}), flush=True)
    """
)

NO_ENGINE_WORKER = (
    "import json, sys\n"
    "for line in sys.stdin:\n"
    "    print(json.dumps({'ok': False, 'error': 'libespeak-ng.so.1 missing'}), flush=True)\n"
)


def fake_engine(tmp_path: Path, script: str) -> Pyttsx3Renderer:
    path = tmp_path / "worker.py"
    path.write_text(script)
    return Pyttsx3Renderer(command=[sys.executable, str(path)], timeout=20)


def test_voices_lists_id_name_languages_and_marks_the_english_default(tmp_path: Path) -> None:
    renderer = fake_engine(tmp_path, FAKE_VOICES_WORKER)
    out = io.StringIO()
    try:
        assert cli.cmd_voices(renderer, None, out) == 0
    finally:
        renderer.close()
    lines = out.getvalue().splitlines()
    assert lines[0].split() == ["ID", "NAME", "LANGUAGES"]
    assert lines[1].split() == ["gmw/de", "German", "de"]
    assert lines[2].startswith("* gmw/en ")
    assert lines[2].split()[-1] == "en-gb"
    assert lines[3].startswith("  gmw/en-US ")
    assert lines[-1] == "3 voices; * the voice for English routines. Pick one with --voice ID."


def test_voices_marks_the_users_chosen_voice(tmp_path: Path) -> None:
    renderer = fake_engine(tmp_path, FAKE_VOICES_WORKER)
    out = io.StringIO()
    try:
        cli.cmd_voices(renderer, "gmw/de", out)
    finally:
        renderer.close()
    marked = [line for line in out.getvalue().splitlines() if line.startswith("*")]
    assert marked == [next(x for x in out.getvalue().splitlines() if "German" in x)]


def test_voices_without_an_engine_says_what_to_install(tmp_path: Path) -> None:
    renderer = fake_engine(tmp_path, NO_ENGINE_WORKER)
    try:
        with pytest.raises(SpeechError) as raised:
            cli.cmd_voices(renderer, None, io.StringIO())
    finally:
        renderer.close()
    message = str(raised.value)
    assert message.startswith("no speech voices: speech engine unavailable: libespeak-ng")
    assert message.count("install espeak-ng (sudo apt install espeak-ng)") == 1


def test_doctor_reports_every_fact_and_a_missing_engine_without_raising(
    tmp_path: Path, unclench_home: Path
) -> None:
    write(unclench_home / "data" / "routines", "small.yaml", SMALL)
    write(unclench_home / "data" / "routines", "broken.yaml", BROKEN)
    write(unclench_home / "config", "settings.json", "{not json")
    renderer = fake_engine(tmp_path, NO_ENGINE_WORKER)
    out = io.StringIO()
    try:
        assert run_doctor(out, renderer) == 0
    finally:
        renderer.close()
    report = dict(
        (label.strip(), value.strip())
        for label, value in (line.split(":", 1) for line in out.getvalue().splitlines())
    )
    assert report["unclench"] == "0.1.0"
    assert report["python"].startswith(".".join(map(str, sys.version_info[:2])))
    assert re.fullmatch(r"pygame 2\.\d+\.\d+, SDL 2\.\d+\.\d+", report["pygame"])
    assert report["speech"] == (
        "not available: speech engine unavailable: libespeak-ng.so.1 missing — "
        "install espeak-ng (sudo apt install espeak-ng)"
    )
    assert report["audio"].startswith("opened with driver dummy (SDL_AUDIODRIVER)")
    assert report["built-in routines"].endswith(f"— {len(BUILTIN_IDS)} routines")
    assert report["your routines"].endswith(
        f"— 1 routines, 1 broken (see `unclench check {unclench_home / 'data' / 'routines'}`)"
    )
    assert report["settings"].endswith("damaged: the app will set it aside and use the defaults")
    assert (unclench_home / "config" / "settings.json").exists()  # doctor moves nothing
    assert report["speech cache"].endswith("(not created yet) — 0 files, 0.0 MiB")
    assert not pygame.mixer.get_init()  # the device was closed again


def test_doctor_with_a_working_fake_engine_counts_its_voices(tmp_path: Path) -> None:
    renderer = fake_engine(tmp_path, FAKE_VOICES_WORKER)
    out = io.StringIO()
    try:
        run_doctor(out, renderer)
    finally:
        renderer.close()
    text = out.getvalue()
    assert re.search(r"^speech:\s+pyttsx3-9\.9/espeak-ng 7\.7$", text, re.M)
    assert re.search(r"^voices:\s+3 \(list them with `unclench voices`\)$", text, re.M)


def test_doctor_command_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "doctor")
    assert code == 0
    assert [line.split(":")[0] for line in out.splitlines()][:3] == [
        "unclench",
        "python",
        "pygame",
    ]
    assert re.search(r"^settings:\s+.*\(not created yet; the defaults are used\)$", out, re.M)


# -- export ----------------------------------------------------------------------------------


def small_timeline(cycles: int | None = None) -> Timeline:
    return compile_timeline(parse_routine(SMALL.encode(), "small.yaml"), cycles=cycles)


def test_export_writes_the_whole_session_and_reports_path_and_length(tmp_path: Path) -> None:
    timeline = small_timeline()  # 3 + 2 × (4 + 4) = 19 s
    target = tmp_path / "out" / "small.wav"
    target.parent.mkdir()  # export writes into an existing folder only
    out, err = io.StringIO(), io.StringIO()
    renderer = FakeRenderer()
    code = cli.cmd_export(
        timeline, target, renderer, VoiceSettings(), False, out, err, tmp_path / "cache"
    )
    assert code == 0
    assert abs(read_wav(target).duration - timeline.total) <= 0.05
    assert {text for text, _ in renderer.calls} == {
        "Sit comfortably.",
        "Breathe in.",
        "Breathe out.",
    }
    lines = out.getvalue().splitlines()
    assert lines[0] == str(target)
    assert re.fullmatch(r"length 0:19 \(19\.0 s\), written in \d+\.\d s", lines[1])
    assert err.getvalue() == f"[{'#' * 30}] 100%\n"  # not a terminal: only the final line


def test_export_refuses_to_overwrite_a_file_without_force(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = write(tmp_path, "keep.wav", "precious")
    code, out, err = run(capsys, "export", "box-breathing", str(target))
    assert code == 1
    assert out == ""
    assert err == f"{target} already exists — add --force to replace it\n"
    assert target.read_text() == "precious"


def test_export_with_force_replaces_the_file(tmp_path: Path) -> None:
    target = write(tmp_path, "old.wav", "old")
    cli.cmd_export(
        small_timeline(1),
        target,
        FakeRenderer(),
        VoiceSettings(),
        True,
        io.StringIO(),
        io.StringIO(),
        tmp_path / "cache",
    )
    assert read_wav(target).duration == pytest.approx(11.0, abs=0.05)


def test_export_an_unknown_routine_exits_1(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run(capsys, "export", "nope", str(tmp_path / "x.wav"))
    assert code == 1
    assert err.startswith("no routine called 'nope'")
    assert not (tmp_path / "x.wav").exists()


def test_export_into_a_path_under_a_file_exits_1_before_rendering(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    blocker = write(tmp_path, "file.txt", "x")
    code, _, err = run(capsys, "export", "box-breathing", str(blocker / "x.wav"))
    assert code == 1
    assert err == f"cannot write {blocker / 'x.wav'}: {blocker} is not a folder — check the path\n"


@pytest.mark.parametrize("name", ["out.mp3", "out.WAV.ogg", "out"])
def test_export_to_a_name_that_is_not_wav_is_a_usage_error_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str
) -> None:
    target = tmp_path / name
    assert usage_code("export", "box-breathing", str(target)) == 2
    err = capsys.readouterr().err
    assert "export writes WAV audio only — give a name ending in .wav" in err
    assert not target.exists()
    assert os.listdir(tmp_path) == []


def test_export_accepts_wav_in_any_case(tmp_path: Path) -> None:
    args = build_parser().parse_args(["export", "box-breathing", str(tmp_path / "Out.WAV")])
    assert args.out == tmp_path / "Out.WAV"


def test_export_into_a_missing_folder_names_it_and_creates_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "sesions" / "week 1" / "box.wav"
    code, out, err = run(capsys, "export", "box-breathing", str(target))
    assert (code, out) == (1, "")
    assert err == (
        f"cannot write {target}: the folder {target.parent} does not exist — "
        "create it first, or check the path\n"
    )
    assert os.listdir(tmp_path) == []


def test_export_to_a_folder_asks_for_a_file_name(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run(capsys, "export", "box-breathing", str(tmp_path))
    assert code == 1
    assert err.startswith(f"{tmp_path} is a folder — give a file name")


def test_export_bad_cycles_exits_1_with_the_range(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run(capsys, "export", "box-breathing", str(tmp_path / "x.wav"), "--cycles", "99")
    assert code == 1
    assert err.startswith("99 cycles is outside what 'box-breathing' allows (2–30)")


def test_export_without_an_engine_says_what_to_install_and_writes_nothing(
    tmp_path: Path,
) -> None:
    renderer = fake_engine(tmp_path, NO_ENGINE_WORKER)
    target = tmp_path / "x.wav"
    try:
        with pytest.raises(SpeechError) as raised:
            cli.cmd_export(
                small_timeline(),
                target,
                renderer,
                VoiceSettings(),
                False,
                io.StringIO(),
                io.StringIO(),
                tmp_path / "cache",
            )
    finally:
        renderer.close()
    assert str(raised.value).startswith("cannot export with speech: speech engine unavailable")
    assert str(raised.value).endswith("install espeak-ng (sudo apt install espeak-ng)")
    assert not target.exists()


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_redraws_in_place_on_a_terminal_once_per_percent() -> None:
    stream = FakeTerminal()
    bar = ProgressBar(stream, width=10)
    for fraction in (0.0, 0.52, 0.521, 1.0):
        bar(fraction)
    bar.finish()
    assert stream.getvalue().split("\r")[1:] == [
        "[----------]   0%",
        "[#####-----]  52%",
        "[##########] 100%",
        "[##########] 100%\n",
    ]


def test_a_routines_folder_that_does_not_exist_is_named_not_ignored(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    missing = tmp_path / "no-such-folder"
    with pytest.raises(SystemExit) as exited:
        run(capsys, "--routines", str(missing), "list")
    assert exited.value.code == 2
    assert f"'{missing}' is not a folder" in capsys.readouterr().err


# -- cautions and sources ----------------------------------------------------------------------


def test_show_prints_the_cautions_and_the_references_without_keys(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "show", "box-breathing")
    assert code == 0
    head = out.split("START")[0]
    assert "Before you begin:\n  • If you feel light-headed, stop and breathe normally.\n" in head
    assert "Based on:\n  Balban et al. (2023), Cell Reports Medicine" in head
    assert "B1" not in head and "B5" not in head


def test_show_json_carries_cautions_source_and_references(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "show", "relaxing-breath", "--json")
    doc = json.loads(out)
    assert code == 0
    assert doc["cautions"] and all(isinstance(c, str) for c in doc["cautions"])
    assert doc["source"].startswith("W2")
    assert doc["references"][0] == 'Andrew Weil, "Breathing: Three Exercises" (drweil.com)'


def test_play_passes_yes_to_the_app_and_is_off_by_default(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from unclench.app import AppOptions
    from unclench.settings import Settings

    seen: list[bool] = []

    def fake_run_app(options: AppOptions) -> tuple[int, Settings]:
        seen.append(options.yes)
        return 0, options.settings

    monkeypatch.setattr("unclench.app.run_app", fake_run_app)
    assert cli.main(["play", "box-breathing", "--silent"]) == 0
    assert cli.main(["play", "box-breathing", "--silent", "--yes"]) == 0
    assert cli.main(["play", "box-breathing", "--silent", "-y"]) == 0
    assert seen == [False, True, True]
