"""The built-in routine library keeps to the sourced protocols (tempo, counts, timings,
groups, cautions) and never makes a health claim; the About page says what its source says.

Every routine is loaded the way the app loads it (catalog.load_routine_file) and checked on
its compiled timeline, so the numbers tested are the numbers the user would live through.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path

import pytest

from unclench.about import ABOUT_TEXT, DISCLAIMER
from unclench.core.body import MUSCLE_GROUPS, STRETCHES
from unclench.core.routine import Phase, Routine, Side
from unclench.core.tension_cues import early_cues
from unclench.core.timeline import Cue, Timeline, compile_timeline

catalog = pytest.importorskip("unclench.catalog")

ROUTINES_DIR = Path(__file__).resolve().parents[1] / "routines"
DOCS_DIR = Path(__file__).resolve().parents[1] / "docs"
SCHEMA_LINE = "# yaml-language-server: $schema=../schema/routine.schema.json"

EXPECTED_IDS = {
    "relaxing-breath",
    "box-breathing",
    "coherent-breathing",
    "extended-exhale",
    "progressive-relaxation",
    "progressive-relaxation-short",
    "slow-stretching",
    "calves-hands-eyes",
    "cyclic-sighing",
}
FILES = sorted(ROUTINES_DIR.glob("*.yaml"))

# Claims a relaxation routine must never make. Stems catch "cures", "treatment", "healing".
FORBIDDEN = re.compile(
    r"\b(cur(e|es|ed|ing)|treat\w*|heal(s|ed|ing)?|guarantee\w*|prevent\w*|remed\w*|diagnos\w*"
    r"|stops? (your |the )?twitch\w*|twitch\w* (will )?stops?|proven|clinically)\b",
    re.IGNORECASE,
)
# What belongs on the About page, never in a routine's spoken prompts.
ABOUT_ONLY = re.compile(r"\b(caffeine|magnesium|calcium|supplement|neurologist)\b", re.I)
SOURCE_KEY = re.compile(r"\b[WPSB]\d{1,2}\b")
WORDS_PER_SECOND = 2.2  # ≈130 words a minute: a cheap, generous proxy for speech length

PMR_16 = [
    "dominant-hand",
    "dominant-biceps",
    "non-dominant-hand",
    "non-dominant-biceps",
    "forehead",
    "upper-face",
    "jaw",
    "neck",
    "chest-shoulders-back",
    "abdomen",
    "dominant-thigh",
    "dominant-calf",
    "dominant-foot",
    "non-dominant-thigh",
    "non-dominant-calf",
    "non-dominant-foot",
]
PMR_7 = [
    "dominant-arm",
    "non-dominant-arm",
    "face",
    "neck",
    "chest-shoulders-back-abdomen",
    "dominant-leg",
    "non-dominant-leg",
]
GENTLE_GROUPS = {"dominant-calf", "dominant-foot", "non-dominant-calf", "non-dominant-foot"}
GENTLE_GROUPS |= {"calves", "feet", "dominant-leg", "non-dominant-leg", "eyes"}


def load(routine_id: str) -> Routine:
    routine: Routine = catalog.load_routine_file(ROUTINES_DIR / f"{routine_id}.yaml")
    return routine


def tempos(routine: Routine) -> list[float]:
    """The slowest, fastest and default tempo, and one in between that is not a round number."""
    middle = routine.tempo_min + (routine.tempo_max - routine.tempo_min) * 0.37
    return [routine.tempo_min, routine.tempo, middle, routine.tempo_max]


def cycle_choices(routine: Routine) -> list[int | None]:
    limits = routine.cycles_range
    return [None] if limits is None else [None, limits[0], limits[1]]


def all_timelines(routine: Routine) -> Iterable[Timeline]:
    for tempo in tempos(routine):
        for cycles in cycle_choices(routine):
            yield compile_timeline(routine, tempo=tempo, cycles=cycles)


def phases(timeline: Timeline, *wanted: Phase) -> list[Cue]:
    return [cue for cue in timeline.cues if cue.phase in wanted]


def group_order(timeline: Timeline) -> list[str]:
    """The tensed groups in order, a group tensed twice in a row counted once."""
    order: list[str] = []
    for cue in phases(timeline, Phase.TENSE):
        assert cue.target is not None
        if not order or order[-1] != cue.target:
            order.append(cue.target)
    return order


def texts(routine: Routine, timeline: Timeline) -> list[str]:
    found = [routine.title, routine.summary, routine.source, *routine.cautions]
    for cue in timeline.cues:
        found.append(cue.caption)
        if cue.say:
            found.append(cue.say)
    return found


# --- the library as a whole ---------------------------------------------------------------


def test_the_library_holds_exactly_the_expected_routines() -> None:
    assert {path.stem for path in FILES} == EXPECTED_IDS


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_routine_file_loads_and_its_id_is_its_file_name(path: Path) -> None:
    routine = catalog.load_routine_file(path)
    assert routine.id == path.stem


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_routine_file_starts_with_the_schema_line(path: Path) -> None:
    assert path.read_text(encoding="utf-8").splitlines()[0] == SCHEMA_LINE


@pytest.mark.parametrize("routine_id", sorted(EXPECTED_IDS))
def test_routine_names_its_sources_and_cautions(routine_id: str) -> None:
    routine = load(routine_id)
    assert routine.cautions and all(c.strip() for c in routine.cautions)
    assert SOURCE_KEY.search(routine.source), routine.source


@pytest.mark.parametrize("routine_id", sorted(EXPECTED_IDS))
def test_routine_has_chimes_on(routine_id: str) -> None:
    assert load(routine_id).chimes is True


@pytest.mark.parametrize("routine_id", sorted(EXPECTED_IDS))
def test_routine_lasts_under_two_hours_at_its_largest_choices(routine_id: str) -> None:
    routine = load(routine_id)
    limits = routine.cycles_range
    longest = compile_timeline(
        routine, tempo=routine.tempo_max, cycles=limits[1] if limits else None
    )
    assert 60 < longest.total < 2 * 3600


def test_forbidden_claim_pattern_catches_claims_and_spares_plain_words() -> None:
    for claim in ("This cures it.", "a treatment", "Heals fast", "It stops twitching"):
        assert FORBIDDEN.search(claim), claim
    for plain in ("Stop if you feel dizzy.", "Breathe out with a whoosh.", "relaxing"):
        assert not FORBIDDEN.search(plain), plain


@pytest.mark.parametrize("routine_id", sorted(EXPECTED_IDS))
def test_routine_makes_no_health_claim(routine_id: str) -> None:
    routine = load(routine_id)
    for timeline in (compile_timeline(routine),):
        for text in texts(routine, timeline):
            assert not FORBIDDEN.search(text), text


@pytest.mark.parametrize("routine_id", sorted(EXPECTED_IDS))
def test_routine_never_speaks_about_caffeine_supplements_or_doctors(routine_id: str) -> None:
    for cue in compile_timeline(load(routine_id)).cues:
        assert not (cue.say and ABOUT_ONLY.search(cue.say)), cue.say


@pytest.mark.parametrize("routine_id", sorted(EXPECTED_IDS))
def test_every_prompt_fits_its_step_at_the_default_tempo(routine_id: str) -> None:
    for cue in compile_timeline(load(routine_id)).cues:
        if cue.say:
            words = len(cue.say.split())
            assert words <= cue.duration * WORDS_PER_SECOND, (cue.line, cue.say, cue.duration)


@pytest.mark.parametrize("routine_id", sorted(EXPECTED_IDS))
def test_routine_texts_have_no_unfilled_placeholders(routine_id: str) -> None:
    routine = load(routine_id)
    for text in texts(routine, compile_timeline(routine)):
        assert "{" not in text and "}" not in text, text


@pytest.mark.parametrize("routine_id", sorted(EXPECTED_IDS))
def test_no_prompt_asks_for_tension_or_a_held_breath_before_its_step(routine_id: str) -> None:
    assert early_cues(load(routine_id)) == []


# Safety words a caption may show; each must be heard too, since eyes may be closed.
SAFETY_WORDS = {
    "pain": re.compile(r"\bpain", re.I),
    "bouncing": re.compile(r"\bbounc", re.I),
    "contact lenses": re.compile(r"\bcontact lens", re.I),
    "no pressure": re.compile(r"\bno pressure\b", re.I),
    "never hold your breath": re.compile(r"\bnever hold your breath\b", re.I),
    "gently": re.compile(r"\bgentl", re.I),
    "injured": re.compile(r"\binjur", re.I),
    "dizzy": re.compile(r"\bdizz", re.I),
    "light-headed": re.compile(r"\blight-headed", re.I),
    "pursed lips": re.compile(r"\bpurs", re.I),
    "completely": re.compile(r"\bcompletely\b", re.I),
}


def test_safety_words_pattern_finds_each_word() -> None:
    sample = "Never to pain, no bouncing, contact lenses out, no pressure, gently, injured,"
    sample += " dizzy, light-headed, lips pursed, completely. Never hold your breath."
    assert all(pattern.search(sample) for pattern in SAFETY_WORDS.values())
    assert not any(pattern.search("Breathe in slowly.") for pattern in SAFETY_WORDS.values())


@pytest.mark.parametrize("routine_id", sorted(EXPECTED_IDS))
def test_every_safety_word_in_a_caption_is_also_spoken(routine_id: str) -> None:
    routine = load(routine_id)
    for cycles in cycle_choices(routine):
        cues = compile_timeline(routine, cycles=cycles).cues
        spoken = " ".join(cue.say for cue in cues if cue.say)
        for cue in cues:
            for word, pattern in SAFETY_WORDS.items():
                if pattern.search(cue.caption):
                    assert pattern.search(spoken), (word, cue.line, cue.caption)


# --- breathing ------------------------------------------------------------------------------


def breath_cycles(timeline: Timeline) -> list[list[Cue]]:
    """The breath cues inside repeats, grouped by cycle."""
    cycles: dict[int, list[Cue]] = {}
    for cue in timeline.cues:
        if cue.phase.is_breath and cue.cycle is not None:
            cycles.setdefault(cue.cycle, []).append(cue)
    return [cycles[n] for n in sorted(cycles)]


def assert_counts(cycle: list[Cue], tempo: float, expected: Sequence[tuple[Phase, float]]) -> None:
    assert [cue.phase for cue in cycle] == [phase for phase, _ in expected]
    for cue, (_, counts) in zip(cycle, expected, strict=True):
        assert cue.duration == pytest.approx(counts * tempo, abs=1e-5)


RELAXING = [(Phase.INHALE, 4), (Phase.HOLD, 7), (Phase.EXHALE, 8)]


def test_relaxing_breath_is_4_7_8_at_every_tempo_and_cycle_count() -> None:
    routine = load("relaxing-breath")
    for timeline in all_timelines(routine):
        cycles = breath_cycles(timeline)
        assert cycles
        for cycle in cycles:
            assert_counts(cycle, timeline.tempo, RELAXING)


def test_relaxing_breath_defaults_to_4_breaths_and_allows_1_to_8() -> None:
    routine = load("relaxing-breath")
    assert routine.default_cycles == 4
    assert routine.cycles_range == (1, 8)
    assert len(breath_cycles(compile_timeline(routine))) == 4
    assert len(breath_cycles(compile_timeline(routine, cycles=8))) == 8


def test_relaxing_breath_tempo_lets_the_user_go_faster_or_slower() -> None:
    routine = load("relaxing-breath")
    assert routine.tempo_min <= 0.5 and routine.tempo_max >= 1.5


def test_relaxing_breath_opens_with_a_whoosh_out_through_the_mouth() -> None:
    timeline = compile_timeline(load("relaxing-breath"))
    first_breath = next(cue for cue in timeline.cues if cue.phase.is_breath)
    assert first_breath.phase is Phase.EXHALE and first_breath.cycle is None
    assert first_breath.say and "whoosh" in first_breath.say.lower()
    assert "mouth" in first_breath.say.lower()


def test_relaxing_breath_sets_up_posture_and_tongue_before_breathing() -> None:
    timeline = compile_timeline(load("relaxing-breath"))
    set_up = " ".join(
        (cue.say or "") + " " + cue.caption
        for cue in timeline.cues[: timeline.cues.index(phases(timeline, Phase.EXHALE)[0])]
    ).lower()
    assert "back straight" in set_up
    assert "tongue" in set_up and "upper front teeth" in set_up
    assert "ratio" in set_up or "four, seven, eight" in set_up


def test_relaxing_breath_cautions_cover_light_headedness_and_the_first_month() -> None:
    cautions = " ".join(load("relaxing-breath").cautions).lower()
    assert "light-headed" in cautions and "dizzy" in cautions
    assert "first month" in cautions and "4 breaths" in cautions


def test_box_breathing_has_four_equal_sides_at_every_tempo() -> None:
    box = [(Phase.INHALE, 4), (Phase.HOLD, 4), (Phase.EXHALE, 4), (Phase.HOLD_OUT, 4)]
    for timeline in all_timelines(load("box-breathing")):
        for cycle in breath_cycles(timeline):
            assert_counts(cycle, timeline.tempo, box)


def test_box_breathing_lets_beginners_go_as_fast_as_counts_of_two() -> None:
    routine = load("box-breathing")
    assert routine.tempo_min <= 0.5
    assert routine.cycles_range is not None and routine.cycles_range[0] < routine.cycles_range[1]
    assert any("light-headed" in caution.lower() for caution in routine.cautions)


def breaths_per_minute(timeline: Timeline) -> float:
    cycle = breath_cycles(timeline)[0]
    return 60 / sum(cue.duration for cue in cycle)


def test_coherent_presets_give_6_5_5_and_5_breaths_a_minute() -> None:
    routine = load("coherent-breathing")
    rates = {
        preset.label: breaths_per_minute(compile_timeline(routine, tempo=preset.tempo))
        for preset in routine.tempo_presets
    }
    assert rates == {
        "6 breaths a minute": pytest.approx(6, abs=0.01),
        "5.5 breaths a minute": pytest.approx(5.5, abs=0.01),
        "5 breaths a minute": pytest.approx(5, abs=0.01),
    }


def test_coherent_default_tempo_is_the_5_5_preset_and_breaths_are_even() -> None:
    routine = load("coherent-breathing")
    default = next(p for p in routine.tempo_presets if p.label.startswith("5.5"))
    assert routine.tempo == default.tempo
    for cycle in breath_cycles(compile_timeline(routine)):
        assert_counts(cycle, routine.tempo, [(Phase.INHALE, 5), (Phase.EXHALE, 5)])


def test_coherent_source_does_not_claim_a_primary_source_for_5_5() -> None:
    source = load("coherent-breathing").source.lower()
    assert "varies" in source and "without a primary source" in source


def test_extended_exhale_breathes_out_longer_than_in_at_every_tempo() -> None:
    for timeline in all_timelines(load("extended-exhale")):
        for cycle in breath_cycles(timeline):
            assert_counts(cycle, timeline.tempo, [(Phase.INHALE, 4), (Phase.EXHALE, 6)])


def test_extended_exhale_source_is_b4_as_a_ratio_preset() -> None:
    source = load("extended-exhale").source
    assert "B4" in source and "not a named protocol" in source


# --- progressive muscle relaxation -----------------------------------------------------------


@pytest.mark.parametrize(
    ("routine_id", "groups"),
    [("progressive-relaxation", PMR_16), ("progressive-relaxation-short", PMR_7)],
)
def test_pmr_tenses_its_groups_in_order(routine_id: str, groups: list[str]) -> None:
    for timeline in all_timelines(load(routine_id)):
        assert group_order(timeline) == groups
        assert all(target in MUSCLE_GROUPS for target in groups)


@pytest.mark.parametrize("routine_id", ["progressive-relaxation", "progressive-relaxation-short"])
def test_pmr_tenses_5_to_7_s_then_releases_the_same_group_30_to_40_s(routine_id: str) -> None:
    for timeline in all_timelines(load(routine_id)):
        cues = timeline.cues
        tenses = phases(timeline, Phase.TENSE)
        assert tenses
        for tense in tenses:
            release = cues[tense.index + 1]
            assert 5 <= tense.duration <= 7
            assert release.phase is Phase.RELEASE and release.target == tense.target
            assert 30 <= release.duration <= 40


@pytest.mark.parametrize("routine_id", ["progressive-relaxation", "progressive-relaxation-short"])
def test_pmr_leaves_a_few_quiet_seconds_between_groups(routine_id: str) -> None:
    timeline = compile_timeline(load(routine_id))
    releases = phases(timeline, Phase.RELEASE)
    between_groups = 0
    for release in releases[:-1]:
        after = timeline.cues[release.index + 1]
        if after.phase is Phase.TENSE and after.target == release.target:
            continue  # the group's next round
        assert after.phase is Phase.REST and after.say is None
        assert 2 <= after.duration <= 10
        between_groups += 1
    assert between_groups == len(group_order(timeline)) - 1


@pytest.mark.parametrize("routine_id", ["progressive-relaxation", "progressive-relaxation-short"])
def test_pmr_ends_with_about_two_minutes_of_rest(routine_id: str) -> None:
    timeline = compile_timeline(load(routine_id))
    last_release = phases(timeline, Phase.RELEASE)[-1]
    closing = [c for c in timeline.cues[last_release.index + 1 :] if c.phase is Phase.REST]
    assert max(cue.duration for cue in closing) >= 90


@pytest.mark.parametrize("routine_id", ["progressive-relaxation", "progressive-relaxation-short"])
def test_pmr_does_each_group_twice_by_default_as_first_sessions_do(routine_id: str) -> None:
    routine = load(routine_id)
    assert routine.cycles_range == (1, 2) and routine.default_cycles == 2
    once = group_order(compile_timeline(routine, cycles=1))
    twice = phases(compile_timeline(routine, cycles=2), Phase.TENSE)
    assert [cue.target for cue in twice] == [g for g in once for _ in range(2)]


@pytest.mark.parametrize("routine_id", ["progressive-relaxation", "progressive-relaxation-short"])
def test_pmr_cautions_cover_pain_doctor_cramps_and_contact_lenses(routine_id: str) -> None:
    cautions = " ".join(load(routine_id).cautions).lower()
    for needed in ("painful or injured", "doctor", "spasms", "back problems", "gently"):
        assert needed in cautions, needed
    assert "contact lenses" in cautions


@pytest.mark.parametrize(
    "routine_id", ["progressive-relaxation", "progressive-relaxation-short", "calves-hands-eyes"]
)
def test_calves_and_feet_are_tensed_gently(routine_id: str) -> None:
    tenses = phases(compile_timeline(load(routine_id)), Phase.TENSE)
    gentle = [cue for cue in tenses if cue.target in GENTLE_GROUPS]
    assert gentle
    for cue in gentle:
        assert cue.say and "gently" in cue.say.lower(), cue.say


def test_pmr_short_speaks_the_handouts_tensing_instructions_in_each_tense_step() -> None:
    timeline = compile_timeline(load("progressive-relaxation-short"))
    # The tense step itself says how to tense (the cue comes when tension should start);
    # the instruction before it only names the group.
    how = {
        "dominant-arm": ("bend", "fist", "elbow down and in"),
        "face": ("frown", "squint", "wrinkle your nose", "clench your teeth", "corners back"),
        "neck": ("chin toward your chest", "pulling it back"),
        "chest-shoulders-back-abdomen": ("deep breath", "shoulder blades", "stomach firm"),
        "dominant-leg": ("foot and toes", "thigh down", "curl your toes", "calf"),
    }
    checked = set()
    for tense in phases(timeline, Phase.TENSE):
        if tense.target in how:
            assert tense.say
            for phrase in how[tense.target]:
                assert phrase in tense.say.lower(), (tense.target, phrase)
            checked.add(tense.target)
    assert checked == set(how)


@pytest.mark.parametrize("routine_id", ["progressive-relaxation", "progressive-relaxation-short"])
def test_pmr_lead_ins_name_the_group_in_a_few_words(routine_id: str) -> None:
    timeline = compile_timeline(load(routine_id))
    for tense in phases(timeline, Phase.TENSE):
        before = timeline.cues[tense.index - 1]
        if before.phase is Phase.INSTRUCTION:
            assert before.say and len(before.say.split()) <= 8, before.say
            assert before.duration <= 5, before.say


@pytest.mark.parametrize(
    ("routine_id", "cycles", "minutes"),
    [
        ("progressive-relaxation-short", None, 14),
        ("progressive-relaxation-short", 1, None),
        ("progressive-relaxation", None, 27),
        ("progressive-relaxation", 1, 16),
    ],
)
def test_pmr_summary_states_its_length_honestly(
    routine_id: str, cycles: int | None, minutes: int | None
) -> None:
    routine = load(routine_id)
    total = compile_timeline(routine, cycles=cycles).total / 60
    if minutes is not None:
        assert f"about {minutes}" in routine.summary.lower()
        assert abs(total - minutes) < 1, total
    if routine_id.endswith("short"):
        assert "15–20" in routine.summary  # the source's length, said next to ours


# --- stretching ------------------------------------------------------------------------------

DESK_SET = {
    "neck-turn",
    "arm-across-chest",
    "wrist-flexion",
    "wrist-extension",
    "thumb-palm",
    "calf-wall",
    "eye-palming",
}
ONE_SIDED = DESK_SET - {"eye-palming"}


@pytest.mark.parametrize("routine_id", ["slow-stretching", "calves-hands-eyes"])
def test_stretches_hold_10_to_30_s_and_palming_1_to_2_minutes(routine_id: str) -> None:
    for timeline in all_timelines(load(routine_id)):
        stretches = phases(timeline, Phase.STRETCH)
        assert stretches
        for cue in stretches:
            assert cue.target in STRETCHES
            low, high = (60, 120) if cue.target == "eye-palming" else (10, 30)
            assert low <= cue.duration <= high, (cue.target, cue.duration)


def test_slow_stretching_covers_the_desk_set_on_both_sides() -> None:
    stretches = phases(compile_timeline(load("slow-stretching")), Phase.STRETCH)
    assert {cue.target for cue in stretches} == DESK_SET
    for target in ONE_SIDED:
        sides = {cue.side for cue in stretches if cue.target == target}
        assert sides == {Side.LEFT, Side.RIGHT}, target


def test_slow_stretching_repeats_each_stretch_2_to_4_times_as_chosen() -> None:
    routine = load("slow-stretching")
    assert routine.cycles_range == (2, 4) and routine.default_cycles == 3
    for cycles in (2, 3, 4):
        stretches = phases(compile_timeline(routine, cycles=cycles), Phase.STRETCH)
        for target in ONE_SIDED:
            holds = [c for c in stretches if c.target == target and c.side is Side.LEFT]
            assert len(holds) == cycles, target


def test_slow_stretching_cautions_say_never_pain_never_hold_the_breath_no_bouncing() -> None:
    cautions = " ".join(load("slow-stretching").cautions).lower()
    for needed in ("never to pain", "never hold your breath", "bounce", "relaxation only"):
        assert needed in cautions, needed


@pytest.mark.parametrize("routine_id", ["slow-stretching", "calves-hands-eyes"])
def test_each_stretch_and_side_is_held_2_to_4_times_about_60_s_in_all(routine_id: str) -> None:
    routine = load(routine_id)
    assert routine.cycles_range == (2, 4) and routine.default_cycles == 3
    stretches = phases(compile_timeline(routine), Phase.STRETCH)
    for target in {c.target for c in stretches} - {"eye-palming", "far-look"}:
        for side in {c.side for c in stretches if c.target == target}:
            holds = [c.duration for c in stretches if c.target == target and c.side is side]
            assert 2 <= len(holds) <= 4, (target, side, holds)
            assert 50 <= sum(holds) <= 70, (target, side, holds)


# --- calves, hands and eyes ---------------------------------------------------------------


def test_calves_hands_eyes_works_on_the_eyelids_calves_and_thumbs() -> None:
    routine = load("calves-hands-eyes")
    timeline = compile_timeline(routine)
    assert routine.kind == "mixed"
    assert {c.target for c in phases(timeline, Phase.TENSE)} == {"calves", "hands", "eyes"}
    stretched = {c.target for c in phases(timeline, Phase.STRETCH)}
    assert {"thumb-palm", "calf-seated", "calf-wall"} <= stretched
    assert stretched & {"eye-palming", "far-look"}


def test_calves_hands_eyes_ends_with_four_relaxing_breaths_at_every_choice() -> None:
    routine = load("calves-hands-eyes")
    for timeline in all_timelines(routine):
        cycles = breath_cycles(timeline)
        assert len(cycles) == 4
        for cycle in cycles:
            assert_counts(cycle, timeline.tempo, RELAXING)


def test_calves_hands_eyes_summary_promises_nothing_about_twitching() -> None:
    routine = load("calves-hands-eyes")
    summary = routine.summary.lower()
    assert "relaxation practice" in summary
    assert not re.search(r"\b(stops?|reduces?|less|fewer|calms? the)\b", summary), summary
    assert any("not medical" in caution.lower() for caution in routine.cautions)


def test_calves_hands_eyes_keeps_its_former_id_as_an_alias() -> None:
    routine = load("calves-hands-eyes")
    assert routine.aliases == ("twitch-relief",)
    found = catalog.load_catalog(include_user=False).find("twitch-relief")
    assert found.id == "calves-hands-eyes"


# --- cyclic sighing -----------------------------------------------------------------------


def test_cyclic_sighing_is_a_nose_inhale_with_a_top_up_then_a_long_mouth_exhale() -> None:
    routine = load("cyclic-sighing")
    for timeline in all_timelines(routine):
        for cycle in breath_cycles(timeline):
            inhale, exhale = cycle
            assert (inhale.phase, exhale.phase) == (Phase.INHALE, Phase.EXHALE)
            assert exhale.duration >= 1.5 * inhale.duration  # the out-breath is long
    inhale, exhale = breath_cycles(compile_timeline(routine))[0]
    assert inhale.say and "nose" in inhale.say.lower() and "more" in inhale.say.lower()
    assert "top-up" in inhale.caption.lower()
    assert exhale.say and "slow" in exhale.say.lower() and "mouth" in exhale.caption.lower()


def test_cyclic_sighing_lasts_about_five_minutes_and_names_b1() -> None:
    routine = load("cyclic-sighing")
    assert 4.5 * 60 <= compile_timeline(routine).total <= 6 * 60
    assert "B1" in routine.source and "unclench's own choice" in routine.source
    assert any("light-headed" in caution for caution in routine.cautions)


# --- the About page ---------------------------------------------------------------------------


def test_about_text_repeats_the_seed_advice_as_the_source_states_it() -> None:
    text = " ".join(ABOUT_TEXT.split())
    for fact in (
        "usually harmless",
        "eyelid, the calf and the thumb",
        "caffeine",
        "start with 200 mg a day and work up toward 500 mg",
        "calcium to magnesium at about 2:1",
        "neurologist if nothing helps",
        "information from the source",
        "not medical advice",
        "Cyclic sighing",
    ):
        assert fact in text, fact


def test_about_page_in_docs_carries_the_same_facts_with_source_keys() -> None:
    markdown = " ".join((DOCS_DIR / "about.md").read_text(encoding="utf-8").split())
    plain = " ".join(ABOUT_TEXT.split())
    for fact in ("200 mg a day", "toward 500 mg", "about 2:1", "neurologist if nothing helps"):
        assert fact in markdown and fact in plain, fact
    for key in ("[W1]", "W2", "P2", "S1", "B4"):
        assert key in markdown, key


def test_disclaimer_is_one_line_saying_relaxation_practice_not_medical_advice() -> None:
    assert "\n" not in DISCLAIMER
    assert "relaxation practice" in DISCLAIMER.lower()
    assert "not medical advice" in DISCLAIMER.lower()
