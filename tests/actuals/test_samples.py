"""The sample actuals of the seed ruleset say the same thing in every form.

PERFGOALS_REGEN=1 python -m pytest tests/actuals     # rewrite the samples from sample.py
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from perfgoals.actuals.csv_table import (
    CsvActuals,
    actuals_csv_text,
    read_actuals_csv,
    write_actuals_csv,
)
from perfgoals.actuals.reader import read_actuals
from perfgoals.actuals.xlsx_table import XlsxActuals, read_actuals_xlsx, write_actuals_xlsx
from perfgoals.cli import main
from perfgoals.language.formatter import format_assessment
from perfgoals.language.model import Ruleset
from perfgoals.reports.score import render
from perfgoals.scoring import score
from perfgoals.scoring.policies import load_policy
from tests.conftest import ROOT, SEED_RULESET
from tests.golden import assert_golden, regenerating

from .sample import sample_assessment

SAMPLE_CSV = ROOT / "samples" / "xingtai-kfq-2023-actuals.csv"
SAMPLE_XLSX = ROOT / "samples" / "xingtai-kfq-2023-actuals.xlsx"
SAMPLE_PERF = ROOT / "samples" / "xingtai-kfq-2023-actuals.perf"


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
    given = {(p.code, a.indicator.name) for p in sample.projects for a in p.actuals}
    by_code = {p.code: p for p in seed_ruleset.projects}
    missing = [
        i.name
        for p in sample.projects
        for i in by_code[p.code].indicators
        if (p.code, i.name) not in given
    ]
    assert missing == ["集成费"]
    assert any(a.explanation for a in actuals) and any(not a.explanation for a in actuals)
    assert any(p.initial_budget != p.adjusted_budget for p in sample.projects)


def sample_perf_text(ruleset: Ruleset) -> str:
    comments = (
        " 开发区综合办 2023 年绩效自评（示例）: the same content as the .csv and .xlsx samples",
    )
    return "\n".join(format_assessment(sample_assessment(ruleset), comments)) + "\n"


def test_sample_perf(seed_ruleset: Ruleset) -> None:
    text = sample_perf_text(seed_ruleset)
    if regenerating():
        SAMPLE_PERF.write_text(text, encoding="utf-8")
    assert SAMPLE_PERF.read_text(encoding="utf-8") == text
    assert read_actuals(SAMPLE_PERF) == sample_assessment(seed_ruleset)


def test_the_three_forms_score_the_same(seed_ruleset: Ruleset) -> None:
    policy = load_policy("central")
    results = [
        render(score(seed_ruleset, assessment, policy), "json", explain=True, color=False)
        for assessment in (
            read_actuals(SAMPLE_PERF),
            read_actuals_csv(SAMPLE_CSV, seed_ruleset),
            read_actuals_xlsx(SAMPLE_XLSX, seed_ruleset),
        )
    ]
    # Origins (file, row) differ by form and are reported; everything else is the same.
    scrubbed = [_without_origins(json.loads(r)) for r in results]
    assert scrubbed[0] == scrubbed[1] == scrubbed[2]


def _without_origins(data: object) -> object:
    if isinstance(data, dict):
        return {k: _without_origins(v) for k, v in data.items() if k not in ("origin", "where")}
    if isinstance(data, list):
        return [_without_origins(v) for v in data]
    return data


@pytest.mark.parametrize(("fmt", "suffix"), [("json", "json"), ("markdown", "md")])
def test_sample_scores_golden(fmt: str, suffix: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # origins in the output name the sample by its relative path
    result = CliRunner().invoke(
        main,
        ["score", str(SEED_RULESET), str(SAMPLE_PERF.relative_to(ROOT)), "--format", fmt],
    )
    assert result.exit_code == 1, result.stderr  # explanations are missing on purpose
    assert_golden(f"actuals/xingtai-kfq-2023-scores.{suffix}", result.stdout)
