"""The session scene on its own: a FakeHost, a RecordingAudio and a fake clock.

Checks what it tells the audio, that it waits (briefly) for the first prompts, which visual
each phase gets (sampled pixels), and that drawing is a pure function of state and time:
the same moment draws the same pixels, and a frame drawn by patching only the dirty
rectangles equals one drawn from scratch.
"""

from __future__ import annotations

import pygame
import pytest

from fakes import FakeClock, FakeHost, RecordingAudio, key_event
from unclench.catalog import load_catalog
from unclench.core.routine import Phase
from unclench.core.timeline import compile_timeline
from unclench.ui.overlays import ConfirmLeave
from unclench.ui.session import PREPARE_LIMIT, SessionScene, session_layout
from unclench.visuals.breath import breath_layout

SIZE = (1280, 720)


def open_session(
    routine_id: str, audio: RecordingAudio | None = None, **choices: int
) -> tuple[SessionScene, FakeHost, RecordingAudio]:
    clock = FakeClock()
    host = FakeHost(clock)
    audio = audio or RecordingAudio()
    timeline = compile_timeline(load_catalog().find(routine_id), None, choices.get("cycles"))
    scene = SessionScene(host, timeline, audio)
    host.show(scene)
    return scene, host, audio


def run_to(scene: SessionScene, host: FakeHost, t: float, frame: float = 0.25) -> None:
    """Advance the clock to session time ``t`` (from the clock's start) frame by frame."""
    end = 1000.0 + t
    while host.clock.now < end:
        host.clock.now = min(end, host.clock.now + frame)
        scene.update(host.clock())


def at_phase(scene: SessionScene, host: FakeHost, phase: Phase, fraction: float) -> None:
    cue = next(c for c in scene.timeline.cues if c.phase is phase)
    run_to(scene, host, cue.start + cue.duration * fraction)
    assert scene.live.current(host.clock()).cue == cue


def drawn(scene: SessionScene, host: FakeHost, size: tuple[int, int] = SIZE) -> pygame.Surface:
    surface = pygame.Surface(size)
    scene.invalidate()
    scene.frame_key(host.clock(), size)
    scene.draw(surface, host.clock())
    return surface


def pixels(surface: pygame.Surface) -> bytes:
    return pygame.image.tobytes(surface, "RGB")


def test_the_session_starts_at_once_when_the_audio_is_ready() -> None:
    scene, host, audio = open_session("box-breathing")
    assert host.recorded.events()[:2] == ["session_start", "step"]
    assert scene.live.started_at == 1000.0
    assert audio.calls[0] == ("begin", "box-breathing")


def test_the_session_waits_for_its_first_prompts_but_no_longer_than_the_limit() -> None:
    scene, host, _ = open_session("box-breathing", RecordingAudio(ready=False))
    run_to(scene, host, PREPARE_LIMIT - 0.25)
    assert scene.session is None and host.recorded.events() == []
    run_to(scene, host, PREPARE_LIMIT)
    start = host.recorded.records[0]
    assert start["event"] == "session_start" and start["prepared"] == PREPARE_LIMIT


def test_the_session_starts_as_soon_as_the_prompts_are_ready() -> None:
    audio = RecordingAudio(ready=False)
    scene, host, _ = open_session("box-breathing", audio)
    run_to(scene, host, 0.5)
    audio.ready = True
    run_to(scene, host, 0.75)
    assert host.recorded.records[0]["prepared"] == 0.75


def test_escape_while_getting_ready_goes_back_to_the_menu() -> None:
    scene, host, _ = open_session("box-breathing", RecordingAudio(ready=False))
    drawn(scene, host)  # the "Getting ready…" screen draws
    scene.handle(key_event(pygame.K_ESCAPE), host.clock())
    assert host.menus_shown == 1


def test_prompts_and_chimes_go_to_the_audio_and_into_the_log() -> None:
    scene, host, audio = open_session("box-breathing")
    run_to(scene, host, 20.0)
    spoken = [text for name, text in audio.calls if name == "speak"]
    assert spoken[0] == "Sit comfortably, and let your shoulders drop."
    chimes = [name for kind, name in audio.calls if kind == "chime"]
    assert chimes and chimes == [r["name"] for r in host.recorded.records if r["event"] == "chime"]
    logged = [r["text"] for r in host.recorded.records if r["event"] == "speak"]
    assert logged == spoken


def test_space_pauses_and_resumes_the_audio_too() -> None:
    scene, host, audio = open_session("box-breathing")
    scene.handle(key_event(pygame.K_SPACE, " "), host.clock())
    scene.update(host.clock())
    host.clock.advance(2.0)
    scene.handle(key_event(pygame.K_SPACE, " "), host.clock())
    scene.update(host.clock())
    assert audio.names()[-2:] == ["pause", "resume"]


def test_skip_and_restart_silence_the_voice() -> None:
    scene, host, audio = open_session("box-breathing")
    for key in (pygame.K_RIGHT, pygame.K_LEFT):
        scene.handle(key_event(key), host.clock())
        scene.update(host.clock())
    assert audio.names().count("silence") == 2


def test_m_mutes_and_the_screen_says_so() -> None:
    scene, host, _ = open_session("box-breathing")
    before = scene.frame_key(host.clock(), SIZE)
    scene.handle(key_event(pygame.K_m, "m"), host.clock())
    assert host.settings.muted
    assert scene.frame_key(host.clock(), SIZE) != before  # the status line is redrawn
    assert scene._status_line() == "Muted"
    scene.handle(key_event(pygame.K_m, "m"), host.clock())
    assert not host.settings.muted
    assert scene.frame_key(host.clock(), SIZE) == before


def test_volume_keys_step_the_volume_setting_and_leave_the_mute_alone() -> None:
    scene, host, _ = open_session("box-breathing")
    for key in (pygame.K_DOWN, pygame.K_MINUS, pygame.K_KP_MINUS):
        scene.handle(key_event(key), host.clock())
    assert host.settings.volume == pytest.approx(0.7)
    scene.handle(key_event(pygame.K_m, "m"), host.clock())
    scene.handle(key_event(pygame.K_DOWN), host.clock())
    assert host.settings.muted  # softer keeps the mute
    scene.handle(key_event(pygame.K_UP), host.clock())
    assert host.settings.volume == pytest.approx(0.7)
    assert host.settings.muted  # louder keeps it too: only M unmutes
    scene.handle(key_event(pygame.K_m, "m"), host.clock())
    assert not host.settings.muted
    for _ in range(12):
        scene.handle(key_event(pygame.K_EQUALS), host.clock())
    assert host.settings.volume == 1.0


def test_the_status_line_carries_the_sound_notice_unless_muted() -> None:
    notice = "No speech: install espeak-ng (sudo apt install espeak-ng)."
    scene, host, _ = open_session("box-breathing", RecordingAudio(notice_text=notice))
    assert scene._status_line() == notice
    scene.handle(key_event(pygame.K_m, "m"), host.clock())
    assert scene._status_line() == "Muted"


def test_escape_pauses_and_asks_before_leaving() -> None:
    scene, host, _ = open_session("box-breathing")
    run_to(scene, host, 1.0)
    scene.handle(key_event(pygame.K_ESCAPE), host.clock())
    assert isinstance(host.overlay_scene, ConfirmLeave)
    assert scene.live.state.value == "paused"
    host.overlay_scene.handle(key_event(pygame.K_RETURN), host.clock())
    scene.update(host.clock())
    assert host.recorded.records[-1]["outcome"] == "stopped"


def test_breath_steps_show_the_teal_disc_in_the_middle_of_the_stage() -> None:
    scene, host, _ = open_session("box-breathing")
    at_phase(scene, host, Phase.INHALE, 0.5)
    surface = drawn(scene, host)
    disc = breath_layout(session_layout(SIZE).stage)
    cx, cy = disc.centre
    for x in (cx - round(disc.r_min * 0.8), cx + round(disc.r_min * 0.8)):
        r, g, b = tuple(surface.get_at((x, cy)))[:3]
        assert g > r + 50 and b > r + 30, (r, g, b)
    # …and nothing teal at the stage's edge.
    r, g, b = tuple(surface.get_at((session_layout(SIZE).stage.left + 2, cy)))[:3]
    assert (r, g, b) == host.palette.background


def _warm_pixels(surface: pygame.Surface, area: pygame.Rect) -> int:
    data = pygame.image.tobytes(surface.subsurface(area), "RGB")
    return sum(1 for i in range(0, len(data), 9) if data[i] > 150 and data[i] > data[i + 2] + 80)


def test_a_tense_step_lights_the_body_map_amber() -> None:
    scene, host, _ = open_session("progressive-relaxation-short")
    stage = session_layout(SIZE).stage
    figure = pygame.Rect(stage.left, stage.top, stage.width // 2, stage.height)
    run_to(scene, host, 1.0)  # an instruction step: no body map, nothing amber
    assert _warm_pixels(drawn(scene, host), figure) == 0
    at_phase(scene, host, Phase.TENSE, 0.6)
    assert _warm_pixels(drawn(scene, host), figure) > 50


@pytest.mark.parametrize(
    "routine_id, phase",
    [
        ("box-breathing", Phase.HOLD),
        ("progressive-relaxation-short", Phase.TENSE),
        ("progressive-relaxation-short", Phase.RELEASE),
        ("slow-stretching", Phase.STRETCH),
    ],
)
def test_drawing_the_same_moment_twice_gives_identical_pixels(
    routine_id: str, phase: Phase
) -> None:
    scene, host, _ = open_session(routine_id)
    at_phase(scene, host, phase, 0.4)
    key = scene.frame_key(host.clock(), SIZE)
    first = drawn(scene, host)
    second = drawn(scene, host)
    assert pixels(first) == pixels(second)
    assert scene.frame_key(host.clock(), SIZE) == key  # drawing changed nothing


@pytest.mark.parametrize("paused", [False, True])
def test_a_frame_patched_in_its_dirty_rects_equals_a_frame_drawn_from_scratch(
    paused: bool,
) -> None:
    scene, host, _ = open_session("box-breathing")
    at_phase(scene, host, Phase.INHALE, 0.2)
    if paused:
        scene.handle(key_event(pygame.K_SPACE, " "), host.clock())
        scene.update(host.clock())
    screen = drawn(scene, host)  # the full frame the display holds
    host.clock.advance(0.6)  # same step, the disc has grown (or stayed, when paused)
    scene.update(host.clock())
    scene.frame_key(host.clock(), SIZE)
    rects = scene.draw(screen, host.clock())  # only the moving parts
    assert rects is not None, "an unchanged step is patched, not redrawn whole"
    assert pixels(screen) == pixels(drawn(scene, host))


@pytest.mark.parametrize("size", [(640, 480), (3840, 2160)])
def test_every_kind_of_step_draws_at_the_smallest_and_a_4k_window(size: tuple[int, int]) -> None:
    for routine_id, phase in (
        ("box-breathing", Phase.HOLD_OUT),
        ("progressive-relaxation-short", Phase.TENSE),
        ("slow-stretching", Phase.STRETCH),
    ):
        scene, host, _ = open_session(routine_id)
        at_phase(scene, host, phase, 0.5)
        assert drawn(scene, host, size).get_size() == size
