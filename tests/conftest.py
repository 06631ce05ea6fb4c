"""Shared test set-up: paths of the repository's rulesets and samples."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED_RULESET = ROOT / "rulesets" / "xingtai-kfq-2023.perf"
SEED_DISCLOSURE = ROOT / "samples" / "xingtai-kfq-2023-disclosure.txt"


@pytest.fixture(scope="session")
def seed_ruleset():  # type: ignore[no-untyped-def]
    from perfgoals.language.parser import parse_file

    return parse_file(SEED_RULESET)
