"""The sample actuals of the seed ruleset say the same thing in every form.

PERFGOALS_REGEN=1 python -m pytest tests/actuals     # rewrite the samples from sample.py
"""

from __future__ import annotations

from perfgoals.actuals_csv import CsvActuals, actuals_csv_text, write_actuals_csv
from perfgoals.actuals_xlsx import XlsxActuals, write_actuals_xlsx
from perfgoals.model import Ruleset
from tests.conftest import ROOT
from tests.golden import regenerating

from .sample import sample_assessment

SAMPLE_CSV = ROOT / "samples" / "xingtai-kfq-2023-actuals.csv"
SAMPLE_XLSX = ROOT / "samples" / "xingtai-kfq-2023-actuals.xlsx"


def test_sample_csv(seed_ruleset: Ruleset) -> None:
    expected = sample_assessment(seed_ruleset)
    if regenerating():
        write_actuals_csv(SAMPLE_CSV, actuals_csv_text(seed_ruleset, expected))
    text = SAMPLE_CSV.read_bytes().decode("utf-8-sig")
    assert text == actuals_csv_text(seed_ruleset, expected)
    reader = CsvActuals(SAMPLE_CSV, seed_ruleset)
    assert tuple(reader.projects()) == expected.projects
    assert reader.notes == []  # every stated target is the ruleset's


def test_sample_xlsx(seed_ruleset: Ruleset) -> None:
    expected = sample_assessment(seed_ruleset)
    if regenerating():
        write_actuals_xlsx(SAMPLE_XLSX, seed_ruleset, expected)
    reader = XlsxActuals(SAMPLE_XLSX, seed_ruleset)
    assert tuple(reader.projects()) == expected.projects
    assert reader.notes == []


def test_sample_covers_every_case(seed_ruleset: Ruleset) -> None:
    """The cases the sample exists to show are all there."""
    sample = sample_assessment(seed_ruleset)
    actuals = [a for p in sample.projects for a in p.actuals]
    assert any(a.tier is not None and a.points is None for a in actuals)
    assert any(a.tier is not None and a.points is not None for a in actuals)
    assert any(a.not_applicable for a in actuals)
    assert any(a.value is None and not a.not_applicable for a in actuals)
    assert any(a.explanation for a in actuals) and any(not a.explanation for a in actuals)
    assert any(p.initial_budget != p.adjusted_budget for p in sample.projects)
