"""The speech cache, the worker-process renderer and the prefetcher (no real engine)."""

from __future__ import annotations

import os
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from test_speech_fakes import FakeRenderer
from unclench.clips import read_wav, silence_ms
from unclench.core.voices import VoiceInfo, VoiceSettings, choose_voice
from unclench.speech.cache import SpeechCache
from unclench.speech.errors import SpeechError
from unclench.speech.prefetch import Prefetcher
from unclench.speech.renderer import Pyttsx3Renderer, speech_status

SETTINGS = VoiceSettings(voice="gmw/en", rate=160, volume=1.0)


def test_cache_renders_a_text_once_and_then_reuses_the_file(tmp_path: Path) -> None:
    renderer = FakeRenderer()
    cache = SpeechCache(tmp_path / "speech", renderer)
    first = cache.get_or_render("Breathe in", SETTINGS)
    second = cache.get_or_render("Breathe in", SETTINGS)
    assert first == second
    assert first.exists()
    assert [c[0] for c in renderer.calls] == ["Breathe in"]


@pytest.mark.parametrize(
    ("text", "settings", "engine"),
    [
        ("Breathe out", SETTINGS, "fake-1.0"),
        ("Breathe in", VoiceSettings(voice="gmw/en-us"), "fake-1.0"),
        ("Breathe in", VoiceSettings(voice="gmw/en", rate=120), "fake-1.0"),
        ("Breathe in", VoiceSettings(voice="gmw/en", volume=0.5), "fake-1.0"),
        ("Breathe in", SETTINGS, "fake-2.0"),
    ],
    ids=["text", "voice", "rate", "volume", "engine version"],
)
def test_cache_misses_when_any_key_part_changes(
    tmp_path: Path, text: str, settings: VoiceSettings, engine: str
) -> None:
    folder = tmp_path / "speech"
    original = SpeechCache(folder, FakeRenderer()).get_or_render("Breathe in", SETTINGS)
    renderer = FakeRenderer(engine=engine)
    changed = SpeechCache(folder, renderer).get_or_render(text, settings)
    assert changed != original
    assert len(renderer.calls) == 1


def test_cache_key_uses_the_language_when_no_voice_is_chosen(tmp_path: Path) -> None:
    cache = SpeechCache(tmp_path, FakeRenderer())
    english = cache.key("Ja", VoiceSettings(voice=None, language="en"))
    german = cache.key("Ja", VoiceSettings(voice=None, language="de"))
    assert english != german


def test_cache_stores_the_clip_trimmed_to_a_short_lead_in_and_tail(tmp_path: Path) -> None:
    path = SpeechCache(tmp_path, FakeRenderer(lengths={"Hold": 0.8})).get_or_render(
        "Hold", SETTINGS
    )
    clip = read_wav(path)
    lead, trail = silence_ms(clip)
    assert lead <= 5.5  # 11 ms of padding cut to 5 ms
    assert trail <= 30.5  # 240 ms of padding cut to 30 ms (fading)
    assert clip.duration == pytest.approx(0.8 + 0.005 + 0.030, abs=0.002)
    assert abs(int(clip.samples[-1])) < 50  # the fade ends at (near) zero: no click


def test_a_failed_render_leaves_nothing_in_the_cache(tmp_path: Path) -> None:
    cache = SpeechCache(tmp_path, FakeRenderer(fail={"Hold"}))
    with pytest.raises(SpeechError):
        cache.get_or_render("Hold", SETTINGS)
    assert list(tmp_path.iterdir()) == []


def test_size_and_clear_cover_every_stored_prompt(tmp_path: Path) -> None:
    cache = SpeechCache(tmp_path / "speech", FakeRenderer())
    assert cache.size_bytes() == 0
    for text in ("one", "two", "three"):
        cache.get_or_render(text, SETTINGS)
    assert cache.size_bytes() > 3 * 44
    cache.clear()
    assert cache.size_bytes() == 0
    assert cache.cached("one", SETTINGS) is None


VOICES = [
    VoiceInfo("gmw/af", "Afrikaans", ("af",)),
    VoiceInfo("gmw/de", "German", ("de",)),
    VoiceInfo("gmw/en-us", "English (America)", ("en-us",)),
    VoiceInfo("gmw/en", "English (Great Britain)", ("en-gb",)),
    VoiceInfo("roa/fr", "French", ("fr-fr",)),
]


@pytest.mark.parametrize(
    ("language", "voice"),
    [("en", "gmw/en"), ("en-us", "gmw/en-us"), ("de", "gmw/de"), ("fr", "roa/fr"), ("xx", None)],
)
def test_voice_follows_the_routine_language(language: str, voice: str | None) -> None:
    assert choose_voice(VOICES, language) == voice


# -- the worker process, with fake worker scripts -------------------------------------------

FAKE_WORKER = textwrap.dedent(
    """
    import json, os, sys, time, wave
    folder = sys.argv[1]
    mode = sys.argv[2]
    with open(os.path.join(folder, f"worker-{os.getpid()}.pid"), "w"):
        pass
    for line in sys.stdin:
        req = json.loads(line)
        if req["op"] == "hello":
            print(json.dumps({"ok": True, "engine_id": "fakeworker-1"}), flush=True)
            continue
        if mode == "hang" or (mode == "hang-on-hang" and req["text"] == "hang"):
            time.sleep(600)
        if mode == "crash" or req["text"] == "crash":
            os._exit(3)
        if mode == "crash-once" and not os.path.exists(os.path.join(folder, "crashed")):
            open(os.path.join(folder, "crashed"), "w").close()
            os._exit(3)
        with wave.open(req["out"], "wb") as w:
            w.setnchannels(1); w.setsampwidth(2); w.setframerate(22050)
            if mode != "header-only":
                w.writeframes(b"\\x00\\x10" * 2205)
        print(json.dumps({"ok": True}), flush=True)
    """
)


def fake_worker(tmp_path: Path, mode: str) -> list[str]:
    script = tmp_path / "fake_worker.py"
    script.write_text(FAKE_WORKER)
    return [sys.executable, str(script), str(tmp_path), mode]


def worker_pids(tmp_path: Path) -> list[int]:
    return [int(p.name.split("-")[1].split(".")[0]) for p in tmp_path.glob("worker-*.pid")]


def test_a_hanging_render_is_killed_after_its_timeout(tmp_path: Path) -> None:
    renderer = Pyttsx3Renderer(timeout=0.3, command=fake_worker(tmp_path, "hang"))
    with pytest.raises(SpeechError, match="did not answer"):
        renderer.render("Breathe in", SETTINGS, tmp_path / "out.wav")
    [pid] = worker_pids(tmp_path)
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)  # killed and reaped


def test_output_that_is_only_a_wav_header_counts_as_failed(tmp_path: Path) -> None:
    renderer = Pyttsx3Renderer(command=fake_worker(tmp_path, "header-only"))
    with pytest.raises(SpeechError, match="no audio"):
        renderer.render("Breathe in", SETTINGS, tmp_path / "out.wav")
    renderer.close()


def test_a_worker_that_crashed_is_restarted_on_the_next_render(tmp_path: Path) -> None:
    renderer = Pyttsx3Renderer(command=fake_worker(tmp_path, "crash-once"))
    with pytest.raises(SpeechError, match="exited"):
        renderer.render("Breathe in", SETTINGS, tmp_path / "a.wav")
    renderer.render("Breathe in", SETTINGS, tmp_path / "b.wav")
    assert renderer.restarts == 1
    assert (tmp_path / "b.wav").stat().st_size > 44
    renderer.close()


def test_the_worker_stays_alive_between_renders(tmp_path: Path) -> None:
    renderer = Pyttsx3Renderer(command=fake_worker(tmp_path, "ok"))
    for i in range(3):
        renderer.render(f"prompt {i}", SETTINGS, tmp_path / f"{i}.wav")
    assert len(worker_pids(tmp_path)) == 1
    renderer.close()


def test_prefetcher_survives_a_crashing_worker_and_marks_the_prompt_failed(
    tmp_path: Path,
) -> None:
    renderer = Pyttsx3Renderer(command=fake_worker(tmp_path, "ok"))
    cache = SpeechCache(tmp_path / "cache", renderer)
    failed: list[str] = []
    fetch = Prefetcher(
        cache, SETTINGS, ["before", "crash", "after"], on_failed=lambda t, _r: failed.append(t)
    )
    assert fetch.wait(timeout=30)
    assert fetch.ready("before") is not None
    assert fetch.ready("after") is not None  # rendered by a restarted worker
    assert fetch.ready("crash") is None
    assert "exited" in (fetch.failed("crash") or "")
    assert failed == ["crash"]
    renderer.close()


def test_prefetcher_kills_a_hanging_render_and_moves_on(tmp_path: Path) -> None:
    renderer = Pyttsx3Renderer(timeout=0.3, command=fake_worker(tmp_path, "hang-on-hang"))
    fetch = Prefetcher(
        SpeechCache(tmp_path / "c", renderer), SETTINGS, ["hang", "fine"], attempts=1
    )
    assert fetch.wait(timeout=30)
    assert "did not answer" in (fetch.failed("hang") or "")
    assert fetch.ready("fine") is not None
    renderer.close()


def test_prefetcher_renders_in_the_given_order_once_each_and_reports_ready(
    tmp_path: Path,
) -> None:
    renderer = FakeRenderer()
    ready: list[str] = []
    seen_thread: list[bool] = []

    def on_ready(text: str, path: Path) -> None:
        ready.append(text)
        seen_thread.append(threading.current_thread() is not threading.main_thread())
        assert path.exists()

    texts = ["Breathe in", "two", "three", "two", "Breathe out"]
    fetch = Prefetcher(SpeechCache(tmp_path, renderer), SETTINGS, texts, on_ready=on_ready)
    assert fetch.wait(["Breathe in"], timeout=10)
    assert fetch.wait(timeout=10)
    assert [c[0] for c in renderer.calls] == ["Breathe in", "two", "three", "Breathe out"]
    assert ready == ["Breathe in", "two", "three", "Breathe out"]
    assert all(seen_thread)
    assert fetch.done()


def test_prefetcher_retries_then_marks_a_prompt_failed_without_raising(tmp_path: Path) -> None:
    renderer = FakeRenderer(fail={"bad"})
    fetch = Prefetcher(SpeechCache(tmp_path, renderer), SETTINGS, ["bad", "good"], attempts=3)
    assert fetch.wait(timeout=10)
    assert [c[0] for c in renderer.calls] == ["bad", "bad", "bad", "good"]
    assert fetch.failed("bad") == "fake failure for 'bad'"
    assert fetch.ready("good") is not None


def test_speech_status_reports_a_missing_engine_with_what_to_install(tmp_path: Path) -> None:
    script = tmp_path / "broken.py"
    script.write_text(
        "import json, sys\n"
        "for line in sys.stdin:\n"
        "    print(json.dumps({'ok': False, 'error': 'libespeak-ng.so.1 missing'}), flush=True)\n"
    )
    status = speech_status(Pyttsx3Renderer(command=[sys.executable, str(script)]))
    assert not status.found
    assert "libespeak-ng" in status.reason
    assert status.fix == "install espeak-ng (sudo apt install espeak-ng)"
