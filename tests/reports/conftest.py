"""The seed department scored under the central policy, shared by the report tests."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from perfgoals.language.model import Ruleset
from perfgoals.language.policy import Policy
from perfgoals.scoring.results import AssessmentResult
from tests.conftest import ROOT

SEED_ACTUALS = ROOT / "samples" / "xingtai-kfq-2023-actuals.perf"


@dataclass(frozen=True)
class Scored:
    ruleset: Ruleset
    policy: Policy
    result: AssessmentResult


def scored(policy_name: str = "central") -> Scored:
    from perfgoals.actuals.reader import read_actuals
    from perfgoals.language.parser import parse_file
    from perfgoals.scoring import score
    from perfgoals.scoring.policies import load_policy
    from tests.conftest import SEED_RULESET

    ruleset = parse_file(SEED_RULESET)
    policy = load_policy(policy_name)
    return Scored(ruleset, policy, score(ruleset, read_actuals(SEED_ACTUALS), policy))


@pytest.fixture(scope="session")
def seed_scored() -> Scored:
    return scored()
