"""The pose model: every stretch has a demonstration, limbs never change length, mirrored
poses are symmetric, motion is continuous, and each keyframe is reached at its time."""

from __future__ import annotations

import math

import pytest

from unclench.core.body import STRETCHES
from unclench.core.pose_library import demonstration_for, demonstrations, pose_at
from unclench.core.poses import (
    Bone,
    Segment,
    Skeleton,
    View,
    bone_lengths,
    ease,
    keyframe,
    mirror_keyframe,
    pose_of,
    reach_and_breath,
    segment_at,
    solve,
    step_timing,
    swap_side,
)
from unclench.core.routine import Side

EASE_IN, HOLD, EASE_OUT = 3.0, 14.0, 2.5
STEP = EASE_IN + HOLD + EASE_OUT
ALL = sorted(STRETCHES)


def _times(fps: float = 30.0) -> list[float]:
    n = round(STEP * fps)
    return [i / fps for i in range(n + 1)]


def _distance(a: tuple[float, float], b: tuple[float, float]) -> float:
    return math.hypot(a[0] - b[0], a[1] - b[1])


def test_every_stretch_in_the_vocabulary_has_a_demonstration() -> None:
    assert set(demonstrations()) == set(STRETCHES)


def test_unknown_stretch_names_the_known_ones() -> None:
    with pytest.raises(KeyError, match="calf-wall"):
        demonstration_for("toe-touch")


def test_views_suit_the_stretch() -> None:
    views = {s: demonstration_for(s).view for s in ALL}
    assert views["calf-wall"] is View.SIDE and views["calf-seated"] is View.SIDE
    assert {views[s] for s in ("wrist-flexion", "wrist-extension", "thumb-palm")} == {View.HAND}
    assert views["far-look"] is View.FACE and views["eye-palming"] is View.FACE
    kinds = {p.kind for p in demonstration_for("calf-wall").props}
    assert "wall" in kinds and "floor" in kinds
    assert "horizon" in {p.kind for p in demonstration_for("far-look").props}
    assert "block" in {p.kind for p in demonstration_for("calf-seated").props}  # the chair


def test_forward_kinematics_places_joints_along_their_directions() -> None:
    skeleton = Skeleton("arm", (Bone("root", None, 0.0), Bone("a", "root", 10.0),
                                Bone("b", "a", 5.0)))  # fmt: skip
    joints = solve(skeleton, keyframe({"a": 0.0, "b": 90.0}, {"root": (1.0, 2.0)}))
    assert joints["a"] == pytest.approx((11.0, 2.0))
    assert joints["b"] == pytest.approx((11.0, 7.0))


def test_ease_is_smooth_at_both_ends() -> None:
    assert ease(0.0) == 0.0 and ease(1.0) == pytest.approx(1.0)
    assert ease(0.5) == pytest.approx(0.5)
    assert ease(0.01) < 0.001 and 1 - ease(0.99) < 0.001  # zero speed at the ends
    assert ease(-1.0) == 0.0 and ease(2.0) == pytest.approx(1.0)


def test_reach_reaches_each_keyframe_at_its_time() -> None:
    assert reach_and_breath(0.0, EASE_IN, HOLD, EASE_OUT) == (0.0, 0.0)
    assert reach_and_breath(EASE_IN / 2, EASE_IN, HOLD, EASE_OUT)[0] == pytest.approx(0.5)
    assert reach_and_breath(EASE_IN, EASE_IN, HOLD, EASE_OUT) == pytest.approx((1.0, 0.0))
    assert reach_and_breath(EASE_IN + HOLD, EASE_IN, HOLD, EASE_OUT) == (1.0, 0.0)
    assert reach_and_breath(EASE_IN + HOLD + EASE_OUT / 2, EASE_IN, HOLD, EASE_OUT)[
        0
    ] == pytest.approx(0.5)
    assert reach_and_breath(STEP, EASE_IN, HOLD, EASE_OUT) == (0.0, 0.0)


def test_hold_breathes_whole_cycles_and_rests_on_the_position_at_both_ends() -> None:
    peaks = [reach_and_breath(EASE_IN + t / 10, EASE_IN, HOLD, EASE_OUT)[1] for t in range(140)]
    assert max(peaks) == pytest.approx(1.0, abs=0.01)
    assert peaks[0] == pytest.approx(0.0)
    end = reach_and_breath(EASE_IN + HOLD - 1e-6, EASE_IN, HOLD, EASE_OUT)[1]
    assert end == pytest.approx(0.0, abs=1e-6)
    # 14 s at 5 s a breath: 3 breaths, so 3 peaks
    rises = sum(1 for a, b, c in zip(peaks, peaks[1:], peaks[2:], strict=False) if a < b > c)
    assert rises == 3


def test_segments_name_the_step() -> None:
    assert segment_at(0.5, EASE_IN, HOLD) is Segment.EASE_IN
    assert segment_at(EASE_IN, EASE_IN, HOLD) is Segment.HOLD
    assert segment_at(EASE_IN + HOLD + 0.1, EASE_IN, HOLD) is Segment.RELEASE
    assert Segment.EASE_IN.value == "Ease in" and Segment.RELEASE.value == "Release"


def test_step_timing_fits_the_step() -> None:
    ease_in, hold, ease_out = step_timing(20.0)
    assert (ease_in, ease_out) == (3.0, 2.5)
    assert ease_in + hold + ease_out == pytest.approx(20.0)
    short = step_timing(4.0)
    assert sum(short) == pytest.approx(4.0) and short[1] > 0
    assert step_timing(0.0) == (0.0, 0.0, 0.0)


@pytest.mark.parametrize("stretch", ALL)
@pytest.mark.parametrize("side", [Side.RIGHT, Side.LEFT])
def test_limb_lengths_never_change_across_the_animation(stretch: str, side: Side) -> None:
    demo = demonstration_for(stretch)
    expected = {b.name: b.length for b in demo.skeleton.bones if b.parent is not None}
    for t in _times(fps=10):
        lengths = bone_lengths(pose_at(stretch, side, t, EASE_IN, HOLD, EASE_OUT))
        mirrored = {swap_side(n): v for n, v in lengths.items()}
        for name, length in expected.items():
            assert mirrored.get(name, lengths[name]) == pytest.approx(length, abs=1e-9)
            assert lengths[name] == pytest.approx(length, abs=1e-9)


@pytest.mark.parametrize("stretch", ALL)
def test_skeletons_are_symmetric_so_mirroring_keeps_lengths(stretch: str) -> None:
    skeleton = demonstration_for(stretch).skeleton
    for bone in skeleton.bones:
        twin = skeleton.bone(swap_side(bone.name))
        assert (twin.length, twin.width) == (bone.length, bone.width)


@pytest.mark.parametrize("stretch", ALL)
def test_motion_is_continuous_no_jumps_between_frames(stretch: str) -> None:
    """At 30 frames a second no joint moves more than 2% of the view's diagonal from one
    frame to the next (a jump straight into the position would be 20% or more)."""
    frame = demonstration_for(stretch).frame
    limit = 0.02 * math.hypot(frame[2], frame[3])
    previous = None
    for t in _times(fps=30):
        pose = dict(pose_at(stretch, Side.RIGHT, t, EASE_IN, HOLD, EASE_OUT).joints)
        if previous is not None:
            worst = max(_distance(pose[n], previous[n]) for n in pose)
            assert worst < limit, (stretch, t, worst)
        previous = pose


@pytest.mark.parametrize("stretch", ALL)
def test_keyframes_are_reached_at_their_times(stretch: str) -> None:
    demo = demonstration_for(stretch)
    neutral = solve(demo.skeleton, demo.neutral)
    held = solve(demo.skeleton, demo.position)
    for t, expected in ((0.0, neutral), (EASE_IN, held), (STEP, neutral)):
        pose = dict(pose_at(stretch, Side.RIGHT, t, EASE_IN, HOLD, EASE_OUT).joints)
        for name, point in expected.items():
            assert pose[name] == pytest.approx(point, abs=1e-9), (t, name)
    moved = max(_distance(neutral[n], held[n]) for n in neutral)
    turned = abs(dict(demo.position.extras).get("yaw", 0.0))
    assert moved > 5.0 or turned > 0.5  # the demonstration really moves into the position


@pytest.mark.parametrize("stretch", [s for s in ALL if demonstration_for(s).one_sided])
def test_left_side_is_the_mirror_of_the_right(stretch: str) -> None:
    for t in (0.0, 1.5, EASE_IN, EASE_IN + 4.0, EASE_IN + HOLD + 1.0):
        right = pose_at(stretch, Side.RIGHT, t, EASE_IN, HOLD, EASE_OUT)
        left = pose_at(stretch, Side.LEFT, t, EASE_IN, HOLD, EASE_OUT)
        assert left.mirrored and not right.mirrored
        for name, (x, y) in right.joints:
            lx, ly = left.at(swap_side(name))
            assert (lx, ly) == pytest.approx((-x, y), abs=1e-9)
        assert {swap_side(n) for n in right.lit} == set(left.lit)
        assert [p.box[0] + p.box[2] for p in left.props] == pytest.approx(
            [-p.box[0] for p in right.props]
        )


@pytest.mark.parametrize("stretch", ALL)
def test_both_sides_and_no_side_draw_the_right_hand_version(stretch: str) -> None:
    right = pose_at(stretch, Side.RIGHT, EASE_IN, EASE_IN, HOLD, EASE_OUT)
    for side in (Side.BOTH, None):
        assert pose_at(stretch, side, EASE_IN, EASE_IN, HOLD, EASE_OUT).joints == right.joints


def test_two_sided_poses_are_symmetric_in_themselves() -> None:
    for stretch in ("eye-palming", "shoulder-roll"):
        pose = pose_at(stretch, Side.BOTH, EASE_IN + 2.0, EASE_IN, HOLD, EASE_OUT)
        for name, (x, y) in pose.joints:
            if name.endswith("_r"):
                assert pose.at(swap_side(name)) == pytest.approx((-x, y), abs=1e-9)


def test_mirroring_twice_is_the_identity() -> None:
    frame = demonstration_for("arm-across-chest").position
    twice = mirror_keyframe(mirror_keyframe(frame))
    for (n1, a1), (n2, a2) in zip(frame.angles, twice.angles, strict=True):
        assert n1 == n2 and a1 == pytest.approx(a2)


def test_neck_turn_turns_the_head_toward_the_side() -> None:
    right = pose_at("neck-turn", Side.RIGHT, EASE_IN, EASE_IN, HOLD, EASE_OUT)
    left = pose_at("neck-turn", Side.LEFT, EASE_IN, EASE_IN, HOLD, EASE_OUT)
    # the user's right is the viewer's left in the front view (a mirror)
    assert right.extra("yaw") < -0.5 and left.extra("yaw") > 0.5


def test_calf_wall_back_heel_stays_down_and_the_body_leans_to_the_wall() -> None:
    neutral = pose_of(demonstration_for("calf-wall"), Side.RIGHT, 0.0, 0.0)
    held = pose_of(demonstration_for("calf-wall"), Side.RIGHT, 1.0, 0.0)
    assert held.at("ankle_r") == pytest.approx(neutral.at("ankle_r"), abs=0.01)
    assert held.at("toe_r")[1] == pytest.approx(held.at("ankle_r")[1], abs=0.01)  # heel down
    assert held.at("head")[0] > neutral.at("head")[0] + 10  # leaning in
    wall = next(p for p in held.props if p.kind == "wall")
    assert max(x for _, (x, _) in held.joints) < wall.box[0]  # nobody goes through the wall


def test_thumb_reaches_toward_the_little_finger() -> None:
    neutral = pose_of(demonstration_for("thumb-palm"), Side.RIGHT, 0.0, 0.0)
    held = pose_of(demonstration_for("thumb-palm"), Side.RIGHT, 1.0, 0.0)
    base = held.at("mcp_little")
    assert _distance(held.at("thumb3"), base) < 10.0
    assert _distance(neutral.at("thumb3"), base) > 30.0


def test_eye_palming_palms_cover_the_eyes() -> None:
    held = pose_of(demonstration_for("eye-palming"), Side.BOTH, 1.0, 0.0)
    hx, hy = held.at("head")
    for side, joint in ((-1, "palm_r"), (1, "palm_l")):
        (wx, wy), (px, py) = held.at(joint.replace("palm", "wrist")), held.at(joint)
        middle = ((wx + px) / 2, (wy + py) / 2)
        assert _distance(middle, (hx + side * 15.0, hy - 2.0)) < 3.0
    assert held.extra("lids") == 1.0
