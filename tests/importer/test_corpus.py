"""The development corpus: 30 tables as departments published them, each imported.

Every table is pinned twice: its indicator count (checked by hand against the source: rows cut
off by the excerpt or published with no value are left out and reported, not counted), and a
golden file with each indicator's levels, target and actual, the published points, and every
note of the import. Tables with no indicator grid at all (budget blocks, management checklists)
are unusable input: exit 2 with one positioned line.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from perfgoals.importer import import_file
from perfgoals.language.errors import SourceError
from tests.golden import assert_golden

CORPUS = Path(__file__).parent.parent / "data" / "corpus"
TABLES = sorted(CORPUS.glob("*.tsv"))

# Indicators read / expected, per table (0: no indicator in the published excerpt).
EXPECTED: dict[str, int] = {
    "01": 11,  # the satisfaction row is cut off
    "02": 17,  # 三公经费 × 2 published with neither target nor actual; the last row cut
    "03": 6,  # the 7th row cut
    "04": 9,
    "05": 9,
    "06": 11,
    "07": 8,
    "08": 0,  # the excerpt ends in the 资金管理情况 block
    "09": 16,
    "10": 4,
    "11": 5,
    "12": 10,  # the second project is cut before its indicators
    "13": 5,  # the 6th row cut
    "14": 5,
    "15": 9,
    "16": 5,
    "17": 10,
    "18": 7,  # satisfaction cut
    "19": 0,  # budget and 资金管理 blocks only
    "20": 10,
    "21": 0,  # the 项目预算管理 checklist only: outside the target hierarchy
    "22": 0,  # budget block only
    "23": 9,
    "24": 9,  # two prose lists (Hubei goal-based)
    "25": 0,  # 部门整体 budget and task list, no grid
    "26": 11,  # two rows with a name and no value
    "27": 4,
    "28": 0,  # the budget part only
    "29": 7,  # one 成本 row cut
    "30": 3,  # the 时效 row lost its name
}


def _id(path: Path) -> str:
    return path.name[:2]


def test_every_corpus_table_is_pinned() -> None:
    assert len(TABLES) == 30 and {_id(p) for p in TABLES} == set(EXPECTED)


def describe(path: Path) -> str:
    """The golden text of one import: indicators, actuals, points, notes."""
    try:
        result = import_file(path)
    except SourceError as e:
        return f"error: {e}\n".replace(str(CORPUS) + "/", "")
    lines: list[str] = []
    if result.ruleset.header and result.ruleset.header.year:
        lines.append(f"year {result.ruleset.header.year}")
    actuals = {}
    published = {}
    if result.assessment is not None and result.published is not None:
        for project_actuals in result.assessment.projects:
            for actual in project_actuals.actuals:
                actuals[(project_actuals.project, actual.indicator.name)] = actual
        for project in result.published.projects:
            for item in project.indicators:
                published[(project.project, item.indicator.name)] = item
    for project in result.ruleset.projects:
        budget = project.budget.text if project.budget else "-"
        lines.append(f"project {project.name} | budget {budget}")
        lines.extend(f"  info {info.label}: {info.value}" for info in project.info)
        for indicator in project.indicators:
            key = (project.name, indicator.name)
            actual = actuals.get(key)
            shown = actual.value.text if actual and actual.value else "-"
            points = published[key].points if key in published else None
            lines.append(
                f"  {indicator.level1.value}/{indicator.level2.value} | {indicator.name} | "
                f"{indicator.target.text} | actual {shown} | weight {indicator.weight} | "
                f"points {points}"
            )
    if result.assessment is not None and result.published is not None:
        for funds, scores in zip(
            result.assessment.projects, result.published.projects, strict=True
        ):
            lines.append(
                f"funds {funds.initial_budget} / {funds.adjusted_budget} / {funds.executed} | "
                f"weight {scores.execution_weight} rate {scores.execution_rate} points "
                f"{scores.execution_points} | total {scores.total}"
            )
    lines.extend(line.replace(str(CORPUS) + "/", "") for line in result.report.lines())
    assert result.report.balanced(), "every row is used or reported"
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("path", TABLES, ids=_id)
def test_corpus_table_imports(path: Path) -> None:
    expected = EXPECTED[_id(path)]
    try:
        result = import_file(path)
    except SourceError as e:
        assert expected == 0, f"{path.name}: {e}"
        assert len(e.diagnostics) == 1 and e.diagnostics[0].line >= 1
        return
    read = sum(len(p.indicators) for p in result.ruleset.projects)
    assert read == expected, f"{path.name}: {read} indicators read, {expected} expected"
    assert result.report.indicators == read
    assert_golden(f"corpus/{path.stem}.txt", describe(path))


@pytest.mark.parametrize("path", TABLES, ids=_id)
def test_corpus_golden(path: Path) -> None:
    assert_golden(f"corpus/{path.stem}.txt", describe(path))


def test_import_command_on_a_corpus_table_without_indicators() -> None:
    """No indicator: exit 2, one line with the position, never a traceback."""
    table = CORPUS / "22-hengshan-guantang-xiang-zhengti-2023.tsv"
    done = subprocess.run(
        [str(Path(sys.executable).parent / "perfgoals"), "import", str(table)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2 and "Traceback" not in done.stderr
    # At the table's first row (6, under five note lines), naming the rows looked at.
    assert done.stderr.count("\n") == 1 and "2023.tsv:6:1:" in done.stderr
    assert "no indicator header row in rows 6–16" in done.stderr


SELF_ASSESSMENTS = [p for p in TABLES if "# kind: self-assessment" in p.read_text(encoding="utf-8")]


@pytest.mark.parametrize("path", SELF_ASSESSMENTS, ids=_id)
def test_corpus_audit(path: Path) -> None:
    """The audit of every self-assessment runs; its findings are pinned (Markdown table)."""
    from perfgoals.importer.audit import NoPublishedPoints, audit_import
    from perfgoals.importer.build import checked
    from perfgoals.reports.audit import render_audit
    from perfgoals.scoring.policies import load_policy

    policy = load_policy("central")
    try:
        result = import_file(path, policy=policy.name)
        ruleset = checked(result.ruleset, str(path))
        audit = audit_import(ruleset, result.assessment, result.published, result.report, policy)
    except NoPublishedPoints as e:
        text = f"scored, not audited: {e}\n"
    except SourceError as e:
        assert EXPECTED[_id(path)] == 0, str(e)
        text = f"error: {e}\n"
    else:
        text = render_audit(audit, "markdown", color=False)
    assert_golden(f"corpus-audit/{path.stem}.md", text.replace(str(CORPUS) + "/", ""))


@pytest.mark.parametrize("stem", ["05", "14", "17", "23"])
@pytest.mark.parametrize("suffix", [".perf", ".json"])
def test_import_assessment_scores_as_the_table_does(tmp_path: Path, stem: str, suffix: str) -> None:
    """`import --assessment FILE` writes what `score RULESET FILE` reads: the same scores as
    `score TABLE` (qualitative ratings written as their tiers)."""
    import json

    from click.testing import CliRunner

    from perfgoals.cli import main

    (table,) = [p for p in TABLES if p.name.startswith(stem)]
    runner = CliRunner()
    ruleset, actuals = tmp_path / "r.perf", tmp_path / f"a{suffix}"
    done = runner.invoke(
        main, ["import", str(table), "-o", str(ruleset), "--assessment", str(actuals), "-q"]
    )
    assert done.exception is None or isinstance(done.exception, SystemExit), done.exception
    direct = runner.invoke(main, ["score", str(table), "--format", "json"])
    split = runner.invoke(main, ["score", str(ruleset), str(actuals), "--format", "json"])
    for result in (direct, split):
        assert result.exception is None or isinstance(result.exception, SystemExit)
    scores = [[p["score"] for p in json.loads(r.stdout)["projects"]] for r in (direct, split)]
    assert scores[0] == scores[1]
