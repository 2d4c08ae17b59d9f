"""The pose model behind a stretch's demonstration: a 2-D skeleton, keyframes, easing in
time, a gentle breathing hold, and mirroring for the side.

A ``Skeleton`` is a list of bones, each a joint with a parent and a fixed length; roots
(no parent) are placed by the keyframe. A ``Keyframe`` gives every bone's *absolute*
direction in degrees (0 points right, 90 down: screen coordinates, y grows downward),
every root's position, and a few named scalars (``extras``: how far the head is turned,
whether the eyes are closed). Forward kinematics turns a keyframe into joint positions, so
no animation can ever stretch a limb: only directions and root positions are interpolated.

A step is ``ease_in`` seconds moving from the neutral keyframe into the position, ``hold``
seconds in it (a slow rise and fall, whole cycles, so the hold starts and ends exactly on
the position), and ``ease_out`` seconds back to neutral. The data for each stretch lives
in ``core/pose_library.py``. Pure: no pygame, no clock; time is a parameter.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

from unclench.core.routine import Side

Point = tuple[float, float]


class View(StrEnum):
    """How a demonstration is framed."""

    FRONT = "front"  # the whole figure, facing the viewer (a mirror: its right on the left)
    SIDE = "side"  # the whole figure in profile, with a wall or a chair
    HAND = "hand"  # a close-up of the forearm and hand
    FACE = "face"  # a close-up of the head


class Segment(StrEnum):
    """What the step is doing at a moment; the card's heading."""

    EASE_IN = "Ease in"
    HOLD = "Hold"
    RELEASE = "Release"


@dataclass(frozen=True)
class Bone:
    """A joint, the bone leading to it from ``parent`` (None: a root), and how it is drawn:
    ``kind`` "limb" (a rounded capsule ``width`` across), "head" (a circle of radius
    ``width`` at the joint), or "none" (structure only)."""

    name: str
    parent: str | None
    length: float
    width: float = 0.0
    kind: str = "limb"
    behind: bool = False
    """Drawn before every other bone (a neck: the torso and head overlap its ends)."""


@dataclass(frozen=True)
class Skeleton:
    name: str
    bones: tuple[Bone, ...]  # parents before children
    fills: tuple[tuple[tuple[str, ...], float], ...] = ()
    """Filled shapes through joints (a palm): the joints' names and a corner radius."""

    def bone(self, name: str) -> Bone:
        for bone in self.bones:
            if bone.name == name:
                return bone
        raise KeyError(f"no bone {name!r} in skeleton {self.name!r}")


@dataclass(frozen=True)
class Keyframe:
    """Absolute bone directions (degrees), root positions and named scalars."""

    angles: tuple[tuple[str, float], ...]
    roots: tuple[tuple[str, Point], ...]
    extras: tuple[tuple[str, float], ...] = ()

    def angle(self, name: str) -> float:
        return dict(self.angles)[name]


def keyframe(
    angles: dict[str, float], roots: dict[str, Point], extras: dict[str, float] | None = None
) -> Keyframe:
    """A keyframe from dicts (sorted, so equal keyframes compare equal)."""
    return Keyframe(
        tuple(sorted(angles.items())),
        tuple(sorted(roots.items())),
        tuple(sorted((extras or {}).items())),
    )


def updated(
    base: Keyframe,
    angles: dict[str, float] | None = None,
    roots: dict[str, Point] | None = None,
    extras: dict[str, float] | None = None,
) -> Keyframe:
    """``base`` with some angles, roots or extras replaced."""
    return keyframe(
        {**dict(base.angles), **(angles or {})},
        {**dict(base.roots), **(roots or {})},
        {**dict(base.extras), **(extras or {})},
    )


@dataclass(frozen=True)
class Prop:
    """A calm background object: "wall", "floor", "chair", "horizon", "screen"; a box in
    model units (left, top, width, height)."""

    kind: str
    box: tuple[float, float, float, float]


@dataclass(frozen=True)
class Demonstration:
    """One stretch's demonstration, drawn for the right side (or for both at once);
    ``lit`` bones are the moving part, drawn in the stretch colour."""

    stretch: str
    view: View
    skeleton: Skeleton
    neutral: Keyframe
    position: Keyframe
    frame: tuple[float, float, float, float]  # the model-unit box to show
    props: tuple[Prop, ...] = ()
    lit: tuple[str, ...] = ()
    breath: Keyframe | None = None  # the held pose at the top of a breath (default: position)
    breath_period: float = 5.0  # seconds per rise and fall while holding
    one_sided: bool = True


@dataclass(frozen=True)
class Pose:
    """Where every joint is at one moment (model units), ready to draw."""

    stretch: str
    view: View
    skeleton: Skeleton
    joints: tuple[tuple[str, Point], ...]
    extras: tuple[tuple[str, float], ...]
    props: tuple[Prop, ...]
    frame: tuple[float, float, float, float]
    lit: tuple[str, ...]
    mirrored: bool

    def at(self, name: str) -> Point:
        return dict(self.joints)[name]

    def extra(self, name: str, default: float = 0.0) -> float:
        return dict(self.extras).get(name, default)


# --- time ----------------------------------------------------------------------------------


def ease(x: float) -> float:
    """Cosine ease in and out: 0 at 0, 1 at 1, with zero speed at both ends."""
    x = min(1.0, max(0.0, x))
    return (1.0 - math.cos(math.pi * x)) / 2.0


def step_timing(duration: float) -> tuple[float, float, float]:
    """(ease_in, hold, ease_out) seconds for a stretch step of ``duration`` seconds: a calm
    move in (up to 3 s, a fifth of the step), out (up to 2.5 s), the rest held."""
    d = max(0.0, duration)
    ease_in = min(3.0, 0.2 * d)
    ease_out = min(2.5, 0.15 * d)
    return ease_in, max(0.0, d - ease_in - ease_out), ease_out


def segment_at(t: float, ease_in: float, hold: float) -> Segment:
    """What the step is doing ``t`` seconds in."""
    if t < ease_in:
        return Segment.EASE_IN
    if t < ease_in + hold:
        return Segment.HOLD
    return Segment.RELEASE


def reach_and_breath(
    t: float, ease_in: float, hold: float, ease_out: float, period: float = 5.0
) -> tuple[float, float]:
    """How far into the position the figure is (0 neutral .. 1 held) and how far up a
    breath it is (0..1), ``t`` seconds into a step. Continuous in ``t``: the hold holds a
    whole number of breaths, so it starts and ends on the resting position."""
    if t <= 0.0:
        return 0.0, 0.0
    if t < ease_in:
        return ease(t / ease_in), 0.0
    into = t - ease_in
    if into < hold:
        breaths = max(1, round(hold / period))
        return 1.0, (1.0 - math.cos(math.tau * breaths * into / hold)) / 2.0
    out = into - hold
    if ease_out <= 0.0 or out >= ease_out:
        return 0.0, 0.0
    return 1.0 - ease(out / ease_out), 0.0


# --- geometry ------------------------------------------------------------------------------


def blend(a: Keyframe, b: Keyframe, k: float) -> Keyframe:
    """The keyframe ``k`` of the way from ``a`` to ``b`` (angles, roots and extras linear;
    anything only one of them names is kept as it is)."""
    if k <= 0.0:
        return a
    if k >= 1.0:
        return b

    def mix_scalars(
        x: tuple[tuple[str, float], ...], y: tuple[tuple[str, float], ...]
    ) -> dict[str, float]:
        dx, dy = dict(x), dict(y)
        out = {**dy, **dx}
        for name in dx.keys() & dy.keys():
            out[name] = dx[name] + (dy[name] - dx[name]) * k
        return out

    ra, rb = dict(a.roots), dict(b.roots)
    roots = {**rb, **ra}
    for name in ra.keys() & rb.keys():
        (x1, y1), (x2, y2) = ra[name], rb[name]
        roots[name] = (x1 + (x2 - x1) * k, y1 + (y2 - y1) * k)
    return keyframe(mix_scalars(a.angles, b.angles), roots, mix_scalars(a.extras, b.extras))


def solve(skeleton: Skeleton, frame: Keyframe) -> dict[str, Point]:
    """Forward kinematics: each joint sits ``length`` from its parent along its direction."""
    angles, roots = dict(frame.angles), dict(frame.roots)
    joints: dict[str, Point] = {}
    for bone in skeleton.bones:
        if bone.parent is None:
            joints[bone.name] = roots[bone.name]
            continue
        px, py = joints[bone.parent]
        a = math.radians(angles[bone.name])
        joints[bone.name] = (px + bone.length * math.cos(a), py + bone.length * math.sin(a))
    return joints


def swap_side(name: str) -> str:
    """``elbow_r`` ↔ ``elbow_l``; other names unchanged."""
    if name.endswith("_r"):
        return name[:-2] + "_l"
    if name.endswith("_l"):
        return name[:-2] + "_r"
    return name


MIRRORED_EXTRAS = frozenset({"yaw"})
"""Extras that change sign in a mirror (a head turned to the viewer's left turns right)."""


def mirror_keyframe(frame: Keyframe) -> Keyframe:
    """The same keyframe reflected about x = 0, right and left swapped."""
    return keyframe(
        {swap_side(n): 180.0 - a for n, a in frame.angles},
        {swap_side(n): (-x, y) for n, (x, y) in frame.roots},
        {swap_side(n): (-v if n in MIRRORED_EXTRAS else v) for n, v in frame.extras},
    )


def mirror_box(box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    left, top, width, height = box
    return (-left - width, top, width, height)


def pose_of(demo: Demonstration, side: Side | None, reach: float, breath: float) -> Pose:
    """The pose ``reach`` of the way into the position and ``breath`` up a breath, for
    ``side`` (a one-sided demonstration drawn for the right side is mirrored for the left)."""
    frame = blend(demo.neutral, demo.position, reach)
    if breath > 0.0 and demo.breath is not None:
        frame = blend(frame, demo.breath, breath)
    mirrored = demo.one_sided and side is Side.LEFT
    if mirrored:
        frame = mirror_keyframe(frame)
    props = demo.props
    if mirrored:
        props = tuple(Prop(p.kind, mirror_box(p.box)) for p in props)
    joints = solve(demo.skeleton, frame)
    return Pose(
        stretch=demo.stretch,
        view=demo.view,
        skeleton=demo.skeleton,
        joints=tuple(joints.items()),
        extras=frame.extras,
        props=props,
        frame=mirror_box(demo.frame) if mirrored else demo.frame,
        lit=tuple(swap_side(n) for n in demo.lit) if mirrored else demo.lit,
        mirrored=mirrored,
    )


def bone_lengths(pose: Pose) -> dict[str, float]:
    """The distance from every non-root joint to its parent (for checking)."""
    joints = dict(pose.joints)
    out: dict[str, float] = {}
    for bone in pose.skeleton.bones:
        if bone.parent is not None:
            (x1, y1), (x2, y2) = joints[bone.parent], joints[bone.name]
            out[bone.name] = math.hypot(x2 - x1, y2 - y1)
    return out
