"""The examples in docs/scoring.md are valid perfgoals text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from perfgoals.language.parser import parse_document

DOC = Path(__file__).resolve().parents[2] / "docs" / "scoring.md"
BLOCKS = re.findall(r"```perf\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)


def test_there_are_examples() -> None:
    assert len(BLOCKS) == 2


@pytest.mark.parametrize("block", BLOCKS)
def test_example_parses(block: str) -> None:
    document = parse_document(block, "docs/scoring.md")
    assert document.policies or document.assessment is not None


def test_the_documented_policy_is_the_central_default() -> None:
    from perfgoals.language.policy import CENTRAL

    policy = parse_document(BLOCKS[1]).policies[0]
    assert policy.model_copy(update={"title": None, "comments": ()}) == CENTRAL
