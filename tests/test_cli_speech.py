"""`unclench check --speech` and `unclench export` with speech: a fake renderer with known
clip lengths for exact messages, and the real espeak-ng engine under the speech mark (skips
locally without espeak-ng; with CI=true a missing espeak-ng fails)."""

from __future__ import annotations

import io
import os
import re
import shutil
import sys
import textwrap
from pathlib import Path

import pytest

from test_speech_fakes import FakeRenderer
from unclench.cli import main as cli
from unclench.clips import read_wav
from unclench.core.load.parse import parse_routine
from unclench.core.timeline import compile_timeline
from unclench.settings import RATE_PICK_RANGE
from unclench.speech.renderer import Pyttsx3Renderer

LONG_PROMPT = (
    "Breathe in quietly through your nose, and let your belly rise while your shoulders "
    "stay soft, low and still."
)

# The long prompt sits on line 13, on a 1-count (1 s) inhale inside a repeat.
ROUTINE = textwrap.dedent(
    f"""\
    id: long-prompt
    title: Long prompt
    kind: breath
    summary: One prompt far too long for its step.
    tempo: 1.0
    tempo_range: [0.5, 2.0]
    steps:
      - instruction: Sit.
        seconds: 4
      - repeat:
          times: 2
          steps:
            - inhale: {LONG_PROMPT}
              counts: 1
            - exhale: Out.
              counts: 4
    """
)


def write_routine(folder: Path, text: str = ROUTINE) -> Path:
    path = folder / "long.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def speech_check(tmp_path: Path, renderer: cli.Renderer) -> cli.SpeechCheck:
    return cli.SpeechCheck(renderer, tmp_path / "cache", voice=None, rate=160)


# -- fake renderer: exact messages -----------------------------------------------------------


def test_check_speech_warns_with_file_line_and_field_for_a_prompt_longer_than_its_step(
    tmp_path: Path,
) -> None:
    path = write_routine(tmp_path)
    lengths = {LONG_PROMPT: 3.2, "Sit.": 0.4, "Out.": 0.4}
    out, err = io.StringIO(), io.StringIO()
    code = cli.cmd_check([path], out, err, speech_check(tmp_path, FakeRenderer(lengths=lengths)))
    assert code == 0  # warnings never change the exit code
    assert err.getvalue() == (
        f"{path}:13:1: warning: steps[1].repeat.steps[0].inhale: 'Breathe in quietly "
        "through your nose…' takes 3.2 s, the inhale lasts 1.0 s (the default tempo 1, rate "
        "160) — shorten the prompt or lengthen the step\n"
    )
    assert out.getvalue() == "1 valid, 0 invalid, 1 speech warning\n"


def test_check_speech_is_quiet_when_every_prompt_fits(tmp_path: Path) -> None:
    path = write_routine(tmp_path)
    out, err = io.StringIO(), io.StringIO()
    renderer = FakeRenderer(lengths={LONG_PROMPT: 0.45})  # fits 0.5 s: the fastest tempo
    assert cli.cmd_check([path], out, err, speech_check(tmp_path, renderer)) == 0
    assert err.getvalue() == ""
    assert out.getvalue() == "1 valid, 0 invalid, 0 speech warnings\n"
    assert {text for text, _ in renderer.calls} == {"Sit.", LONG_PROMPT, "Out."}


def test_check_speech_renders_with_the_routines_language_and_the_chosen_voice(
    tmp_path: Path,
) -> None:
    path = write_routine(tmp_path, ROUTINE.replace("kind: breath", "kind: breath\nlanguage: de"))
    renderer = FakeRenderer()
    check = cli.SpeechCheck(renderer, tmp_path / "cache", voice="gmw/de", rate=140)
    cli.cmd_check([path], io.StringIO(), io.StringIO(), check)
    # the user's rate, and the slowest the sound panel offers (for the fastest tempo)
    assert {(s.voice, s.rate, s.language) for _, s in renderer.calls} == {
        ("gmw/de", 140, "de"),
        ("gmw/de", RATE_PICK_RANGE[0], "de"),
    }


def test_check_speech_without_an_engine_notes_the_skip_and_keeps_exit_0(tmp_path: Path) -> None:
    script = tmp_path / "no_engine.py"
    script.write_text(
        "import json, sys\n"
        "for line in sys.stdin:\n"
        "    print(json.dumps({'ok': False, 'error': 'libespeak-ng.so.1 missing'}), flush=True)\n"
    )
    renderer = Pyttsx3Renderer(command=[sys.executable, str(script)], timeout=20)
    out, err = io.StringIO(), io.StringIO()
    try:
        code = cli.cmd_check([write_routine(tmp_path)], out, err, speech_check(tmp_path, renderer))
    finally:
        renderer.close()
    assert code == 0
    assert err.getvalue() == (
        "note: speech check skipped: speech engine unavailable: libespeak-ng.so.1 missing — "
        "install espeak-ng (sudo apt install espeak-ng)\n"
    )
    assert out.getvalue() == "1 valid, 0 invalid\n"  # no speech count: it did not run


def test_check_speech_still_fails_an_invalid_file_and_checks_the_valid_one(
    tmp_path: Path,
) -> None:
    good = write_routine(tmp_path)
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: bad\n", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    renderer = FakeRenderer(lengths={LONG_PROMPT: 2.5})
    code = cli.cmd_check([good, bad], out, err, speech_check(tmp_path, renderer))
    assert code == 1
    assert f"{bad}:" in err.getvalue()
    assert f"{good}:13:1: warning:" in err.getvalue()
    assert err.getvalue().endswith("1 valid, 1 invalid, 1 speech warning\n")


# -- the real engine -------------------------------------------------------------------------


@pytest.fixture
def espeak() -> None:
    if shutil.which("espeak-ng") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("espeak-ng is missing on CI — install it (sudo apt install espeak-ng)")
        pytest.skip("espeak-ng not installed")


@pytest.mark.speech
@pytest.mark.usefixtures("espeak")
def test_check_speech_with_espeak_warns_about_the_long_prompt_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], unclench_home: Path
) -> None:
    path = write_routine(tmp_path)
    assert cli.main(["check", "--speech", str(path)]) == 0
    captured = capsys.readouterr()
    [warning] = captured.err.splitlines()
    assert re.fullmatch(
        rf"{re.escape(str(path))}:13:1: warning: steps\[1\]\.repeat\.steps\[0\]\.inhale: "
        r"'Breathe in quietly through your nose…' takes (\d+\.\d) s, the inhale lasts "
        r"1\.0 s \(the default tempo 1, rate 110\) — shorten the prompt or lengthen the step",
        warning,
    )
    takes = float(warning.split(" takes ")[1].split(" s")[0])
    assert takes > 3.0  # about 20 words at 110 words a minute
    assert captured.out == "1 valid, 0 invalid, 1 speech warning\n"
    # cached: 3 texts at the default rate and at the slowest one
    assert len(list((unclench_home / "cache" / "speech").glob("*.wav"))) == 6


@pytest.mark.speech
@pytest.mark.usefixtures("espeak")
def test_export_with_espeak_is_as_long_as_the_timeline(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    short = ROUTINE.replace(LONG_PROMPT, "Breathe in.")
    path = write_routine(tmp_path, short)
    target = tmp_path / "long.wav"
    assert cli.main(["export", str(path), str(target), "--rate", "180"]) == 0
    total = compile_timeline(parse_routine(short.encode(), str(path))).total
    assert total == 14.0
    clip = read_wav(target)
    assert abs(clip.duration - total) <= 0.05
    assert abs(clip.samples.astype(float)).max() > 3000  # the voice is in it
    captured = capsys.readouterr()
    assert captured.out.splitlines()[:2][0] == str(target)
    assert captured.out.splitlines()[1].startswith("length 0:14 (14.0 s), written in ")
