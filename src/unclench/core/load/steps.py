"""Reading the ``steps:`` list into Steps and Repeats: the phase key, the duration and its
bounds, texts, and repeat counts. Field checks live in step_fields.py, whole-routine
limits in limits.py. Pure.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml

from unclench.core.load.limits import MAX_REPEAT_DEPTH, TIMES_LIMITS
from unclench.core.load.problems import Problems, did_you_mean
from unclench.core.load.step_fields import (
    check_placeholders,
    phase_step,
    read_chime,
    read_media,
    read_target,
)
from unclench.core.load.typed_values import ValueReader
from unclench.core.routine import Block, Duration, Phase, Repeat, Side, Step, Unit

PHASES = tuple(str(p.value) for p in Phase)
STEP_KEYS = (
    "counts",
    "seconds",
    "caption",
    "target",
    "side",
    "chime",
    "count_aloud",
    "sound",
    "image",
)
REPEAT_KEYS = ("times", "min", "max", "label", "steps")


@dataclass(frozen=True)
class Context:
    """What a step needs from around it: the default tempo (for bounds), whether steps get
    their phase's chime by default, the line of the enclosing repeat, and repeat depth."""

    tempo: float
    chimes: bool
    repeat_line: int | None
    depth: int


class StepsReader:
    """Builds Steps and Repeats from the ``steps`` node, recording problems as it goes."""

    def __init__(self, values: ValueReader) -> None:
        self.values = values
        self.problems: Problems = values.problems

    def blocks(self, node: yaml.Node, field: str, ctx: Context) -> tuple[Block, ...]:
        if not isinstance(node, yaml.SequenceNode):
            self.values.wrong_type(node, field, "a list of steps", "start each step with '- '")
            return ()
        if not node.value:
            self.problems.add(node, field, "the list of steps is empty", "add at least one step")
            return ()
        built: list[Block] = []
        for index, item in enumerate(node.value):
            path = f"{field}[{index}]"
            block: Block | None
            if isinstance(item, yaml.MappingNode) and any(
                k.value == "repeat" for k, _ in item.value
            ):
                block = self.repeat(item, path, ctx)
            else:
                block = self.step(item, path, ctx)
            if block is not None:
                built.append(block)
        return tuple(built)

    # -- repeat blocks -----------------------------------------------------------------------

    def repeat(self, item: yaml.MappingNode, field: str, ctx: Context) -> Repeat | None:
        """``- repeat: {times, min, max, label, steps}``: the cycle counts in range, min and
        max together, and the nested steps one level deeper."""
        misplaced = self._keys_beside_repeat(item, field)
        node = {str(k.value): v for k, v in item.value if k.value == "repeat"}["repeat"]
        field += ".repeat"
        if ctx.depth + 1 > MAX_REPEAT_DEPTH:
            self.problems.add(
                node,
                field,
                f"repeats are nested more than {MAX_REPEAT_DEPTH} deep",
                "flatten the routine",
            )
            return None
        required = [name for name in ("times", "steps") if name not in misplaced]
        fields = self.values.keys(node, field, REPEAT_KEYS, required)
        times, minimum, maximum = self._cycle_counts(fields, field)
        self._check_cycle_range(fields, field, times, minimum, maximum)
        label = self.values.text(fields["label"], f"{field}.label") if "label" in fields else None
        line = node.start_mark.line + 1
        steps: tuple[Block, ...] = ()
        if "steps" in fields:
            inner = Context(ctx.tempo, ctx.chimes, line, ctx.depth + 1)
            steps = self.blocks(fields["steps"], f"{field}.steps", inner)
        if times is None or not steps:
            return None
        if "min" not in fields and "max" not in fields:
            minimum = maximum = times
        if minimum is None or maximum is None:
            return None
        return Repeat(steps, times, minimum, maximum, label, line)

    def _keys_beside_repeat(self, item: yaml.MappingNode, field: str) -> list[str]:
        """Report keys written next to ``repeat:`` instead of inside it (returned, so they
        are not also reported missing) and keys that belong nowhere."""
        misplaced = [key for key, _ in item.value if key.value in REPEAT_KEYS]
        for key in misplaced:
            self.problems.add(
                key,
                f"{field}.{key.value}",
                f"{key.value!r} belongs inside the repeat",
                "indent it under `repeat:`",
            )
        for key, _ in item.value:
            if key.value != "repeat" and key.value not in REPEAT_KEYS:
                self.problems.add(
                    key,
                    f"{field}.{key.value}",
                    f"unknown key {key.value!r} next to `repeat:`",
                    "a repeat block holds only `repeat:`; put its keys inside it",
                )
        return [str(key.value) for key in misplaced]

    def _cycle_counts(
        self, fields: dict[str, yaml.Node], field: str
    ) -> tuple[int | None, int | None, int | None]:
        """``times``, ``min`` and ``max``, each None when absent or out of TIMES_LIMITS."""
        low, high = TIMES_LIMITS
        counts: dict[str, int | None] = {}
        for name in ("times", "min", "max"):
            if name not in fields:
                continue
            value = self.values.integer(fields[name], f"{field}.{name}")
            if value is not None and not low <= value <= high:
                self.problems.add(
                    fields[name],
                    f"{field}.{name}",
                    f"{value} cycles is out of range",
                    f"use {low}–{high}",
                )
                value = None
            counts[name] = value
        return counts.get("times"), counts.get("min"), counts.get("max")

    def _check_cycle_range(
        self,
        fields: dict[str, yaml.Node],
        field: str,
        times: int | None,
        minimum: int | None,
        maximum: int | None,
    ) -> None:
        """``min`` and ``max`` come together, and ``times`` lies between them."""
        if ("min" in fields) != ("max" in fields):
            present = "min" if "min" in fields else "max"
            self.problems.add(
                fields[present],
                f"{field}.{present}",
                "min and max come together",
                "give both, or neither",
            )
        elif (
            times is not None
            and minimum is not None
            and maximum is not None
            and not minimum <= times <= maximum
        ):
            self.problems.add(
                fields["times"],
                f"{field}.times",
                f"times {times} is not within min {minimum} and max {maximum}",
                "make min ≤ times ≤ max",
            )

    # -- steps -------------------------------------------------------------------------------

    def step(self, item: yaml.Node, field: str, ctx: Context) -> Step | None:
        """One step: exactly one phase key (its value is the spoken prompt), a duration in
        the phase's bounds, and the optional fields of STEP_KEYS."""
        if not isinstance(item, yaml.MappingNode):
            self.values.wrong_type(
                item, field, "a step (a mapping such as `inhale: Breathe in` and `counts: 4`)"
            )
            return None
        phases, fields = self._step_keys(item, field)
        if phases is None:
            return None
        phase, say_node = phases
        inside = ctx.repeat_line is not None
        say, caption = self._texts(say_node, fields, field, phase, inside)
        duration = self._duration(item, fields, field, phase, ctx)
        target = read_target(self.values, item, fields.get("target"), field, phase)
        side = self._side(fields, field)
        chime = read_chime(self.values, fields.get("chime"), f"{field}.chime", phase, ctx.chimes)
        count_aloud = self._count_aloud(fields, field)
        sound = read_media(self.values, fields.get("sound"), f"{field}.sound")
        image = read_media(self.values, fields.get("image"), f"{field}.image")
        if duration is None:
            return None
        return Step(
            phase,
            duration,
            say,
            caption,
            target,
            side,
            chime,
            count_aloud,
            sound,
            image,
            item.start_mark.line + 1,
            item.start_mark.column + 1,
        )

    def _step_keys(
        self, item: yaml.MappingNode, field: str
    ) -> tuple[tuple[Phase, yaml.Node] | None, dict[str, yaml.Node]]:
        """The step's phase key and value (None, reported, when it has none) and its other
        known fields; a second phase key and unknown keys are reported."""
        fields: dict[str, yaml.Node] = {}
        phase: tuple[Phase, yaml.Node] | None = None
        unknown = False
        for key, value in item.value:
            name = str(key.value) if isinstance(key, yaml.ScalarNode) else ""
            if name in PHASES and phase is not None:
                first = phase[1].start_mark.line + 1
                self.problems.add(
                    key,
                    f"{field}.{name}",
                    f"a second phase key (after {phase[0].value!r} on line {first})",
                    "a step has exactly one phase: split it into two steps",
                )
            elif name in PHASES:
                phase = (Phase(name), value)
            elif name in STEP_KEYS:
                fields.setdefault(name, value)
            elif isinstance(key, yaml.ScalarNode):
                unknown = True
                self.problems.add(
                    key,
                    f"{field}.{name}",
                    f"unknown key {name!r}",
                    did_you_mean(name, (*PHASES, *STEP_KEYS, "repeat")),
                )
        if phase is None and not unknown:  # an unknown key is likely the misspelt phase
            self.problems.add(
                item,
                field,
                "the step has no phase key",
                "start it with one of: " + ", ".join(PHASES),
            )
        return phase, fields

    def _texts(
        self,
        say_node: yaml.Node,
        fields: dict[str, yaml.Node],
        field: str,
        phase: Phase,
        inside: bool,
    ) -> tuple[str | None, str | None]:
        """The spoken prompt (the phase key's value, may be null) and the caption, with
        their placeholders checked (``inside``: the step is in a repeat)."""
        path = f"{field}.{phase.value}"
        say = self.values.text(say_node, path, allow_null=True)
        check_placeholders(self.problems, say_node, path, say, inside)
        if "caption" not in fields:
            return say, None
        caption = self.values.text(fields["caption"], f"{field}.caption")
        if caption is not None:
            check_placeholders(
                self.problems, fields["caption"], f"{field}.caption", caption, inside
            )
        return say, caption

    def _side(self, fields: dict[str, yaml.Node], field: str) -> Side | None:
        if "side" not in fields:
            return None
        word = self.values.text(fields["side"], f"{field}.side")
        return self.values.choice(fields["side"], f"{field}.side", word, Side) if word else None

    def _count_aloud(self, fields: dict[str, yaml.Node], field: str) -> bool | None:
        if "count_aloud" not in fields:
            return None
        return self.values.flag(fields["count_aloud"], f"{field}.count_aloud", default=False)

    def _duration(
        self, item: yaml.Node, fields: dict[str, yaml.Node], field: str, phase: Phase, ctx: Context
    ) -> Duration | None:
        given = [unit for unit in Unit if unit.value in fields]
        if not given:
            self.problems.add(
                item,
                field,
                "the step has no duration",
                "add `counts: N` (scaled by the tempo) or `seconds: N`",
            )
            return None
        if len(given) == 2:
            self.problems.add(
                fields["seconds"],
                f"{field}.seconds",
                "a step has either counts or seconds, not both",
                "remove one of them",
            )
            return None
        unit = given[0]
        amount = self.values.number(fields[unit.value], f"{field}.{unit.value}")
        if amount is None:
            return None
        duration = Duration(amount, unit)
        low, high = phase.facts.seconds
        seconds = duration.seconds(ctx.tempo)
        if not low <= seconds <= high:
            at = f" at tempo {ctx.tempo:g}" if unit is Unit.COUNTS else ""
            self.problems.add(
                fields[unit.value],
                f"{field}.{unit.value}",
                f"{seconds:g} seconds{at} is out of range for {phase_step(phase)}",
                f"{phase_step(phase)} lasts {low:g}–{high:g} seconds",
            )
            return None
        return duration
