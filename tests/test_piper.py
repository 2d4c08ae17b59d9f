"""The optional natural voice (Piper): finding and adding voices, routing ``piper:`` voices to
their own worker, falling back to the default engine, warming a routine from the menu — and,
with the piper extra and the test voice installed (CI always), a real session and a real
export spoken by Piper."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pygame
import pytest

from conftest import PIPER_VOICE, require_piper
from fakes import FakeClock, FakeHost, key_event
from test_session_sound import run_session
from test_speech_fakes import FakeRenderer
from unclench import paths
from unclench.catalog import load_catalog
from unclench.cli.main import main
from unclench.clips import read_wav
from unclench.core.speech_fit import spoken_texts
from unclench.core.timeline import BeatKind, compile_timeline
from unclench.core.voices import VoiceInfo, VoiceSettings
from unclench.settings import Settings
from unclench.sound.export import export_session
from unclench.sound.service import SoundService
from unclench.speech.cache import SpeechCache
from unclench.speech.engines import VoiceRouter, speech_renderer
from unclench.speech.errors import SpeechError
from unclench.speech.piper_voices import VoiceFileError, add_voice, find_piper_voices
from unclench.ui.menu import MenuScene


class ListingRenderer(FakeRenderer):
    """A FakeRenderer that also lists voices and can be closed, like Pyttsx3Renderer."""

    def voices(self) -> list[VoiceInfo]:
        return [VoiceInfo("gmw/en", "English", ("en",))]

    def close(self) -> None:
        pass


def voice_pair(folder: Path, name: str = "xx_XX-test-low", config: str | None = None) -> Path:
    """A made-up voice pair (not a working model: enough for finding and adding)."""
    folder.mkdir(parents=True, exist_ok=True)
    model = folder / f"{name}.onnx"
    model.write_bytes(b"not really onnx")
    text = config or json.dumps(
        {"phoneme_id_map": {"a": [1]}, "language": {"code": "xx_XX"}, "audio": {"quality": "low"}}
    )
    (folder / f"{name}.onnx.json").write_text(text, encoding="utf-8")
    return model


@pytest.fixture(autouse=True)
def _quit_pygame() -> Iterator[None]:
    yield
    pygame.quit()


# -- finding and adding voices ----------------------------------------------------------------


def test_a_pair_in_the_voice_folder_is_found_with_its_language(tmp_path: Path) -> None:
    voice_pair(paths.voices_dir())
    (paths.voices_dir() / "lonely.onnx").write_bytes(b"no config beside it")
    found = {v.id: v for v in find_piper_voices()}
    assert "piper:xx_XX-test-low" in found
    assert "piper:lonely" not in found
    voice = found["piper:xx_XX-test-low"]
    assert voice.source == "your voice folder"
    assert voice.info() == VoiceInfo(
        "piper:xx_XX-test-low", "xx_XX-test-low (Piper, low)", ("xx-xx",)
    )


def test_voices_add_copies_both_files_into_the_voice_folder(tmp_path: Path) -> None:
    model = voice_pair(tmp_path / "download")
    added = add_voice(model)
    assert added.id == "piper:xx_XX-test-low"
    assert (paths.voices_dir() / "xx_XX-test-low.onnx").read_bytes() == model.read_bytes()
    assert (paths.voices_dir() / "xx_XX-test-low.onnx.json").is_file()


def test_voices_add_without_the_config_says_both_files_are_needed(tmp_path: Path) -> None:
    model = voice_pair(tmp_path / "download")
    model.with_name(model.name + ".json").unlink()
    with pytest.raises(VoiceFileError, match=r"needs both xx_XX-test-low\.onnx and"):
        add_voice(model)
    assert not paths.voices_dir().exists()


def test_voices_add_with_a_config_that_is_not_json_says_so(tmp_path: Path) -> None:
    model = voice_pair(tmp_path / "download", config="{not json")
    with pytest.raises(VoiceFileError, match="not a Piper voice config"):
        add_voice(model)


def test_voices_add_on_the_command_line_prints_one_line_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["voices", "add", str(tmp_path / "nothing.onnx")]) == 1
    err = capsys.readouterr().err
    assert "nothing.onnx not found" in err
    assert "Traceback" not in err
    model = voice_pair(tmp_path / "download")
    assert main(["voices", "add", str(model)]) == 0
    assert "added piper:xx_XX-test-low" in capsys.readouterr().out


# -- routing and falling back -----------------------------------------------------------------


def test_the_engine_that_speaks_a_voice_is_part_of_its_cache_key(tmp_path: Path) -> None:
    router = VoiceRouter(ListingRenderer(), voices_folder=tmp_path / "none")
    cache = SpeechCache(tmp_path / "cache", router)
    espeak, piper = VoiceSettings("gmw/en"), VoiceSettings(PIPER_VOICE)
    assert router.engine_id_for(espeak) == "fake-1.0"
    assert cache.key("Breathe in.", espeak) != cache.key("Breathe in.", piper)


def test_a_piper_voice_that_cannot_load_is_spoken_by_the_default_engine_with_a_notice(
    tmp_path: Path,
) -> None:
    default = ListingRenderer()
    router = VoiceRouter(default, voices_folder=tmp_path / "none")
    cache = SpeechCache(tmp_path / "cache", router)
    settings = VoiceSettings("piper:no-such-voice", language="en")
    path = cache.get_or_render("Breathe in.", settings)  # the key already says "instead"
    assert read_wav(path).duration > 0.4
    assert default.calls == [("Breathe in.", VoiceSettings(None, language="en"))]
    assert "no-such-voice could not be loaded" in router.notice()
    assert router.engine_id_for(settings).endswith("/instead-of-piper")


def test_a_load_failure_during_a_render_fails_that_render_then_falls_back(tmp_path: Path) -> None:
    class NoLoad:
        def engine_id(self) -> str:
            return "piper-tts-test"

        def load(self, voice: str) -> float:
            raise SpeechError("the model is damaged")

        def close(self) -> None:
            pass

    voice_pair(paths.voices_dir())
    default = ListingRenderer()
    router = VoiceRouter(default, piper=NoLoad())  # type: ignore[arg-type]
    settings = VoiceSettings("piper:xx_XX-test-low")
    cache = SpeechCache(tmp_path / "cache", router)
    first_key = cache.key("Hold.", settings)
    with pytest.raises(SpeechError, match="damaged"):
        cache.get_or_render("Hold.", settings)
    assert cache.key("Hold.", settings) != first_key  # no espeak clip under the Piper key
    assert read_wav(cache.get_or_render("Hold.", settings)).duration > 0.4
    assert router.notice()


# -- warming from the menu ------------------------------------------------------------------


def test_the_menu_asks_to_warm_each_routine_the_user_moves_to() -> None:
    host = FakeHost(FakeClock())
    menu = MenuScene(host, load_catalog(include_user=False))
    host.show(menu)
    first = host.warmed[:]
    menu.handle(key_event(pygame.K_DOWN), host.clock())
    menu.handle(key_event(pygame.K_HOME), host.clock())
    menu.handle(key_event(pygame.K_HOME), host.clock())  # no move: nothing new to warm
    assert len(first) == 1
    assert len(host.warmed) == 3
    assert host.warmed[0] == host.warmed[2] != host.warmed[1]


def test_warming_renders_the_selected_routines_prompts_in_the_background(tmp_path: Path) -> None:
    renderer = FakeRenderer()
    system = SoundService(
        Settings(), tmp_path / "cache", make_renderer=lambda: renderer, check_speech=lambda: ""
    )
    assert system.wait(10)
    routine = load_catalog(include_user=False).find("box-breathing")
    texts = spoken_texts(compile_timeline(routine))
    system.warm(routine)
    deadline = time.monotonic() + 20
    settings = system.voice_settings(routine.language)
    assert system.cache is not None
    notes = [system.cache.path_for(t, settings).with_suffix(".meta") for t in texts]
    # Polled on the note, which is written last (cached() would drop a clip caught mid-write).
    while time.monotonic() < deadline and not all(n.exists() for n in notes):
        time.sleep(0.02)
    missing = [t for t in texts if system.cache.cached(t, settings) is None]
    assert not missing, (missing, system.notice(), len(renderer.calls))
    system.close()


# -- the real Piper voice (CI always) -----------------------------------------------------


def test_a_session_speaks_its_first_prompts_with_the_piper_voice(tmp_path: Path) -> None:
    require_piper()
    system = SoundService(Settings(voice=PIPER_VOICE), tmp_path / "cache", check_speech=lambda: "")
    try:
        log, _ = run_session(tmp_path, system, "relaxing-breath", until=3)
    finally:
        system.close()
    spoken = [e for e in log if e["event"] in ("speak", "speak_missed")]
    assert spoken and spoken[0]["event"] == "speak", spoken
    assert system.notice() == ""
    assert isinstance(system.renderer, VoiceRouter)
    assert system.renderer.failed == {}
    settings = system.voice_settings("en")
    assert system.renderer.engine_id_for(settings).startswith("piper-tts-")
    assert system.cache is not None
    # Stored under the key of the engine that rendered it: Piper (a fallback has its own key).
    clip = system.cache.cached(str(spoken[0]["text"]), settings)
    assert clip is not None and read_wav(clip).duration > 0.3


def test_an_export_with_the_piper_voice_is_as_long_as_the_session_with_speech_in_it(
    tmp_path: Path,
) -> None:
    require_piper()
    routine = load_catalog(include_user=False).find("relaxing-breath")
    timeline = compile_timeline(routine, cycles=1)
    renderer = speech_renderer()
    try:
        cache = SpeechCache(tmp_path / "cache", renderer)
        settings = VoiceSettings(PIPER_VOICE, language=routine.language)
        out = export_session(timeline, tmp_path / "piper.wav", cache, settings)
    finally:
        renderer.close()
    clip = read_wav(out)
    assert len(clip.samples) == round(timeline.total * clip.rate)
    first = next(b for b in timeline.beats if b.kind in (BeatKind.SPEAK, BeatKind.COUNT))
    start = round(first.at * clip.rate)
    window = clip.samples[start : start + clip.rate].astype(np.float64)
    if window.ndim > 1:
        window = window.mean(axis=1)
    spectrum = np.abs(np.fft.rfft(window))
    freqs = np.fft.rfftfreq(len(window), 1 / clip.rate)
    voice_band = spectrum[(freqs > 100) & (freqs < 4000)].sum()
    assert np.sqrt(np.mean(window**2)) > 300  # speech, not silence …
    assert voice_band > 0.6 * spectrum.sum()  # … in the band a voice speaks in
