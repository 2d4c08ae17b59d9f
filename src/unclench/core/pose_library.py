"""The demonstrations: a skeleton, a neutral keyframe and a held position for every stretch
in ``body.STRETCHES``, each drawn for the right side (one-sided ones are mirrored for the
left by ``poses.pose_of``).

Model units: a standing figure is about 180 tall; y grows downward. Keyframes are written
with two small helpers: ``_two_bone`` places a limb whose end must touch something (a hand
on the wall, a heel on the floor) and ``_line`` gives a direction. Pure data, no I/O.
"""

from __future__ import annotations

import math
from functools import cache

from unclench.core.poses import (
    Bone,
    Demonstration,
    Keyframe,
    Point,
    Pose,
    Prop,
    Skeleton,
    View,
    keyframe,
    pose_of,
    reach_and_breath,
    updated,
)
from unclench.core.routine import Side


def _line(a: Point, b: Point) -> float:
    """The direction from ``a`` to ``b`` in degrees."""
    return math.degrees(math.atan2(b[1] - a[1], b[0] - a[0]))


def _along(a: Point, degrees: float, length: float) -> Point:
    r = math.radians(degrees)
    return (a[0] + length * math.cos(r), a[1] + length * math.sin(r))


def _two_bone(root: Point, target: Point, l1: float, l2: float, bend: int) -> tuple[float, float]:
    """Directions of two bones from ``root`` whose end reaches ``target`` (or as near as
    the bones allow); ``bend`` +1 or -1 picks the side the middle joint goes to."""
    d = math.hypot(target[0] - root[0], target[1] - root[1])
    d = min(l1 + l2 - 1e-6, max(abs(l1 - l2) + 1e-6, d))
    base = _line(root, target)
    cos_a = (l1 * l1 + d * d - l2 * l2) / (2 * l1 * d)
    a1 = base + bend * math.degrees(math.acos(max(-1.0, min(1.0, cos_a))))
    middle = _along(root, a1, l1)
    end = _along(root, base, d)
    return a1, _line(middle, end)


def _mirror_chain(angles: dict[str, float], roots: dict[str, Point]) -> None:
    """Add the left twin of every right-side ("_r") angle and root, in place (for poses
    that use both hands the same way)."""
    for name, a in list(angles.items()):
        if name.endswith("_r"):
            angles[name[:-2] + "_l"] = 180.0 - a
    for name, (x, y) in list(roots.items()):
        if name.endswith("_r"):
            roots[name[:-2] + "_l"] = (-x, y)


def _breathing(position: Keyframe, lift: float = 0.0, root: str = "") -> Keyframe:
    """The top of a breath: the chest a little fuller (``breath`` 1) and, in close-ups,
    ``root`` lifted by ``lift`` units."""
    roots = {}
    if root:
        x, y = dict(position.roots)[root]
        roots[root] = (x, y - lift)
    return updated(position, roots=roots, extras={"breath": 1.0})


# --- the whole figure, from the front ---------------------------------------------------


def _limbs(side: str, arm_w: float = 9.5) -> tuple[Bone, ...]:
    return (
        Bone(f"shoulder_{side}", "chest", 16.0, 9.0),
        Bone(f"elbow_{side}", f"shoulder_{side}", 24.0, arm_w),
        Bone(f"wrist_{side}", f"elbow_{side}", 23.0, 8.5),
        Bone(f"hand_{side}", f"wrist_{side}", 7.0, 9.5),
    )


FRONT_BODY = Skeleton(
    "front body",
    (
        Bone("pelvis", None, 0.0, kind="none"),
        Bone("hip_r", "pelvis", 7.0, 13.0),
        Bone("hip_l", "pelvis", 7.0, 13.0),
        Bone("knee_r", "hip_r", 40.0, 12.5),
        Bone("ankle_r", "knee_r", 38.0, 10.0),
        Bone("toe_r", "ankle_r", 8.0, 7.0),
        Bone("knee_l", "hip_l", 40.0, 12.5),
        Bone("ankle_l", "knee_l", 38.0, 10.0),
        Bone("toe_l", "ankle_l", 8.0, 7.0),
        Bone("chest", "pelvis", 48.0, 25.0),
        Bone("neck", "chest", 9.0, 10.0, behind=True),
        Bone("head", "neck", 15.0, 12.5, kind="head"),
        *_limbs("r"),
        *_limbs("l"),
    ),
)

_FRONT_ANGLES = {
    "hip_r": 180.0,
    "knee_r": 92.0,
    "ankle_r": 90.0,
    "toe_r": 150.0,
    "chest": -90.0,
    "neck": -90.0,
    "head": -90.0,
    "shoulder_r": 188.0,
    "elbow_r": 100.0,
    "wrist_r": 96.0,
    "hand_r": 93.0,
}
_FRONT_ROOTS: dict[str, Point] = {"pelvis": (0.0, 92.0)}
_mirror_chain(_FRONT_ANGLES, _FRONT_ROOTS)
FRONT_NEUTRAL = keyframe(_FRONT_ANGLES, _FRONT_ROOTS, {"yaw": 0.0, "breath": 0.0})
FRONT_FRAME = (-60.0, 0.0, 120.0, 184.0)


BUST_FRAME = (-42.0, 2.0, 84.0, 82.0)
"""Head and shoulders: the neck stretches."""


def _front(
    stretch: str,
    position: Keyframe,
    lit: tuple[str, ...],
    frame: tuple[float, float, float, float] = BUST_FRAME,
    one_sided: bool = True,
    breath: Keyframe | None = None,
    period: float = 5.0,
) -> Demonstration:
    return Demonstration(
        stretch,
        View.FRONT,
        FRONT_BODY,
        FRONT_NEUTRAL,
        position,
        frame,
        (Prop("floor", (-60.0, 181.0, 120.0, 2.0)),),
        lit,
        breath or _breathing(position),
        period,
        one_sided,
    )


def _arm_across() -> Keyframe:
    """The right arm straight across the chest, the left hand holding it above the elbow."""
    chest = (0.0, 44.0)
    shoulder_l = _along(chest, -8.0, 16.0)
    wrist_l = (9.0, 57.0)
    upper, fore = _two_bone(shoulder_l, wrist_l, 24.0, 23.0, -1)
    return updated(
        FRONT_NEUTRAL,
        angles={
            "shoulder_r": 184.0,
            "elbow_r": 6.0,
            "wrist_r": 3.0,
            "hand_r": 2.0,
            "elbow_l": upper,
            "wrist_l": fore,
            "hand_l": -128.0,
        },
    )


# --- the whole figure, in profile (facing right) -------------------------------------------


def _side_limbs(side: str) -> tuple[Bone, ...]:
    return (
        Bone(f"knee_{side}", "pelvis", 40.0, 13.0),
        Bone(f"ankle_{side}", f"knee_{side}", 38.0, 10.0),
        Bone(f"toe_{side}", f"ankle_{side}", 13.0, 6.5),
    )


def _side_arm(side: str) -> tuple[Bone, ...]:
    return (
        Bone(f"elbow_{side}", "chest", 24.0, 9.5),
        Bone(f"wrist_{side}", f"elbow_{side}", 23.0, 8.5),
        Bone(f"hand_{side}", f"wrist_{side}", 8.0, 8.5),
    )


SIDE_BODY = Skeleton(
    "side body",
    (
        Bone("pelvis", None, 0.0, kind="none"),
        *_side_limbs("l"),
        *_side_limbs("r"),
        Bone("chest", "pelvis", 46.0, 22.0),
        Bone("neck", "chest", 7.0, 8.5, behind=True),
        Bone("head", "neck", 16.0, 12.0, kind="head"),
        *_side_arm("l"),
        *_side_arm("r"),
    ),
)

FLOOR_Y = 181.0
_ANKLE_Y = FLOOR_Y - 4.0


def _side_pose(
    pelvis: Point,
    ankles: dict[str, Point],
    toes: dict[str, float],
    torso: float,
    wrists: dict[str, Point],
    hands: dict[str, float],
    elbow_bend: int = 1,
) -> Keyframe:
    """A profile pose from where the pelvis, ankles and wrists are."""
    angles: dict[str, float] = {"chest": torso, "neck": torso + 6.0, "head": torso - 2.0}
    for side, ankle in ankles.items():
        angles[f"knee_{side}"], angles[f"ankle_{side}"] = _two_bone(pelvis, ankle, 40, 38, -1)
        angles[f"toe_{side}"] = toes[side]
    chest = _along(pelvis, torso, 46.0)
    for side, wrist in wrists.items():
        angles[f"elbow_{side}"], angles[f"wrist_{side}"] = _two_bone(
            chest, wrist, 24, 23, elbow_bend
        )
        angles[f"hand_{side}"] = hands[side]
    return keyframe(angles, {"pelvis": pelvis}, {"breath": 0.0})


WALL_X = 50.5


def _calf_wall() -> Demonstration:
    """Facing a wall, hands on it, the right leg back with its heel down; leaning in keeps
    the body in one line from the head to the back heel."""
    back, front = (-24.0, _ANKLE_Y), (14.0, _ANKLE_Y)
    wrists = {"l": (WALL_X - 5.0, 63.0), "r": (WALL_X - 4.5, 66.0)}
    hands = {"l": -88.0, "r": -88.0}
    toes = {"l": 0.0, "r": 0.0}
    neutral = _side_pose((-1.0, 103.5), {"r": back, "l": front}, toes, -87.0, wrists, hands)
    pelvis = (4.0, back[1] - math.sqrt(77.6**2 - (4.0 - back[0]) ** 2))
    lean = _line(back, pelvis)
    position = _side_pose(pelvis, {"r": back, "l": front}, toes, lean, wrists, hands)
    return Demonstration(
        "calf-wall",
        View.SIDE,
        SIDE_BODY,
        neutral,
        position,
        (-52.0, 12.0, 118.0, 174.0),
        (
            Prop("floor", (-52.0, FLOOR_Y, 118.0, 2.0)),
            Prop("wall", (WALL_X, 12.0, 9.0, FLOOR_Y - 12.0)),
        ),
        ("ankle_r", "toe_r"),
        _breathing(position),
    )


def _calf_seated() -> Demonstration:
    """Sitting on a chair, the right leg straight out, heel on the floor; the foot draws
    back toward the knee and the body leans forward a little."""
    pelvis = (-10.0, 134.0)
    ankles = {"l": (26.0, _ANKLE_Y), "r": (54.0, _ANKLE_Y)}
    wrists = {"l": (10.0, 133.0), "r": (14.0, 136.0)}
    hands = {"l": 20.0, "r": 22.0}
    neutral = _side_pose(pelvis, ankles, {"l": 0.0, "r": -35.0}, -95.0, wrists, hands)
    reach = {"l": (22.0, 138.0), "r": (27.0, 141.0)}
    position = _side_pose(pelvis, ankles, {"l": 0.0, "r": -82.0}, -80.0, reach, hands)
    chair = (
        Prop("block", (-34.0, 140.0, 36.0, 6.0)),  # the seat
        Prop("block", (-36.0, 86.0, 6.0, 60.0)),  # the back
        Prop("block", (-33.0, 146.0, 4.0, FLOOR_Y - 146.0)),  # legs
        Prop("block", (-3.0, 146.0, 4.0, FLOOR_Y - 146.0)),
    )
    return Demonstration(
        "calf-seated",
        View.SIDE,
        SIDE_BODY,
        neutral,
        position,
        (-50.0, 40.0, 130.0, 146.0),
        (Prop("floor", (-50.0, FLOOR_Y, 130.0, 2.0)), *chair),
        ("ankle_r", "toe_r"),
        _breathing(position),
    )


# --- the hand, from the side (wrist stretches) --------------------------------------------

_FINGERS = (("f1", 13.0, 13.0), ("f2", 10.0, 12.0), ("f3", 8.0, 11.0))
_FINGER_CHAIN = tuple(zip(_FINGERS, ("knuckle", "f1", "f2"), strict=True))

HAND_SIDE = Skeleton(
    "hand from the side",
    (
        # The other hand, helping: drawn first, so it sits behind the stretched hand.
        Bone("h_elbow", None, 0.0, kind="none"),
        Bone("h_wrist", "h_elbow", 56.0, 15.0),
        Bone("h_knuckle", "h_wrist", 22.0, 16.0),
        *(Bone(f"h_{n}", f"h_{p}", ln, w) for (n, ln, w), p in _FINGER_CHAIN),
        Bone("elbow", None, 0.0, kind="none"),
        Bone("wrist", "elbow", 56.0, 15.0),
        Bone("thumb1", "wrist", 14.0, 8.5),
        Bone("thumb2", "thumb1", 11.0, 7.5),
        Bone("knuckle", "wrist", 24.0, 16.0),
        *(Bone(n, p, ln, w) for (n, ln, w), p in _FINGER_CHAIN),
    ),
)
_ELBOW: Point = (-62.0, 0.0)


def _wrist_pose(palm: float, helper_side: int, helper_arm: float) -> Keyframe:
    """The right hand bent to ``palm`` degrees at the wrist, the other hand laid along it
    on the back (``helper_side`` -1) or the palm side (+1), its forearm at ``helper_arm``."""
    wrist = _along(_ELBOW, 0.0, 56.0)
    r = math.radians(palm)
    d = (math.cos(r), math.sin(r))
    n = (-math.sin(r) * helper_side, math.cos(r) * helper_side)
    h_wrist = (wrist[0] + 9.0 * d[0] + 13.0 * n[0], wrist[1] + 9.0 * d[1] + 13.0 * n[1])
    h_elbow = _along(h_wrist, helper_arm + 180.0, 56.0)
    bend = 0.1 * palm
    thumb = 22.0 if palm >= 0 else 28.0
    angles = {
        "wrist": 0.0,
        "knuckle": palm,
        "f1": palm + bend,
        "f2": palm + 2 * bend,
        "f3": palm + 2.6 * bend,
        "thumb1": palm + thumb,
        "thumb2": palm + thumb - 8.0,
        "h_wrist": helper_arm,
        "h_knuckle": palm,
        "h_f1": palm + 1.3 * bend,
        "h_f2": palm + 2.3 * bend,
        "h_f3": palm + 3.0 * bend,
    }
    return keyframe(angles, {"elbow": _ELBOW, "h_elbow": h_elbow})


def _wrist(stretch: str, palm: float, helper_side: int, arm: tuple[float, float]) -> Demonstration:
    neutral = _wrist_pose(0.0, helper_side, arm[0])
    position = _wrist_pose(palm, helper_side, arm[1])
    return Demonstration(
        stretch,
        View.HAND,
        HAND_SIDE,
        neutral,
        position,
        (-72.0, -62.0, 138.0, 124.0),
        (),
        ("knuckle", "f1", "f2", "f3"),
        _breathing(position, 0.8, "h_elbow"),
    )


# --- the hand, palm toward you (thumb across the palm) ------------------------------------

_FINGER_SIZES = {
    "index": ((20.0, 9.5), (13.0, 9.0), (10.0, 8.5)),
    "middle": ((22.0, 9.5), (14.0, 9.0), (10.0, 8.5)),
    "ring": ((20.0, 9.0), (13.0, 8.5), (10.0, 8.0)),
    "little": ((16.0, 8.5), (11.0, 8.0), (9.0, 7.5)),
}
_KNUCKLES = {"index": (42.0, -78.0), "middle": (43.0, -90.0), "ring": (41.0, -102.0),
             "little": (37.0, -115.0)}  # fmt: skip


def _finger_bones() -> tuple[Bone, ...]:
    bones: list[Bone] = []
    for finger, sizes in _FINGER_SIZES.items():
        parent = f"mcp_{finger}"
        bones.append(Bone(parent, "wrist", _KNUCKLES[finger][0], kind="none"))
        for i, (length, width) in enumerate(sizes, start=1):
            bones.append(Bone(f"{finger}{i}", parent, length, width))
            parent = f"{finger}{i}"
    return tuple(bones)


HAND_PALM = Skeleton(
    "palm toward you",
    (
        Bone("arm", None, 0.0, kind="none"),
        Bone("wrist", "arm", 50.0, 26.0),
        Bone("wrist_u", "wrist", 12.0, kind="none"),
        Bone("thumb_cmc", "wrist", 15.0, kind="none"),
        *_finger_bones(),
        Bone("thumb1", "thumb_cmc", 17.0, 12.0),
        Bone("thumb2", "thumb1", 13.0, 10.5),
        Bone("thumb3", "thumb2", 11.0, 9.5),
    ),
    fills=((("wrist_u", "mcp_little", "mcp_ring", "mcp_middle", "mcp_index", "thumb_cmc"), 7.0),),
)


def _thumb_palm() -> Demonstration:
    """The right hand seen as you see it, palm toward you (the thumb on the right): the
    thumb bends across the palm toward the base of the little finger."""
    angles = {"wrist": -90.0, "wrist_u": 172.0, "thumb_cmc": -12.0}
    for finger, (_, direction) in _KNUCKLES.items():
        angles[f"mcp_{finger}"] = direction
        for i in range(1, 4):
            angles[f"{finger}{i}"] = direction + (direction + 90.0) * 0.25 * i - 3.0 * (i - 1)
    neutral = keyframe(
        {**angles, "thumb1": -35.0, "thumb2": -52.0, "thumb3": -62.0},
        {"arm": (0.0, 104.0)},
    )
    position = updated(neutral, angles={"thumb1": -118.0, "thumb2": -150.0, "thumb3": -168.0})
    return Demonstration(
        "thumb-palm",
        View.HAND,
        HAND_PALM,
        neutral,
        position,
        (-58.0, -50.0, 116.0, 152.0),
        (),
        ("thumb1", "thumb2", "thumb3"),
        _breathing(position, 0.8, "arm"),
    )


# --- the face ------------------------------------------------------------------------------


def _face_hand(side: str) -> tuple[Bone, ...]:
    return (
        Bone(f"elbow_{side}", None, 0.0, kind="none"),
        Bone(f"wrist_{side}", f"elbow_{side}", 75.0, 19.0),
        Bone(f"palm_{side}", f"wrist_{side}", 24.0, 25.0),
        Bone(f"fingers_{side}", f"palm_{side}", 21.0, 18.0),
    )


FACE_FRONT = Skeleton(
    "face",
    (
        Bone("neck_base", None, 0.0, kind="none"),
        Bone("shoulder_r", "neck_base", 58.0, 30.0),
        Bone("shoulder_l", "neck_base", 58.0, 30.0),
        Bone("neck", "neck_base", 42.0, 28.0),
        Bone("head", "neck", 50.0, 38.0, kind="head"),
        *_face_hand("r"),
        *_face_hand("l"),
    ),
)
EYE_OFFSET = (15.0, -2.0)
"""Where the eyes are from the centre of the head in the face close-up (x: either side)."""


def _palming_pose(
    wrist: Point, palm: float, fingers: float, forearm: float, lids: float
) -> Keyframe:
    angles = {
        "neck": -90.0,
        "head": -90.0,
        "shoulder_r": 172.0,
        "wrist_r": forearm,
        "palm_r": palm,
        "fingers_r": fingers,
    }
    roots = {"neck_base": (0.0, 102.0), "elbow_r": _along(wrist, forearm + 180.0, 75.0)}
    _mirror_chain(angles, roots)
    return keyframe(angles, roots, {"lids": lids, "breath": 0.0})


def _eye_palming() -> Demonstration:
    """Both hands cupped over closed eyes, fingers crossing on the forehead."""
    head = (0.0, 102.0 - 42.0 - 50.0)
    eye = (head[0] - EYE_OFFSET[0], head[1] + EYE_OFFSET[1])
    palm = -76.0
    wrist = _along(eye, palm + 180.0, 13.0)
    neutral = _palming_pose((-44.0, 86.0), -96.0, -92.0, -62.0, 0.0)
    position = _palming_pose(wrist, palm, -52.0, -74.0, 1.0)
    return Demonstration(
        "eye-palming",
        View.FACE,
        FACE_FRONT,
        neutral,
        position,
        (-80.0, -46.0, 160.0, 140.0),
        (),
        ("palm_r", "fingers_r", "palm_l", "fingers_l"),
        _breathing(position, 1.2, "neck_base"),
        6.0,
        one_sided=False,
    )


FACE_SIDE = Skeleton(
    "face in profile",
    (
        Bone("neck_base", None, 0.0, kind="none"),
        Bone("back", "neck_base", 30.0, 40.0),
        Bone("neck", "neck_base", 40.0, 27.0),
        Bone("head", "neck", 40.0, 32.0, kind="head"),
        Bone("eye", "head", 19.0, kind="none"),
        Bone("nose", "head", 33.0, kind="none"),
        Bone("focus", None, 0.0, kind="none"),
    ),
)
HORIZON_Y = 18.0


def _far_look() -> Demonstration:
    """In profile: the eyes lift from a near screen to the far horizon and rest there."""

    def look(head: float, focus: Point, lids: float) -> Keyframe:
        return keyframe(
            {"back": 125.0, "neck": -80.0, "head": head, "eye": head + 76.0, "nose": head + 95.0},
            {"neck_base": (-78.0, 100.0), "focus": focus},
            {"lids": lids, "breath": 0.0},
        )

    neutral = look(-68.0, (-12.0, 52.0), 0.35)
    position = look(-86.0, (118.0, HORIZON_Y - 1.0), 0.0)
    return Demonstration(
        "far-look",
        View.FACE,
        FACE_SIDE,
        neutral,
        position,
        (-120.0, -34.0, 250.0, 134.0),
        (
            Prop("screen", (-22.0, 30.0, 7.0, 44.0)),
            Prop("horizon", (10.0, HORIZON_Y, 400.0, 300.0)),
        ),
        ("eye",),
        _breathing(position, 1.0, "neck_base"),
        6.0,
        one_sided=False,
    )


# --- the table -----------------------------------------------------------------------------


@cache
def demonstrations() -> dict[str, Demonstration]:
    """Every stretch's demonstration, by stretch id (built once)."""
    neck_tilt = updated(FRONT_NEUTRAL, angles={"neck": -112.0, "head": -126.0})
    shoulders_up = updated(FRONT_NEUTRAL, angles={"shoulder_r": 206.0, "shoulder_l": -26.0,
                                                  "elbow_r": 98.0, "elbow_l": 82.0})  # fmt: skip
    shoulders_top = updated(shoulders_up, angles={"shoulder_r": 218.0, "shoulder_l": -38.0},
                            extras={"breath": 1.0})  # fmt: skip
    table = (
        _front("neck-turn", updated(FRONT_NEUTRAL, extras={"yaw": -0.85}), ("neck", "head")),
        _front("neck-tilt", neck_tilt, ("neck", "head")),
        _front(
            "shoulder-roll",
            shoulders_up,
            ("shoulder_r", "shoulder_l"),
            one_sided=False,
            breath=shoulders_top,
            period=6.0,
        ),
        _front(
            "arm-across-chest",
            _arm_across(),
            ("elbow_r", "wrist_r", "hand_r"),
            (-50.0, 2.0, 100.0, 108.0),
        ),
        _wrist("wrist-flexion", 68.0, -1, (-22.0, -8.0)),
        _wrist("wrist-extension", -68.0, 1, (-22.0, -40.0)),
        _thumb_palm(),
        _calf_wall(),
        _calf_seated(),
        _far_look(),
        _eye_palming(),
    )
    return {demo.stretch: demo for demo in table}


def demonstration_for(stretch: str) -> Demonstration:
    """The demonstration of a stretch id; a KeyError names the known ones."""
    try:
        return demonstrations()[stretch]
    except KeyError:
        known = ", ".join(demonstrations())
        raise KeyError(f"no demonstration for {stretch!r}; known: {known}") from None


def pose_at(
    stretch: str,
    side: Side | None,
    phase_time: float,
    ease_in: float,
    hold: float,
    ease_out: float,
) -> Pose:
    """The demonstration of ``stretch`` ``phase_time`` seconds into its step."""
    demo = demonstration_for(stretch)
    reach, breath = reach_and_breath(phase_time, ease_in, hold, ease_out, period=demo.breath_period)
    return pose_of(demo, side, reach, breath)
