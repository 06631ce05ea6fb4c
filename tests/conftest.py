"""Shared test set-up: the Hypothesis profiles, paths of the repository's rulesets and samples."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

# Under CI (CI=true) every property runs the same examples every time, and no example database
# is read or written: a red CI must mean a real failure, reproducible from a clean clone.
# Locally the examples are random and there are more of them, so new cases keep being tried;
# PERFGOALS_HYPOTHESIS=long tries ten times as many as CI (before a release, or after a change
# to the language). Tests that set max_examples write it as examples(n), the CI count.
_EXAMPLES_FACTOR = {"ci": 1, "dev": 2, "long": 10}
PROFILE = os.environ.get("PERFGOALS_HYPOTHESIS") or ("ci" if os.environ.get("CI") else "dev")
if PROFILE not in _EXAMPLES_FACTOR:
    raise pytest.UsageError(f"PERFGOALS_HYPOTHESIS={PROFILE}: expected one of ci, dev, long")
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
settings.register_profile("dev", database=None, max_examples=200)
settings.register_profile("long", database=None, max_examples=1000, print_blob=True)
settings.load_profile(PROFILE)


def examples(n: int) -> int:
    """A property's number of examples: n under CI, more locally (see the profiles above)."""
    return n * _EXAMPLES_FACTOR[PROFILE]


# The tests that assert wording are written in English: the suite runs in English unless a test
# asks for Chinese (PERFGOALS_LANG=zh, or the `language` fixture of tests/test_i18n.py). Set in
# the environment so that commands run as subprocesses speak it too.
os.environ["PERFGOALS_LANG"] = "en"


@pytest.fixture(autouse=True)
def _language_follows_the_environment():  # type: ignore[no-untyped-def]
    # A command fixes its language for the process (perfgoals.cli.main); the next test starts
    # from the environment again.
    yield
    from perfgoals.i18n import set_language

    set_language(None)


ROOT = Path(__file__).resolve().parent.parent
SEED_RULESET = ROOT / "rulesets" / "xingtai-kfq-2023.perf"
SEED_DISCLOSURE = ROOT / "samples" / "xingtai-kfq-2023-disclosure.txt"


@pytest.fixture(scope="session")
def seed_ruleset():  # type: ignore[no-untyped-def]
    from perfgoals.language.parser import parse_file

    return parse_file(SEED_RULESET)
