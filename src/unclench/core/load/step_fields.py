"""The checks of single step fields that need more than a type: placeholders in texts,
targets from the body vocabulary, chime names, and sound/image paths kept inside the
routine's folder. Pure: paths are checked by arithmetic, never by touching the disk.
"""

from __future__ import annotations

import re

import yaml

from unclench.core import body
from unclench.core.load.problems import Problems, did_you_mean
from unclench.core.load.typed_values import ValueReader
from unclench.core.load.yaml_guard import BOOL
from unclench.core.media import PATH_FIX, RefusedPath, clean_media_path
from unclench.core.phases import Target
from unclench.core.routine import CHIMES, PLACEHOLDERS, Phase

_VOCABULARIES = {Target.MUSCLE_GROUP: body.MUSCLE_GROUPS, Target.STRETCH: body.STRETCHES}
_WITH_TARGET = [phase.value for phase in Phase if phase.facts.target is not None]


def phase_step(phase: Phase) -> str:
    """ "an inhale step", "a hold step": for messages."""
    article = "an" if phase.value[0] in "aeiou" else "a"
    return f"{article} {phase.value} step"


_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def check_placeholders(
    problems: Problems, node: yaml.Node, field: str, text: str | None, in_repeat: bool
) -> None:
    """Only {cycle}, {cycles} and {side}; the first two only inside a repeat."""
    for match in _PLACEHOLDER.finditer(text or ""):
        name = match.group(1)
        if name not in PLACEHOLDERS:
            problems.add(
                node,
                field,
                f"unknown placeholder {{{name}}}",
                did_you_mean(name, PLACEHOLDERS).replace("'", "")
                + " (placeholders are {cycle}, {cycles} and {side})",
            )
        elif name != "side" and not in_repeat:
            problems.add(
                node,
                field,
                f"{{{name}}} is only known inside a repeat block",
                "move the step into a repeat, or write the number out",
            )


def read_target(
    values: ValueReader, item: yaml.Node, node: yaml.Node | None, field: str, phase: Phase
) -> str | None:
    """The muscle group or stretch id: required on tense/release/stretch, refused elsewhere."""
    problems = values.problems
    target = phase.facts.target
    if target is None:
        if node is not None:
            problems.add(
                node,
                f"{field}.target",
                f"{phase_step(phase)} has no target",
                f"remove `target:` (only {', '.join(_WITH_TARGET[:-1])} and {_WITH_TARGET[-1]}"
                " steps have one)",
            )
        return None
    if node is None:
        problems.add(
            item,
            field,
            f"{phase_step(phase)} needs a target",
            f"add `target: …` naming the {target}",
        )
        return None
    table = _VOCABULARIES[target]
    word = values.text(node, f"{field}.target")
    if word is not None and word not in table:
        problems.add(
            node,
            f"{field}.target",
            f"unknown target {word!r} for {phase_step(phase)}",
            did_you_mean(word, table),
        )
        return None
    return word


def read_chime(
    values: ValueReader, node: yaml.Node | None, field: str, phase: Phase, chimes: bool
) -> str | None:
    """Omitted: the phase's default chime if the routine has chimes; false: none; a name."""
    problems = values.problems
    if node is None:
        return phase.facts.chime if chimes else None
    if (
        isinstance(node, yaml.ScalarNode)
        and node.tag == BOOL
        and node.value.lower() in ("false", "no", "off")
    ):
        return None
    word = values.text(node, field)
    if word is None:
        return None
    if word not in CHIMES:
        problems.add(
            node,
            field,
            f"unknown chime {word!r}",
            did_you_mean(word, CHIMES) + " (or false for none)",
        )
        return None
    return word


def read_media(values: ValueReader, node: yaml.Node | None, field: str) -> str | None:
    """A path inside the routine's folder, or ``assets/…`` (the app's own), kept as written
    once normalised (``core.media``: arithmetic only; ``unclench.media`` finds the file)."""
    if node is None:
        return None
    raw = values.text(node, field)
    if raw is None:
        return None
    try:
        return clean_media_path(raw).as_posix()
    except RefusedPath as refused:
        values.problems.add(node, field, str(refused), PATH_FIX)
        return None
