"""The examples in docs/monitoring.md are valid perfgoals text."""

from __future__ import annotations

import re

import pytest

from perfgoals.language.parser import parse_document
from tests.conftest import ROOT

DOC = ROOT / "docs" / "monitoring.md"
BLOCKS = re.findall(r"```perf\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)


def test_there_are_examples() -> None:
    assert len(BLOCKS) == 2


@pytest.mark.parametrize("block", BLOCKS)
def test_example_parses(block: str) -> None:
    document = parse_document(block, "docs/monitoring.md")
    assert document.profiles or document.progress is not None


def test_every_shipped_profile_is_documented() -> None:
    from perfgoals.monitoring.profiles import shipped_profiles

    text = DOC.read_text(encoding="utf-8")
    for name in shipped_profiles():
        assert f"### `{name}`" in text
