"""The fixed vocabulary of visual targets: muscle groups (tense/release) and stretches.

A routine names a target by id; the loader checks the id against these tables (with "did
you mean"), and the body map lights up the target's regions. Regions are the drawable parts
of the body figure, seen from the front: the user's right side is drawn on the viewer's left,
like a mirror. The routine files name sides by role ("dominant-hand", "non-dominant-leg",
as the spoken prompts do); the user's handedness (a setting) decides at display which side
that is: ``regions_for`` lights it and ``display_name`` says "Right hand and forearm" or
"Left hand and forearm". The tables below draw "dominant" as the right side.
Pure data, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass

# Drawable regions of the body figure.
REGIONS: tuple[str, ...] = (
    "forehead",
    "eyes",
    "jaw",
    "neck",
    "shoulders",
    "chest",
    "abdomen",
    "upper-arm-right",
    "upper-arm-left",
    "forearm-right",
    "forearm-left",
    "hand-right",
    "hand-left",
    "thigh-right",
    "thigh-left",
    "calf-right",
    "calf-left",
    "foot-right",
    "foot-left",
)


HANDEDNESS: tuple[str, ...] = ("right", "left")
"""The values of the handedness setting: which side is the user's dominant one."""
DEFAULT_HANDEDNESS = "right"


@dataclass(frozen=True)
class Target:
    """A muscle group or stretch: its id, the name shown on screen, and regions to light.

    ``role`` is "dominant" or "other" for a group whose side the user's handedness decides
    (its regions and name are given for a right-handed user), else None; ``part`` is then the
    words after the side, e.g. "hand and forearm"."""

    id: str
    name: str
    regions: tuple[str, ...]
    role: str | None = None
    part: str = ""
    how_to: str = ""
    """A stretch's short how-to line, shown on its card through the hold."""
    heading: str = "Stretch"
    """What the card calls the step: "Stretch", or "Rest your eyes" for eye exercises."""


def _t(id_: str, name: str, *regions: str, how_to: str = "", heading: str = "Stretch") -> Target:
    for region in regions:
        assert region in REGIONS, region
    role, part = None, ""
    if id_.startswith("dominant-") and name.startswith("Dominant "):
        role, part = "dominant", name.removeprefix("Dominant ")
    elif id_.startswith("non-dominant-") and name.startswith("Other "):
        role, part = "other", name.removeprefix("Other ")
    return Target(id_, name, regions, role, part, how_to, heading)


_EYES = "Rest your eyes"


_R, _L = "right", "left"

MUSCLE_GROUPS: dict[str, Target] = {
    t.id: t
    for t in (
        # 16-group form
        _t("dominant-hand", "Dominant hand and forearm", f"hand-{_R}", f"forearm-{_R}"),
        _t("dominant-biceps", "Dominant upper arm", f"upper-arm-{_R}"),
        _t("non-dominant-hand", "Other hand and forearm", f"hand-{_L}", f"forearm-{_L}"),
        _t("non-dominant-biceps", "Other upper arm", f"upper-arm-{_L}"),
        _t("forehead", "Forehead", "forehead"),
        _t("upper-face", "Upper cheeks and nose", "eyes"),
        _t("jaw", "Lower cheeks and jaw", "jaw"),
        _t("neck", "Neck and throat", "neck"),
        _t("chest-shoulders-back", "Chest, shoulders and upper back", "chest", "shoulders"),
        _t("abdomen", "Abdomen", "abdomen"),
        _t("dominant-thigh", "Dominant thigh", f"thigh-{_R}"),
        _t("dominant-calf", "Dominant calf", f"calf-{_R}"),
        _t("dominant-foot", "Dominant foot", f"foot-{_R}"),
        _t("non-dominant-thigh", "Other thigh", f"thigh-{_L}"),
        _t("non-dominant-calf", "Other calf", f"calf-{_L}"),
        _t("non-dominant-foot", "Other foot", f"foot-{_L}"),
        # 7-group form
        _t("dominant-arm", "Dominant arm", f"hand-{_R}", f"forearm-{_R}", f"upper-arm-{_R}"),
        _t("non-dominant-arm", "Other arm", f"hand-{_L}", f"forearm-{_L}", f"upper-arm-{_L}"),
        _t("face", "Face", "forehead", "eyes", "jaw"),
        _t(
            "chest-shoulders-back-abdomen",
            "Chest, shoulders, back and abdomen",
            "chest",
            "shoulders",
            "abdomen",
        ),
        _t("dominant-leg", "Dominant leg", f"thigh-{_R}", f"calf-{_R}", f"foot-{_R}"),
        _t("non-dominant-leg", "Other leg", f"thigh-{_L}", f"calf-{_L}", f"foot-{_L}"),
        # Twitch areas and both-sides groups
        _t("eyes", "Eyes and eyelids", "eyes"),
        _t("shoulders", "Shoulders", "shoulders"),
        _t("hands", "Both hands", "hand-right", "hand-left", "forearm-right", "forearm-left"),
        _t("calves", "Both calves", "calf-right", "calf-left"),
        _t("feet", "Both feet", "foot-right", "foot-left"),
    )
}

STRETCHES: dict[str, Target] = {
    t.id: t
    for t in (
        _t(
            "neck-turn",
            "Neck turn",
            "neck",
            how_to="Turn your head slowly to the side. Keep your shoulders still.",
        ),
        _t(
            "neck-tilt",
            "Neck side tilt",
            "neck",
            "shoulders",
            how_to="Tilt your ear toward your shoulder. Let the other shoulder stay low.",
        ),
        _t(
            "shoulder-roll",
            "Shoulder roll",
            "shoulders",
            how_to="Lift your shoulders toward your ears, then let them roll back and down.",
        ),
        _t(
            "arm-across-chest",
            "Arm across the chest",
            "shoulders",
            "upper-arm-right",
            "upper-arm-left",
            how_to="Bring one straight arm across your chest. Hold it above the elbow.",
        ),
        _t(
            "wrist-flexion",
            "Wrist flexion",
            "forearm-right",
            "forearm-left",
            "hand-right",
            "hand-left",
            how_to="Arm out, palm down. With the other hand, gently bend the fingers down.",
        ),
        _t(
            "wrist-extension",
            "Wrist extension",
            "forearm-right",
            "forearm-left",
            "hand-right",
            "hand-left",
            how_to="Arm out, palm forward, fingers up. Gently draw the fingers back.",
        ),
        _t(
            "thumb-palm",
            "Thumb across the palm",
            "hand-right",
            "hand-left",
            how_to="Bend your thumb across your palm, toward the base of your little finger.",
        ),
        _t(
            "calf-wall",
            "Calf stretch at a wall",
            "calf-right",
            "calf-left",
            how_to="Hands on the wall, one foot back, heel down. Lean in, back straight.",
        ),
        _t(
            "calf-seated",
            "Seated calf stretch",
            "calf-right",
            "calf-left",
            "foot-right",
            "foot-left",
            how_to="Sit with one leg straight out, heel down. Gently pull the foot toward you.",
        ),
        _t(
            "far-look",
            "Look into the distance (20-20-20)",
            "eyes",
            how_to="Look at something about 20 feet (6 metres) away. Let your eyes rest there.",
            heading=_EYES,
        ),
        _t(
            "eye-palming",
            "Eye palming",
            "eyes",
            "hand-right",
            "hand-left",
            how_to="Cup your warm hands over your closed eyes, with no pressure on them.",
            heading=_EYES,
        ),
    )
}


def target_for(target_id: str) -> Target | None:
    """Look an id up in either table (muscle groups first)."""
    return MUSCLE_GROUPS.get(target_id) or STRETCHES.get(target_id)


def _checked(handedness: str) -> str:
    if handedness not in HANDEDNESS:
        raise ValueError(f"handedness must be one of {', '.join(HANDEDNESS)}, not {handedness!r}")
    return handedness


def side_of(target: Target, handedness: str) -> str | None:
    """The side ("right" or "left") a handed group is on for this user, None if unhanded."""
    if target.role is None:
        return None
    dominant = _checked(handedness)
    if target.role == "dominant":
        return dominant
    return "left" if dominant == "right" else "right"


def _mirrored(region: str) -> str:
    if region.endswith("-right"):
        return region.removesuffix("-right") + "-left"
    if region.endswith("-left"):
        return region.removesuffix("-left") + "-right"
    return region


def regions_for(target: Target, handedness: str) -> tuple[str, ...]:
    """The regions to light for this user: a handed group on a left-handed user's sides is
    the mirror of the table's (which is drawn for a right-handed user)."""
    if target.role is None or _checked(handedness) == "right":
        return target.regions
    return tuple(_mirrored(r) for r in target.regions)


def display_name(target: Target, handedness: str) -> str:
    """The name on screen: a handed group says its side ("Left arm"), never "Dominant"."""
    side = side_of(target, handedness)
    return target.name if side is None else f"{side.capitalize()} {target.part}"


def side_labels(handedness: str) -> tuple[str, str]:
    """The words beside the figure's hands, (viewer's left, viewer's right): the user's right
    hand is on the viewer's left (a mirror), and the dominant one says so, tying the spoken
    "dominant" to a side."""
    if _checked(handedness) == "right":
        return ("right (dominant)", "left")
    return ("right", "left (dominant)")
