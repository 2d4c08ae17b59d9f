"""Typed reading of YAML nodes: text, numbers, flags, lists and key sets, each checked.

Every reader records a problem at the node and returns None when the value is unusable, so
the loader can carry on and report everything in one go. Types follow YAML's own reading
of a plain value: ``true`` is a flag, not a number; ``42`` is a number, not text. Pure.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from enum import StrEnum
from typing import TypeVar

import yaml
from yaml.constructor import SafeConstructor

from unclench.core.load.problems import Problems, did_you_mean
from unclench.core.load.text_rules import first_refused, locate, refusal, rule_for
from unclench.core.load.yaml_guard import BOOL, FLOAT, INT, NULL, STR, describe

E = TypeVar("E", bound=StrEnum)

# Only used for its scalar conversions (int with underscores, sexagesimal, .inf, …),
# which read a node's text and build nothing else.
_SCALARS = SafeConstructor()


class ValueReader:
    """Reads values out of nodes of one file, recording problems in ``problems``.
    ``source`` is the file's text (optional): with it, a refused character is located at
    the line and column where it is written, not just where its text starts."""

    def __init__(self, problems: Problems, source: str = "") -> None:
        self.problems = problems
        # The file's text, to point at the very character a problem is about.
        self.source = source

    def wrong_type(self, node: yaml.Node, field: str, expected: str, fix: str = "") -> None:
        hint = fix
        if (
            not hint
            and isinstance(node, yaml.ScalarNode)
            and node.tag != STR
            and "text" in expected
        ):
            hint = f"put it in quotes if you mean the text '{node.value}'"
        self.problems.add(node, field, f"expected {expected}, got {describe(node)}", hint)

    def keys(
        self, node: yaml.Node, field: str, allowed: Sequence[str], required: Sequence[str] = ()
    ) -> dict[str, yaml.Node]:
        """The values of a mapping by key; unknown keys get "did you mean", missing required
        keys are reported at the mapping. Not a mapping: a problem and an empty dict."""
        if not isinstance(node, yaml.MappingNode):
            self.wrong_type(node, field, "a mapping of keys")
            return {}
        found: dict[str, yaml.Node] = {}
        for key, value in node.value:
            if not isinstance(key, yaml.ScalarNode):
                continue  # reported by the structural pass
            name = str(key.value)
            if name not in allowed:
                self.problems.add(
                    key, _join(field, name), f"unknown key {name!r}", did_you_mean(name, allowed)
                )
            elif name not in found:  # a duplicate is reported by the structural pass
                found[name] = value
        for name in required:
            if name not in found:
                self.problems.add(node, field, f"missing required key {name!r}", f"add `{name}: …`")
        return found

    def text(
        self,
        node: yaml.Node,
        field: str,
        *,
        allow_null: bool = False,
    ) -> str | None:
        """A non-empty string (``~`` only with allow_null, which returns None quietly),
        within the length and characters the field's rule allows (text_rules.py)."""
        if isinstance(node, yaml.ScalarNode) and node.tag == NULL and allow_null:
            return None
        if not isinstance(node, yaml.ScalarNode) or node.tag != STR:
            self.wrong_type(node, field, "text")
            return None
        value = str(node.value)
        if not value.strip():
            self.problems.add(
                node, field, "the text is empty", "write something, or remove the key"
            )
            return None
        rule = rule_for(field)
        if len(value) > rule.max_length:
            self.problems.add(
                node,
                field,
                f"the text is {len(value):,} characters long; at most {rule.max_length:,}",
                "shorten it",
            )
            return None
        bad = first_refused(value, rule.multiline)
        if bad is not None:
            message, fix = refusal(value[bad], rule.multiline)
            self._add_at_character(node, field, rule.multiline, message, fix)
            return None
        return value

    def _add_at_character(
        self, node: yaml.ScalarNode, field: str, multiline: bool, message: str, fix: str
    ) -> None:
        """A problem where the refused character is written in the file (at the node when
        the source is not known)."""
        start, end = node.start_mark, node.end_mark
        if not self.source or start is None or end is None:
            self.problems.add(node, field, message, fix)
            return
        offset = locate(self.source[start.index : end.index], node.style, multiline)
        if offset is None:
            self.problems.add(node, field, message, fix)
            return
        at = start.index + offset
        line = self.source.count("\n", 0, at) + 1
        column = at - (self.source.rfind("\n", 0, at) + 1) + 1
        self.problems.add_at(line, column, field, message, fix)

    def number(self, node: yaml.Node, field: str) -> float | None:
        """A finite int or float (a flag is not a number)."""
        if not isinstance(node, yaml.ScalarNode) or node.tag not in (INT, FLOAT):
            hint = ""
            if isinstance(node, yaml.ScalarNode) and node.tag == STR:
                hint = "write a plain number such as 4 or 1.5 (1e3 must be written 1000)"
            self.wrong_type(node, field, "a number", hint)
            return None
        try:
            if node.tag == INT:
                value = float(_SCALARS.construct_yaml_int(node))
            else:
                value = float(_SCALARS.construct_yaml_float(node))
        except (ValueError, KeyError, OverflowError, TypeError):
            self.problems.add(node, field, f"{str(node.value)[:40]!r} is not a number we can read")
            return None
        if not math.isfinite(value):
            self.problems.add(
                node, field, "the number is not finite (NaN or infinity)", "use a plain number"
            )
            return None
        return value

    def integer(self, node: yaml.Node, field: str) -> int | None:
        """A whole number (a float such as 4.0 is refused: cycles are counted)."""
        if not isinstance(node, yaml.ScalarNode) or node.tag != INT:
            self.wrong_type(node, field, "a whole number")
            return None
        try:
            return int(_SCALARS.construct_yaml_int(node))
        except (ValueError, KeyError, OverflowError, TypeError):
            self.problems.add(node, field, f"{str(node.value)[:40]!r} is not a number we can read")
            return None

    def flag(self, node: yaml.Node | None, field: str, *, default: bool) -> bool:
        """true or false; ``default`` when the key is absent or wrong (wrong is reported)."""
        if node is None:
            return default
        if not isinstance(node, yaml.ScalarNode) or node.tag != BOOL:
            self.wrong_type(node, field, "true or false")
            return default
        try:
            return bool(_SCALARS.construct_yaml_bool(node))
        except (KeyError, ValueError, TypeError):
            self.wrong_type(node, field, "true or false")
            return default

    def choice(self, node: yaml.Node, field: str, word: str, options: type[E]) -> E | None:
        """``word`` as a member of the enum ``options``, with "did you mean" when it is not."""
        try:
            return options(word)
        except ValueError:
            names = [str(member.value) for member in options]
            self.problems.add(
                node,
                field,
                f"unknown {field.rsplit('.', 1)[-1]} {word!r}",
                did_you_mean(word, names),
            )
            return None

    def text_list(self, node: yaml.Node, field: str) -> tuple[str, ...]:
        """A list of non-empty strings."""
        if not isinstance(node, yaml.SequenceNode):
            self.wrong_type(
                node, field, "a list of texts", "write each one on a line starting with '- '"
            )
            return ()
        texts = (self.text(item, f"{field}[{i}]") for i, item in enumerate(node.value))
        return tuple(t for t in texts if t is not None)

    def number_list(self, node: yaml.Node, field: str) -> list[float] | None:
        if not isinstance(node, yaml.SequenceNode):
            self.wrong_type(node, field, "a list of numbers", "write `[min, max]`")
            return None
        numbers = [self.number(item, f"{field}[{i}]") for i, item in enumerate(node.value)]
        return None if None in numbers else [n for n in numbers if n is not None]


def _join(field: str, name: str) -> str:
    return f"{field}.{name}" if field else name
