"""Source keys resolve to plain references; every built-in routine's keys are known."""

from __future__ import annotations

import re

from unclench.catalog import load_catalog
from unclench.core.sources import REFERENCES, references, source_keys


def test_keys_and_ranges_resolve_in_first_seen_order_each_reference_once() -> None:
    assert source_keys("B1, B5, B6 (guides): in 4") == ("B1", "B5", "B6")
    assert source_keys("P1–P3, P9-P11; S6–S9") == (
        "P1", "P2", "P3", "P9", "P10", "P11", "S6", "S7", "S8", "S9"
    )  # fmt: skip
    assert references("B1, B5, B6") == (REFERENCES["B1"], "Box-breathing guides")
    assert references("P10, P11") == ("Stanford Medicine, progressive muscle relaxation exercise",)


def test_a_note_without_known_keys_is_its_own_reference() -> None:
    assert references("  My physio's   handout ") == ("My physio's handout",)
    assert references("X9 and B99") == ("X9 and B99",)
    assert references("") == ()


def test_no_reference_reads_like_a_key() -> None:
    for text in REFERENCES.values():
        assert not re.search(r"\b[WPSB]\d", text), text


def test_every_builtin_routine_names_sources_that_resolve() -> None:
    for routine in load_catalog(include_user=False).routines:
        assert source_keys(routine.source), routine.id
