"""Screens that read right: headings name the step, the stage fits the routine's kind, the
volume keys show their level, and layouts adapt to small and portrait windows."""

from __future__ import annotations

from dataclasses import replace

import pygame
import pytest

from fakes import FakeClock, FakeHost, key_event
from test_session_scene import at_phase, drawn, open_session, pixels, run_to
from unclench.catalog import load_catalog
from unclench.core.headings import split_caption, step_words
from unclench.core.phases import Phase, Stage
from unclench.core.routine import Kind
from unclench.core.timeline import compile_timeline
from unclench.ui.menu_view import menu_layout
from unclench.ui.overlays import ConfirmLeave
from unclench.ui.session import VOLUME_SHOWN
from unclench.ui.session_view import (
    SESSION_HINTS,
    body_stage_parts,
    hint_rects,
    paused_rect,
    session_layout,
    volume_pill_rect,
)
from unclench.ui.summary import SummaryScene
from unclench.visuals.body_map import PREVIEW_LIGHT
from unclench.visuals.text import balanced, shorten, wrap_text
from unclench.visuals.theme import Fonts, mix
from unclench.visuals.widgets import LEGIBLE_PX, fitting_hint_row

PMR = "progressive-relaxation-short"


def timeline(routine_id: str):  # type: ignore[no-untyped-def]
    return compile_timeline(load_catalog().find(routine_id), None, None)


def test_instructions_are_headed_by_what_they_say_not_get_ready() -> None:
    t = timeline(PMR)
    words = step_words(t)
    headings = [
        w.heading for c, w in zip(t.cues, words, strict=True) if c.phase is Phase.INSTRUCTION
    ]
    assert "Get ready" not in headings
    first_six = headings[:6]
    assert len(set(first_six)) == 6, first_six
    assert first_six[0] == "Sit or lie down comfortably"


def test_an_instruction_before_a_muscle_group_is_headed_by_the_group() -> None:
    t = timeline(PMR)
    words = step_words(t)
    i = next(i for i, c in enumerate(t.cues) if c.phase is Phase.TENSE)
    assert t.cues[i - 1].phase is Phase.INSTRUCTION
    assert words[i - 1].heading == "Right arm"  # the dominant side, in words (issue 10)


def test_a_quiet_rest_shows_rest_without_a_one_word_caption() -> None:
    t = timeline(PMR)
    words = step_words(t)
    i = next(i for i, c in enumerate(t.cues) if c.phase is Phase.REST)
    assert t.cues[i].caption == "Quiet"
    assert (words[i].heading, words[i].caption) == ("Rest", "")


@pytest.mark.parametrize(
    ("caption", "expected"),
    [
        ("Close your eyes, if you like.", ("Close your eyes", "If you like.")),
        (
            "Sit comfortably, and let your shoulders drop.",
            ("Sit comfortably", "Let your shoulders drop."),
        ),
        ("And let go.", ("Let go", "")),
        (
            "Neck turns: turn your head slowly to one side.",
            ("Neck turns", "Turn your head slowly to one side."),
        ),
    ],
)
def test_a_caption_splits_after_its_first_short_clause(
    caption: str, expected: tuple[str, str]
) -> None:
    assert split_caption(caption) == expected


def test_a_long_first_clause_does_not_become_a_heading() -> None:
    long = "Let each slow breath go all the way down into the belly before you breathe out."
    assert split_caption(long) == ("", long)


def test_rests_and_instructions_show_the_stage_of_the_routines_kind() -> None:
    assert Phase.REST.facts.stage is Stage.KIND and Phase.INSTRUCTION.facts.stage is Stage.KIND
    assert (Kind.MUSCLE.stage, Kind.STRETCH.stage, Kind.BREATH.stage) == (
        Stage.BODY,
        Stage.CARD,
        Stage.DISC,
    )


def _preview_pixels(surface: pygame.Surface, area: pygame.Rect, colour: tuple[int, ...]) -> int:
    data = pygame.image.tobytes(surface.subsurface(area), "RGB")
    return sum(
        1
        for i in range(0, len(data), 3)
        if all(abs(data[i + k] - colour[k]) <= 6 for k in range(3))
    )


def test_an_instruction_in_a_muscle_routine_shows_the_body_map_with_the_next_group() -> None:
    scene, host, _ = open_session(PMR)
    cues = scene.timeline.cues
    i = next(i for i, c in enumerate(cues) if c.phase is Phase.TENSE) - 1
    run_to(scene, host, cues[i].start + cues[i].duration / 2)
    surface = drawn(scene, host)
    figure, _ = body_stage_parts(session_layout((1280, 720)))
    lighter = mix(host.palette.body, host.palette.text, PREVIEW_LIGHT)
    lit = _preview_pixels(surface, figure, lighter)
    # The first instruction leads into another instruction: the figure, nothing lit (a few
    # anti-aliased edges and the side labels come near the colour).
    scene, host, _ = open_session(PMR)
    run_to(scene, host, 1.0)
    unlit = _preview_pixels(drawn(scene, host), figure, lighter)
    assert lit > 200 and unlit < 60, (lit, unlit)


def test_the_volume_keys_show_the_level_for_a_moment_and_never_unmute() -> None:
    scene, host, _ = open_session("box-breathing")
    at_phase(scene, host, Phase.INHALE, 0.2)
    plain = pixels(drawn(scene, host))
    scene.handle(key_event(pygame.K_m, "m"), host.clock())
    scene.handle(key_event(pygame.K_UP), host.clock())
    assert host.settings.muted
    pill = scene._volume_pill(host.clock())
    assert pill is not None and pill.text.startswith("Muted") and "100%" in pill.text
    with_pill = drawn(scene, host)
    rect = volume_pill_rect(session_layout((1280, 720)), host.fonts, pill)
    assert tuple(with_pill.get_at(rect.center))[:3] != host.palette.background
    wake = scene.wake_at(host.clock())
    assert wake is not None and wake <= host.clock() + VOLUME_SHOWN
    assert plain != pixels(with_pill)
    scene.live.pause(host.clock())  # paused, the scene still wakes to take the pill away
    wake = scene.wake_at(host.clock())
    assert wake is not None and wake <= host.clock() + VOLUME_SHOWN
    host.clock.now += VOLUME_SHOWN + 0.01
    assert scene._volume_pill(host.clock()) is None


def test_the_leave_dialog_hides_the_paused_card() -> None:
    scene, host, _ = open_session("box-breathing")
    run_to(scene, host, 8.0)
    scene.handle(key_event(pygame.K_ESCAPE), host.clock())
    assert isinstance(host.overlay_scene, ConfirmLeave)
    under_dialog = drawn(scene, host)
    host.overlay(None)
    paused = drawn(scene, host)
    card = paused_rect(session_layout((1280, 720)))
    top_edge = (card.centerx, card.top + 3)
    assert tuple(paused.get_at(top_edge))[:3] != tuple(under_dialog.get_at(top_edge))[:3]


@pytest.mark.parametrize("size", [(640, 480), (480, 360), (600, 900)])
def test_session_chips_stay_legible_and_inside_the_window(size: tuple[int, int]) -> None:
    fonts = Fonts()
    layout = session_layout(size)
    rects = hint_rects(fonts, layout)
    assert len(rects) == len(SESSION_HINTS)
    shown = [r for r in rects if r.width]
    assert shown and all(r.right <= layout.hints.right for r in shown)
    assert round(layout.hints.height * 0.55) >= LEGIBLE_PX


def test_a_row_too_wide_drops_the_least_needed_chips_first() -> None:
    fonts = Fonts()
    hints = [("Space", "pause"), ("→", "next"), ("?", "help")]
    full = fitting_hint_row((0, 0), hints, fonts, 22, 10, 10_000)
    assert all(r.width for r in full)
    narrow = fitting_hint_row((0, 0), hints, fonts, 22, 10, full[1].right, drop_order=(2,))
    assert [bool(r.width) for r in narrow] == [True, True, False]
    assert not narrow[2].collidepoint(narrow[2].topleft)


def test_similar_titles_shorten_to_different_texts() -> None:
    font = Fonts().get(16)
    a = shorten(font, "Progressive muscle relaxation (7 groups)", 200)
    b = shorten(font, "Progressive muscle relaxation (16 groups)", 200)
    assert a != b and a.endswith("(7 groups)") and "…" in a
    assert font.size(a)[0] <= 200 and font.size(b)[0] <= 200
    assert shorten(font, "Short", 200) == "Short"


def test_balanced_captions_leave_no_word_alone_on_the_last_line() -> None:
    font = Fonts().get(20)
    text = "Release. Let the tension flow out, notice the difference, relax now"
    width = font.size(text)[0] - font.size("now")[0] + 4
    greedy = wrap_text(text, font, width)
    assert greedy[-1] == "now"
    even = balanced(greedy, text, font, width)
    assert len(even) == len(greedy) and len(even[-1].split()) > 1
    assert all(font.size(line)[0] <= width for line in even)


def test_a_portrait_menu_stacks_the_list_over_the_detail_pane() -> None:
    wide = menu_layout((1280, 720))
    assert wide.detail.left > wide.listing.right
    tall = menu_layout((600, 900))
    assert tall.detail.top > tall.listing.bottom
    assert tall.listing.width == tall.detail.width
    assert tall.start.bottom <= tall.detail.bottom and tall.detail.bottom < tall.footer.top


def test_a_portrait_session_puts_the_words_under_the_figure() -> None:
    figure, words = body_stage_parts(session_layout((600, 900)))
    assert words.top >= figure.bottom
    figure, words = body_stage_parts(session_layout((1280, 720)))
    assert words.left >= figure.right


def test_a_long_title_stays_inside_the_summary_card() -> None:
    clock = FakeClock()
    host = FakeHost(clock)
    routine = replace(
        load_catalog().find("progressive-relaxation"),
        title="Progressive muscle relaxation, the long form for evenings at home (16 groups)",
    )
    t = compile_timeline(routine, None, None)
    scene = SummaryScene(host, t, False, 30.0, False)
    host.show(scene)
    size = (640, 480)
    surface = pygame.Surface(size)
    scene.draw(surface, clock())
    box = scene._box(size)
    u = size[1] / 100
    y = box.top + round(18 * u)
    row = [tuple(surface.get_at((x, y)))[:3] for x in range(0, box.left)]
    assert set(row) == {host.palette.background}
