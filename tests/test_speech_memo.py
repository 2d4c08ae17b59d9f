"""The engine id is remembered between runs, so a warm-cache session can find its prompts
without starting the speech worker; a changed engine is never taken for the old one."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from test_speech import fake_worker, worker_pids
from unclench.speech.renderer import Pyttsx3Renderer, engine_fingerprint

# Skips locally without espeak-ng; in CI (which installs it) a missing engine must fail.
needs_engine = pytest.mark.skipif(
    engine_fingerprint() is None and os.environ.get("CI") != "true",
    reason="needs pyttsx3 and espeak-ng installed",
)


@needs_engine
def test_a_second_run_knows_the_engine_without_starting_the_worker(tmp_path: Path) -> None:
    memo = tmp_path / "speech" / "engine.json"
    first = Pyttsx3Renderer(command=fake_worker(tmp_path, "ok"), memo=memo)
    assert first.engine_id() == "fakeworker-1"
    first.close()
    assert len(worker_pids(tmp_path)) == 1
    second = Pyttsx3Renderer(command=fake_worker(tmp_path, "ok"), memo=memo)
    assert second.engine_id() == "fakeworker-1"
    assert len(worker_pids(tmp_path)) == 1, "the worker was started only to name the engine"


@needs_engine
def test_a_memo_from_another_engine_install_is_ignored(tmp_path: Path) -> None:
    memo = tmp_path / "engine.json"
    memo.write_text(json.dumps({"fingerprint": "pyttsx3-0.1|/old|1|1", "engine_id": "old-0"}))
    renderer = Pyttsx3Renderer(command=fake_worker(tmp_path, "ok"), memo=memo)
    assert renderer.engine_id() == "fakeworker-1"
    renderer.close()
    assert json.loads(memo.read_text())["fingerprint"] == engine_fingerprint()


@pytest.mark.parametrize("content", ["", "not json", "[]", '{"fingerprint": 3}'])
def test_a_damaged_memo_only_costs_the_speed_up(tmp_path: Path, content: str) -> None:
    memo = tmp_path / "engine.json"
    memo.write_text(content)
    renderer = Pyttsx3Renderer(command=fake_worker(tmp_path, "ok"), memo=memo)
    assert renderer.engine_id() == "fakeworker-1"
    renderer.close()
