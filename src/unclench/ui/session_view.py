"""How the session screen looks: its layout and painting, as functions of what is true at
one moment (a ``Progress``). Nothing here changes state; the scene decides what to draw when.

Painting is split in two layers: ``paint_static`` draws what stays put for a whole step
(the scene keeps it off-screen), ``paint_dynamic`` the parts that move, whose rectangles
alone go to the display each frame.
"""

from __future__ import annotations

import math
from collections.abc import Hashable
from dataclasses import dataclass

import pygame

from unclench.core.body import (
    DEFAULT_HANDEDNESS,
    STRETCHES,
    display_name,
    regions_for,
    side_labels,
    target_for,
)
from unclench.core.durations import format_clock
from unclench.core.engine import Progress
from unclench.core.headings import StepWords, stage_for
from unclench.core.phases import Phase, Stage
from unclench.core.routine import Side
from unclench.core.timeline import Cue
from unclench.visuals.body_map import BodyMode, draw_body, mode_for
from unclench.visuals.breath import (
    breath_layout,
    draw_breath,
    glide_level,
    ring_angle,
    still_fill,
)
from unclench.visuals.demonstration import demo_key
from unclench.visuals.face_inset import draw_face_inset, shows_face_inset
from unclench.visuals.stretch_card import draw_stretch_card
from unclench.visuals.text import Align, draw_text, draw_text_block, ellipsize, shorten
from unclench.visuals.theme import RGB, Fonts, Palette, Weight, phase_colours, scale_for
from unclench.visuals.widgets import (
    LEGIBLE_PX,
    draw_key_hint,
    draw_panel,
    draw_progress_bar,
    fitting_hint_row,
    legible_chip_height,
)

# The key chips along the bottom: (key shown, what it does, the key it stands for).
SESSION_HINTS: tuple[tuple[str, str, int], ...] = (
    ("Space", "pause", pygame.K_SPACE),
    ("→", "next", pygame.K_RIGHT),
    ("←", "restart step", pygame.K_LEFT),
    ("M", "mute", pygame.K_m),
    ("Esc", "leave", pygame.K_ESCAPE),
    ("?", "help", pygame.K_F1),
)


@dataclass(frozen=True)
class SessionLayout:
    unit: float
    top: pygame.Rect  # title, clock and progress bar
    bar: pygame.Rect
    stage: pygame.Rect  # the visual cue
    phase: pygame.Rect  # the step's heading
    caption: pygame.Rect
    upcoming: pygame.Rect
    hints: pygame.Rect

    @property
    def stacked(self) -> bool:
        """A narrow (portrait) stage: the body map's words go under the figure, not beside."""
        return self.stage.width < self.stage.height * 1.1


def session_layout(size: tuple[int, int]) -> SessionLayout:
    w, h = size
    u = scale_for(size)
    m = round(4 * u)
    top = pygame.Rect(m, m, w - 2 * m, round(4 * u))
    bar = pygame.Rect(m, top.bottom + round(1.2 * u), w - 2 * m, max(3, round(0.9 * u)))
    chips = legible_chip_height(round(3 * u))
    # Chips raised to a legible height take the room from the margin under them.
    below = max(round(1.5 * u), m - (chips - round(3 * u)))
    hints = pygame.Rect(m, h - below - chips, w - 2 * m, chips)
    upcoming = pygame.Rect(m, h - m - round(3 * u) - round(6 * u), w - 2 * m, round(4 * u))
    caption = pygame.Rect(m, upcoming.top - round(12 * u), w - 2 * m, round(11 * u))
    phase = pygame.Rect(m, caption.top - round(7.5 * u), w - 2 * m, round(7 * u))
    stage_top = bar.bottom + round(2 * u)
    stage = pygame.Rect(m, stage_top, w - 2 * m, phase.top - stage_top - round(1 * u))
    return SessionLayout(u, top, bar, stage, phase, caption, upcoming, hints)


def count_shown(cue: Cue, fraction: float, step_left: float) -> int:
    """The number in the middle of the cue: the current count (1, 2, 3…) on counted steps,
    the whole seconds left on timed ones."""
    if cue.counts:
        return min(cue.counts, int(fraction * cue.counts) + 1)
    return max(1, math.ceil(step_left - 1e-9))


def upcoming_text(
    cue: Cue | None, words: StepWords | None = None, handedness: str = DEFAULT_HANDEDNESS
) -> str:
    """ "Next: Release: Right arm · 35 s", "Next: Sit or lie down comfortably · 5 s"."""
    if cue is None:
        return "Next: the end"
    seconds = f"{cue.duration:.0f} s" if cue.duration >= 1 else f"{cue.duration:.1f} s"
    what = words.heading if words is not None else cue.phase.word
    if cue.target:
        target = target_for(cue.target)
        if target:
            what = f"{cue.phase.word}: {display_name(target, handedness)}"
    return f"Next: {what} · {seconds}"


@dataclass(frozen=True)
class Shown:
    """What one step shows besides the cue itself: its words (``core/headings.py``), the
    line about what comes next, and what fills the stage."""

    words: StepWords
    upcoming: str
    stage: Stage


def shown_for(
    words: tuple[StepWords, ...],
    kind_stage: Stage,
    p: Progress,
    handedness: str = DEFAULT_HANDEDNESS,
) -> Shown | None:
    """The ``Shown`` for the step ``p`` is in (None once the timeline has run out)."""
    if p.cue is None or p.index is None:
        return None
    following = p.index + 1
    upcoming = upcoming_text(
        p.next_cue, words[following] if following < len(words) else None, handedness
    )
    return Shown(words[p.index], upcoming, stage_for(p.cue.phase, kind_stage))


def target_name(cue: Cue, handedness: str = DEFAULT_HANDEDNESS) -> str:
    """The target's name on screen; a "dominant" group says its side ("Left arm")."""
    target = target_for(cue.target) if cue.target else None
    return display_name(target, handedness) if target else cue.phase.word


def target_regions(cue: Cue, handedness: str = DEFAULT_HANDEDNESS) -> tuple[str, ...]:
    """The body regions to light: a "dominant" group on the user's dominant side; a
    one-sided step lights only that side's regions."""
    target = target_for(cue.target) if cue.target else None
    if target is None:
        return ()
    regions = regions_for(target, handedness)
    if cue.side in (Side.LEFT, Side.RIGHT):
        other = "-right" if cue.side is Side.LEFT else "-left"
        one_side = tuple(r for r in regions if not r.endswith(other))
        return one_side or regions
    return regions


def disc_level(p: Progress) -> float:
    """How full the breathing disc is now, gliding across non-breath steps (no jumps)."""
    assert p.cue is not None
    before = p.previous_cue.phase if p.previous_cue else None
    after = p.next_cue.phase if p.next_cue else None
    return glide_level(p.cue.phase, p.fraction, before, after)


def dynamic_key(
    p: Progress, size: tuple[int, int], stage: Stage | None = None, still: bool = False
) -> Hashable:
    """What the moving parts of a frame depend on, quantised to what a person can see
    (whole pixels of radius, 1.5° of ring, whole seconds of clock, the demonstration's
    visible pose). ``stage`` is what the step shows (``Shown.stage``; by default the
    phase's own); ``still``: reduced motion, the demonstration holds still."""
    cue = p.cue
    layout = session_layout(size)
    clock = (int(p.elapsed), int(p.remaining + 0.999))
    bar = round(layout.bar.width * (p.elapsed / p.total if p.total else 1))
    if cue is None:
        return (clock, bar)
    count = count_shown(cue, p.fraction, p.step_left)
    if (stage or cue.phase.facts.stage) in (Stage.DISC, Stage.KIND):
        geometry = breath_layout(layout.stage)
        level = disc_level(p)
        if still:  # the disc keeps its size: what moves is the band's filled angle
            fill = still_fill(cue.phase, level)
            radius = -1 if fill is None else round(fill * 240)
        else:
            radius = round(geometry.r_min + (geometry.r_max - geometry.r_min) * level)
        ring = round(math.degrees(ring_angle(p.fraction)) / 1.5)
        visual: Hashable = (radius, ring if cue.phase.facts.holds_breath else 0)
    elif cue.phase.facts.stage is Stage.CARD and cue.target in STRETCHES:
        seconds = step_seconds(p)
        demo = demo_key(cue.target, cue.side, p.fraction * seconds, seconds, still)
        visual = (round(p.fraction * 150), demo)
    else:
        visual = round(p.fraction * 150)
    return (clock, bar, count, visual)


def step_seconds(p: Progress) -> float:
    """How long the current step lasts, in seconds of session (pace changes included)."""
    assert p.cue is not None
    if p.fraction < 0.999:
        return p.step_left / (1.0 - p.fraction)
    return p.cue.duration


def how_to_text(cue: Cue) -> str:
    """The card's how-to line: the stretch's default from the vocabulary, else what the
    step says."""
    target = STRETCHES.get(cue.target) if cue.target else None
    if target is not None and target.how_to:
        return target.how_to
    return cue.say or cue.caption


def paint_static(
    surface: pygame.Surface,
    layout: SessionLayout,
    p: Progress,
    palette: Palette,
    fonts: Fonts,
    status: str,
    shown: Shown | None = None,
    handedness: str = DEFAULT_HANDEDNESS,
) -> None:
    """What stays put for a whole step: heading, caption, what comes next, key chips.
    ``shown`` holds the step's words (by default its phase word and caption)."""
    u = layout.unit
    surface.fill(palette.background)
    cue = p.cue
    if cue is not None:
        if shown is None:
            shown = Shown(StepWords(cue.phase.word, cue.caption), upcoming_text(p.next_cue),
                          cue.phase.facts.stage)  # fmt: skip
        draw_text_block(
            surface,
            layout.phase,
            shown.words.heading,
            fonts,
            phase_colour(palette, cue),
            round(5.2 * u),
            min_size=max(LEGIBLE_PX, round(3 * u)),
            weight=Weight.SEMIBOLD,
            max_lines=2,
            balance=True,
        )
        draw_text_block(
            surface,
            layout.caption,
            shown.words.caption,
            fonts,
            palette.text,
            round(3.8 * u),
            min_size=max(LEGIBLE_PX, round(2.2 * u)),
            max_lines=3,
            balance=True,
        )
    draw_text_block(
        surface,
        layout.upcoming,
        shown.upcoming if shown is not None else upcoming_text(p.next_cue, None, handedness),
        fonts,
        palette.text_dim,
        round(2.4 * u),
        min_size=LEGIBLE_PX,
        max_lines=1,
    )
    rects = hint_rects(fonts, layout)
    for (key, label, _), rect in zip(SESSION_HINTS, rects, strict=True):
        if rect.width:
            draw_key_hint(surface, rect.topleft, key, label, fonts, palette, layout.hints.height)
    if status:
        size = max(LEGIBLE_PX, round(2 * u))
        room = layout.hints.right - max(r.right for r in rects) - round(3 * u)
        status = ellipsize(fonts.get(size), status, room)
        shown_status = fonts.render(status, size, palette.text_dim)
        surface.blit(shown_status, shown_status.get_rect(midright=layout.hints.midright))


# Which chips a narrow window leaves out first: help, restart step, next, mute.
SESSION_HINTS_DROP = (5, 2, 1, 3)


def hint_rects(fonts: Fonts, layout: SessionLayout) -> list[pygame.Rect]:
    """The key chips along the bottom, one rect per ``SESSION_HINTS`` entry (empty when a
    narrow window leaves it out); clicking one does what its key does."""
    hints = [(key, label) for key, label, _ in SESSION_HINTS]
    return fitting_hint_row(
        layout.hints.topleft,
        hints,
        fonts,
        layout.hints.height,
        round(2.5 * layout.unit),
        round(layout.hints.width * 0.8),
        SESSION_HINTS_DROP,
    )


def phase_colour(palette: Palette, cue: Cue) -> RGB:
    return phase_colours(palette)[cue.phase]


def paint_dynamic(
    surface: pygame.Surface,
    layout: SessionLayout,
    p: Progress,
    title: str,
    palette: Palette,
    fonts: Fonts,
    shown: Shown | None = None,
    handedness: str = DEFAULT_HANDEDNESS,
    still: bool = False,
) -> None:
    """The moving parts: clock, progress bar and the stage (disc, body map or card, as
    ``shown.stage`` says; by default the phase's own). ``still`` is reduced motion: the one
    place it reaches the drawing of the stage (a demonstration drawn here takes it too)."""
    _paint_top(surface, layout, p, title, palette, fonts)
    cue = p.cue
    if cue is None:
        return
    stage = shown.stage if shown is not None else cue.phase.facts.stage
    heading = shown.words.heading if shown is not None else target_name(cue)
    if stage is Stage.BODY:
        _paint_body_stage(surface, layout, p, cue, palette, fonts, handedness)
    elif stage is Stage.CARD:
        _paint_card_stage(surface, layout, p, cue, heading, palette, fonts, still)
    else:
        _paint_disc_stage(surface, layout, p, cue, palette, fonts, still)


def _paint_top(
    surface: pygame.Surface,
    layout: SessionLayout,
    p: Progress,
    title: str,
    palette: Palette,
    fonts: Fonts,
) -> None:
    """The routine's title (shortened to leave the clock room), the clock (elapsed · left)
    and the progress bar."""
    size = max(LEGIBLE_PX, round(2.4 * layout.unit))
    clock = f"{format_clock(p.elapsed)}  ·  {format_clock(p.remaining)} left"
    shown = fonts.render(clock, size, palette.text_dim)
    clock_rect = shown.get_rect(topright=layout.top.topright)
    room = clock_rect.left - layout.top.left - round(3 * layout.unit)
    title = shorten(fonts.get(size), title, room)
    draw_text(surface, fonts, title, size, palette.text_dim, topleft=layout.top.topleft)
    surface.blit(shown, clock_rect)
    draw_progress_bar(surface, layout.bar, p.elapsed / p.total if p.total else 1.0, palette)


def body_stage_parts(layout: SessionLayout) -> tuple[pygame.Rect, pygame.Rect]:
    """Where the body map and its words (name, count) go: side by side on a wide stage,
    the words under the figure on a narrow one."""
    stage = layout.stage
    if layout.stacked:
        words_h = round(stage.height * 0.3)
        figure = pygame.Rect(stage.left, stage.top, stage.width, stage.height - words_h)
        words = pygame.Rect(stage.left + stage.width // 6, figure.bottom, stage.width * 2 // 3,
                            words_h)  # fmt: skip
        return figure, words
    figure = pygame.Rect(stage.left, stage.top, stage.width // 2, stage.height)
    words = pygame.Rect(stage.centerx, stage.top, stage.width // 2, stage.height)
    return figure, words


def _paint_body_stage(
    surface: pygame.Surface,
    layout: SessionLayout,
    p: Progress,
    cue: Cue,
    palette: Palette,
    fonts: Fonts,
    handedness: str = DEFAULT_HANDEDNESS,
) -> None:
    """Tense and release: the body map with the muscle group lit (a face group also in a
    larger face beside the figure), beside it (or under it) the group's name and the count.
    A rest or an instruction in a muscle routine shows the figure calm, the next group it
    leads into drawn lighter, and only the count."""
    figure, words = body_stage_parts(layout)
    targeted = cue.target is not None
    following = p.next_cue if p.next_cue is not None and p.next_cue.target else None
    regions = (
        target_regions(cue, handedness)
        if targeted
        else target_regions(following, handedness)
        if following
        else ()
    )
    mode = mode_for(cue.phase) if targeted else BodyMode.PREVIEW
    fig = draw_body(
        surface,
        figure,
        regions,
        mode,
        p.fraction,
        palette,
        fonts=fonts,
        side_labels=side_labels(handedness),
    )
    if targeted and shows_face_inset(regions, mode):
        draw_face_inset(surface, figure, fig, regions, mode, p.fraction, palette)
    _paint_target_and_count(
        surface, words, layout.unit, p, cue, palette, fonts, targeted, layout.stacked, handedness
    )


def _paint_target_and_count(
    surface: pygame.Surface,
    words: pygame.Rect,
    u: float,
    p: Progress,
    cue: Cue,
    palette: Palette,
    fonts: Fonts,
    named: bool = True,
    centred: bool = False,
    handedness: str = DEFAULT_HANDEDNESS,
) -> None:
    """The target's name in the phase's colour (when ``named``), under it the count and
    its unit; left-aligned beside the figure, or ``centred`` under it."""
    top = round(words.height * (0.05 if centred else 0.2))
    name = pygame.Rect(words.left, words.top + top, words.width, round(words.height * 0.3))
    if named:
        draw_text_block(
            surface,
            name,
            target_name(cue, handedness),
            fonts,
            phase_colour(palette, cue),
            round(4.6 * u),
            weight=Weight.SEMIBOLD,
            align=Align.CENTRE if centred else Align.LEFT,
            max_lines=2,
        )
    count = str(count_shown(cue, p.fraction, p.step_left))
    unit = "count" if cue.counts else ("second left" if count == "1" else "seconds left")
    number_size, unit_size = round(9 * u), max(LEGIBLE_PX, round(2.4 * u))
    gap = round(1.5 * u)
    left = words.left
    if centred:
        width = fonts.get(number_size, Weight.SEMIBOLD).size(count)[0]
        width += gap + fonts.get(unit_size).size(unit)[0]
        left = words.centerx - width // 2
    number = draw_text(
        surface,
        fonts,
        count,
        number_size,
        palette.text if named else palette.text_dim,
        topleft=(left, name.bottom + round(2 * u) if named else name.top),
        weight=Weight.SEMIBOLD,
    )
    draw_text(
        surface,
        fonts,
        unit,
        unit_size,
        palette.text_dim,
        topleft=(number.right + gap, number.bottom - round(4 * u)),
    )


def _paint_card_stage(
    surface: pygame.Surface,
    layout: SessionLayout,
    p: Progress,
    cue: Cue,
    heading: str,
    palette: Palette,
    fonts: Fonts,
    still: bool = False,
) -> None:
    """A stretch: its card with the demonstration, centred on the stage. A rest or an
    instruction in a stretching routine shows a card too, headed like the step, the ring
    counting the step down and the stretch it leads into on the small figure."""
    stage = layout.stage
    card = stage.inflate(-round(stage.width * 0.2), -round(2 * layout.unit))
    card.width = min(card.width, round(card.height * 2.0))
    card.center = stage.center
    targeted = cue.target is not None
    following = p.next_cue if p.next_cue is not None and p.next_cue.target else None
    draw_stretch_card(
        surface,
        card,
        target_name(cue) if targeted else heading,
        how_to_text(cue) if targeted else cue.say or cue.caption,
        cue.side if targeted else None,
        p.fraction,
        palette,
        fonts,
        target_regions(cue) if targeted else target_regions(following) if following else (),
        stretch=cue.target if targeted else None,
        seconds=step_seconds(p),
        still=still,
    )


def _paint_disc_stage(
    surface: pygame.Surface,
    layout: SessionLayout,
    p: Progress,
    cue: Cue,
    palette: Palette,
    fonts: Fonts,
    still: bool = False,
) -> None:
    """Breaths, rests and instructions: the disc, with the count in its middle."""
    geometry = draw_breath(
        surface, layout.stage, cue.phase, p.fraction, palette, level=disc_level(p), still=still
    )
    count = str(count_shown(cue, p.fraction, p.step_left))
    size = round(geometry.r_min * 0.9)
    # The still disc is always at its brightest: the count reads on it in the background's
    # colour, as on a full disc.
    colour = palette.background if cue.phase.is_breath or still else palette.text
    draw_text(surface, fonts, count, size, colour, center=geometry.centre, weight=Weight.SEMIBOLD)


def paint_preparing(surface: pygame.Surface, title: str, palette: Palette, fonts: Fonts) -> None:
    """ "Getting ready…" while the first prompts are prepared."""
    layout = session_layout(surface.get_size())
    surface.fill(palette.background)
    draw_breath(surface, layout.stage, Phase.REST, 0.0, palette)
    draw_text_block(
        surface,
        layout.phase,
        title,
        fonts,
        palette.text,
        round(4.6 * layout.unit),
        weight=Weight.SEMIBOLD,
        max_lines=1,
    )
    draw_text_block(
        surface,
        layout.caption,
        "Getting ready…",
        fonts,
        palette.text_dim,
        round(3 * layout.unit),
        max_lines=1,
    )


def paused_rect(layout: SessionLayout) -> pygame.Rect:
    """The Paused card: centred on the stage, never wider or taller than it."""
    u = layout.unit
    box = pygame.Rect(
        0, 0, min(layout.stage.width, round(50 * u)), min(layout.stage.height, round(20 * u))
    )
    box.center = layout.stage.center
    return box


def paint_paused(
    surface: pygame.Surface, layout: SessionLayout, palette: Palette, fonts: Fonts
) -> None:
    u = layout.unit
    box = paused_rect(layout)
    draw_panel(surface, box, palette, radius=round(3 * u))
    draw_text(
        surface,
        fonts,
        "Paused",
        round(5 * u),
        palette.text,
        center=(box.centerx, box.top + round(box.height * 0.35)),
        weight=Weight.SEMIBOLD,
    )
    hint = "Space to go on  ·  Esc to leave"
    size = max(LEGIBLE_PX, round(2.4 * u))
    hint = ellipsize(fonts.get(size), hint, box.width - round(4 * u))
    draw_text(
        surface, fonts, hint, size, palette.text_dim,
        center=(box.centerx, box.top + round(box.height * 0.7)),
    )  # fmt: skip


@dataclass(frozen=True)
class VolumePill:
    """What the volume pill says for a moment after ↑/↓: the level, and whether muted."""

    volume: float
    muted: bool

    @property
    def text(self) -> str:
        level = f"{round(self.volume * 100)}%"
        return f"Muted · volume {level} (M to unmute)" if self.muted else f"Volume {level}"


def volume_pill_rect(layout: SessionLayout, fonts: Fonts, pill: VolumePill) -> pygame.Rect:
    """Where the pill goes: centred at the top of the stage, as wide as its words."""
    u = layout.unit
    size = max(LEGIBLE_PX, round(2.4 * u))
    width = fonts.get(size).size(pill.text)[0] + round(12 * u)
    height = max(round(size * 2.6), round(6.5 * u))
    rect = pygame.Rect(0, 0, min(layout.stage.width, width), height)
    rect.midtop = (layout.stage.centerx, layout.stage.top + round(1 * u))
    return rect


def paint_volume_pill(
    surface: pygame.Surface, layout: SessionLayout, pill: VolumePill, palette: Palette, fonts: Fonts
) -> pygame.Rect:
    """A small calm pill with the level and a bar of it (dimmed when muted)."""
    u = layout.unit
    rect = volume_pill_rect(layout, fonts, pill)
    draw_panel(surface, rect, palette, radius=rect.height // 2)
    size = max(LEGIBLE_PX, round(2.4 * u))
    colour = palette.text_dim if pill.muted else palette.text
    words = fonts.render(pill.text, size, colour)
    surface.blit(words, words.get_rect(center=(rect.centerx, rect.centery - round(0.8 * u))))
    bar = pygame.Rect(0, 0, rect.width - round(8 * u), max(2, round(0.6 * u)))
    bar.midbottom = (rect.centerx, rect.bottom - round(1.2 * u))
    draw_progress_bar(surface, bar, pill.volume, palette)
    return rect
