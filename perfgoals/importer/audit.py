"""Audit stage: a self-assessment table re-scored, its published points set against the policy's.

The table is imported (ruleset, assessment, published points), scored by the engine under a
policy, and every published figure is compared with the policy's: each indicator's 分值 and
得分, each level 1's total of 分值, budget execution (分值, 执行率, 得分) and the 总分. Two
numbers agree when they are equal once both are rounded as the policy rounds points; a rate
agrees at the precision it was printed with. Where a difference matches a slip people make by
hand (the rate worked out on 年初预算数, a reverse target scored as positive, a 总分 that is not
the sum of the 得分 above it), the line says so.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from ..i18n import _
from ..language.assessment import Actual, Assessment, IndicatorRef, Origin, ProjectActuals
from ..language.errors import Diagnostic, SourceError
from ..language.model import LEVEL1_LABELS, LEVEL2_LABELS, Level1, Nature, Project, Ruleset
from ..language.numbers import number_problem
from ..language.policy import Policy
from ..language.values import Comparison
from ..scoring import score, score_project
from ..scoring.results import IndicatorResult, ProjectResult, Status, number_text
from . import audit_text as msg
from .published import PublishedIndicator, PublishedProject, PublishedScores
from .report import ImportReport
from .slips import indicator_slips, project_slips

ZERO = Decimal(0)
HUNDRED = Decimal(100)


class LineKind(StrEnum):
    """What a line of the audit compares."""

    INDICATOR = "indicator"  # one indicator row: 分值 and 得分
    LEVEL1 = "level1"  # a level 1: the sum of its 分值 against the policy's weight
    EXECUTION = "execution"  # the 年度资金总额 row: 分值, 执行率 and 得分
    TOTAL = "total"  # the 总分 row
    CHECK = "check"  # the table against itself: block weights, the 总分's ceiling


@dataclass
class AuditLine:
    """One published figure set against the policy's, with the difference (published − policy).

    A difference is None where the two agree (or one side is missing); `notes` say why a line
    differs where that can be told, and what was missing.
    """

    kind: LineKind
    label: str  # the indicator's name, the level 1, 预算执行率 or 总分
    level1: str | None = None
    level2: str | None = None
    occurrence: int | None = None
    target: str | None = None
    actual: str | None = None
    published_weight: Decimal | None = None
    published_points: Decimal | None = None
    weight: Decimal | None = None  # the policy's
    points: Decimal | None = None  # the policy's
    weight_difference: Decimal | None = None
    points_difference: Decimal | None = None
    published_rate: str | None = None  # execution: as printed
    rate: Decimal | None = None  # execution: the policy's rate, percent
    rate_differs: bool = False
    status: str | None = None
    formula: str = ""
    origin: Origin | None = None
    notes: list[str] = field(default_factory=list)
    finding: bool = False  # a published number differs, or is missing where one is needed

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "label": self.label,
            "level1": self.level1,
            "level2": self.level2,
            "occurrence": self.occurrence,
            "target": self.target,
            "actual": self.actual,
            "published_weight": number_text(self.published_weight),
            "published_points": number_text(self.published_points),
            "weight": number_text(self.weight),
            "points": number_text(self.points),
            "weight_difference": number_text(self.weight_difference),
            "points_difference": number_text(self.points_difference),
            "published_rate": self.published_rate,
            "rate": number_text(self.rate),
            "rate_differs": self.rate_differs,
            "status": self.status,
            "formula": self.formula,
            "source": _where(self.origin),
            "row": self.origin.line if self.origin else None,
            "notes": list(self.notes),
            "agrees": not self.finding,
        }


@dataclass
class ProjectAudit:
    """One project's lines: execution, indicators, level-1 weights, then the 总分."""

    name: str
    code: str | None
    lines: list[AuditLine]
    score: Decimal
    grade: str

    @property
    def differences(self) -> int:
        return sum(1 for line in self.lines if line.finding)

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "code": self.code,
            "score": number_text(self.score),
            "grade": self.grade,
            "differences": self.differences,
            "agrees": self.differences == 0,
            "lines": [line.to_json_dict() for line in self.lines],
        }


@dataclass
class Audit:
    """The whole audit of one file: every project, the problems, the rows the import left out."""

    path: str
    policy: Policy
    projects: list[ProjectAudit]
    problems: list[str]
    report: ImportReport

    @property
    def differences(self) -> int:
        return sum(p.differences for p in self.projects)

    @property
    def rejected_rows(self) -> int:
        return sum(note.rows for note in self.report.rejected)

    @property
    def agrees(self) -> bool:
        return self.differences == 0 and not self.problems and not self.rejected_rows

    def to_json_dict(self) -> dict[str, Any]:
        rounding = self.policy.rounding
        return {
            "path": self.path,
            "policy": self.policy.name,
            "rounding": {"places": rounding.places, "mode": rounding.mode.value},
            "agrees": self.agrees,
            "differences": self.differences,
            "problems": list(self.problems),
            "rows": {
                "read": self.report.rows_read,
                "used": self.report.rows_used,
                "left_out": [
                    {
                        "kind": note.kind.value,
                        "rows": [note.first_row, note.last_row],
                        "sheet": note.sheet,
                        "column": note.column,
                        "reason": note.reason,
                    }
                    for note in sorted(
                        self.report.notes, key=lambda n: (n.sheet or "", n.first_row)
                    )
                ],
            },
            "projects": [p.to_json_dict() for p in self.projects],
        }


def _where(origin: Origin | None) -> str | None:
    if origin is None or not origin.line:
        return None
    sheet = f"[{origin.sheet}]" if origin.sheet else ""
    return f"{origin.path}{sheet}:{origin.line}"


def audit_import(
    ruleset: Ruleset,
    assessment: Assessment | None,
    published: PublishedScores | None,
    report: ImportReport,
    policy: Policy,
) -> Audit:
    """Score an imported self-assessment under `policy` and compare every published figure."""
    if assessment is None or published is None:
        raise SourceError([Diagnostic(report.path, 1, 1, _(msg.NOT_A_SELF_ASSESSMENT))])
    if not any(p.points is not None for project in published.projects for p in project.indicators):
        first = next((p.origin for project in published.projects for p in project.indicators), None)
        line = first.line if first else 1
        raise NoPublishedPoints([Diagnostic(report.path, line, 1, _(msg.NO_PUBLISHED_POINTS))])
    rated = rated_assessment(assessment, published, policy)
    result = score(ruleset, rated, policy)
    projects: list[ProjectAudit] = []
    unused = list(result.projects)
    flipped = _flipped(ruleset, policy)
    actuals_of = {id(p): a for p, a in zip(published.projects, rated.projects, strict=True)}
    for project in published.projects:
        found = next(
            (r for r in unused if r.name == project.project and r.code == project.code), None
        )
        if found is None:  # pragma: no cover - every published project was imported
            continue
        unused.remove(found)
        index = result.projects.index(found)
        variant = flipped[index]
        alternative = score_project(variant, actuals_of[id(project)], policy) if variant else None
        projects.append(
            _project_audit(project, found, alternative, policy, actuals_of[id(project)])
        )
    problems = [p.describe() for p in result.problems]
    return Audit(published.path, policy, projects, problems, report)


class NoPublishedPoints(SourceError):
    """A self-assessment with every 得分 empty: there is nothing to audit, only to score."""


# ---- qualitative ratings --------------------------------------------------------------------
def rated_assessment(
    assessment: Assessment, published: PublishedScores, policy: Policy
) -> Assessment:
    """The assessment with each qualitative row's tier taken from the assessor's 得分."""
    return assessment.model_copy(
        update={
            "projects": tuple(
                _rated(actuals, project, policy)
                for actuals, project in zip(assessment.projects, published.projects, strict=True)
            )
        }
    )


def _rated(actuals: ProjectActuals, published: PublishedProject, policy: Policy) -> ProjectActuals:
    """Qualitative rows carry the assessor's 得分 only: its tier is the band that holds it."""
    changed: list[Actual] = []
    # The import gives each indicator row one actual and one published entry, in row order.
    for actual, item in zip(actuals.actuals, published.indicators, strict=True):
        weight = item.weight
        if actual.points is not None and actual.tier is None and weight:
            share = actual.points / weight
            tier = next(
                (t for t, rule in policy.tiers.items() if rule.band.contains(share)),
                # Points above the weight fit no band: rated 达成 and reported out of band.
                max(policy.tiers, key=lambda t: policy.tiers[t].band.high),
            )
            actual = actual.model_copy(update={"tier": tier})
        changed.append(actual)
    return actuals.model_copy(update={"actuals": tuple(changed)})


# ---- a reverse target scored as positive (and the other way round) --------------------------
def _flipped(ruleset: Ruleset, policy: Policy) -> list[Project | None]:
    """Each project with every comparison target read the other way (≤ as ≥, ≥ as ≤).

    Scoring it tells whether a published 得分 is what the opposite reading gives.
    """
    out: list[Project | None] = []
    for project in ruleset.projects:
        indicators = []
        changed = False
        for indicator in project.indicators:
            target = indicator.target
            if isinstance(target, Comparison) and indicator.nature is not Nature.QUALITATIVE:
                op = target.op or _reading(indicator.nature, policy.reading_of(indicator.level2))
                opposite = "<=" if op in (">=", ">", "=") else ">="
                target = target.model_copy(update={"op": opposite})
                indicator = indicator.model_copy(update={"target": target, "nature": None})
                changed = True
            indicators.append(indicator)
        out.append(
            project.model_copy(update={"indicators": tuple(indicators)}) if changed else None
        )
    return out


_NATURE_READING: dict[Nature | None, str] = {
    Nature.POSITIVE: ">=",
    Nature.REVERSE: "<=",
    Nature.EQUAL: "=",
}


def _reading(nature: Nature | None, default: str) -> str:
    return _NATURE_READING.get(nature, default)


# ---- comparing ------------------------------------------------------------------------------
def _project_audit(
    published: PublishedProject,
    result: ProjectResult,
    alternative: ProjectResult | None,
    policy: Policy,
    actuals: ProjectActuals,
) -> ProjectAudit:
    rounding = policy.rounding

    def differs(a: Decimal | None, b: Decimal | None) -> Decimal | None:
        if a is None or b is None or rounding.apply(a) == rounding.apply(b):
            return None
        return a - b

    lines = [_execution_line(published, result, policy, actuals, differs)]
    results = dict(_keyed(result.indicators))
    others = dict(_keyed(alternative.indicators)) if alternative else {}
    for item in published.indicators:
        key = _ref_key(item.indicator)
        lines.append(_indicator_line(item, results.get(key), others.get(key), differs))
    if not policy.by_goal:
        lines.extend(_level_lines(published, result, policy, differs))
    for label, note in project_slips(published, result):
        lines.append(AuditLine(LineKind.CHECK, label, notes=[note], finding=True))
    lines.append(_total_line(published, result, differs))
    return ProjectAudit(result.name, result.code, lines, result.score, result.grade)


# published, policy → published − policy, or None where they agree under the policy's rounding
_Differs = Callable[[Decimal | None, Decimal | None], Decimal | None]


def _sum(numbers: Iterable[Decimal | None]) -> Decimal | None:
    """The sum, or None when a number is missing."""
    total = ZERO
    for number in numbers:
        if number is None:
            return None
        total += number
    return total


def _ref_key(ref: IndicatorRef) -> tuple[str, Any, Any, int]:
    return (ref.name, ref.level1, ref.level2, ref.occurrence or 1)


def _keyed(results: list[IndicatorResult]) -> Iterator[tuple[tuple[str, Any, Any, int], Any]]:
    """Each result under the key its published row names: occurrence among the same levels."""
    seen: dict[tuple[str, Any, Any], int] = defaultdict(int)
    for r in results:
        seen[(r.name, r.level1, r.level2)] += 1
        yield (r.name, r.level1, r.level2, seen[(r.name, r.level1, r.level2)]), r


def _indicator_line(
    item: PublishedIndicator,
    result: IndicatorResult | None,
    other: IndicatorResult | None,
    differs: _Differs,
) -> AuditLine:
    ref = item.indicator
    line = AuditLine(
        LineKind.INDICATOR,
        ref.name,
        level1=LEVEL1_LABELS[ref.level1] if ref.level1 else None,
        level2=LEVEL2_LABELS[ref.level2] if ref.level2 else None,
        occurrence=ref.occurrence,
        published_weight=item.weight,
        published_points=item.points,
        origin=item.origin,
    )
    if result is None:  # pragma: no cover - the import gives every published row an indicator
        line.notes.append(_("not scored"))
        line.finding = True
        return line
    line.target, line.actual = result.target, result.actual
    line.weight, line.points, line.status = result.weight, result.points, result.status.value
    line.formula = result.formula
    if item.weight is None:
        line.notes.append(
            _("no 分值 published: the policy's share {weight} is used", weight=result.weight)
        )
    line.weight_difference = differs(item.weight, result.weight)
    if result.status is Status.ERROR:
        line.notes.append(_("cannot be re-scored: {reason}", reason=result.message))
        line.finding = True
        return line
    if item.points is None:
        line.notes.append(_("no 得分 published"))
        line.finding = True
        return line
    line.points_difference = differs(item.points, result.points)
    slips = indicator_slips(item, result)
    line.notes.extend(slip.text for slip in slips)
    if any(slip.finding for slip in slips):
        line.finding = True
    if line.points_difference is not None:
        line.finding = True
        if other is not None and differs(item.points, other.points) is None:
            line.notes.append(
                _(msg.OTHER_WAY, formula=other.formula.replace(_("full points "), ""))
            )
    if line.weight_difference is not None:
        line.finding = True
    return line


def _level_lines(
    published: PublishedProject, result: ProjectResult, policy: Policy, differs: _Differs
) -> Iterator[AuditLine]:
    """The sum of each level 1's published 分值 against the policy's weight of that level 1."""
    rows: dict[Level1, list[PublishedIndicator]] = defaultdict(list)
    for item in published.indicators:
        if item.indicator.level1 is not None:  # imported rows always name their level 1
            rows[item.indicator.level1].append(item)
    earned = {g.name: g.points for g in result.groups}
    for level1, items in rows.items():
        weight = _sum(i.weight for i in items)
        points = _sum(i.points for i in items)
        label = LEVEL1_LABELS[level1]
        wanted = policy.level1.get(level1)
        line = AuditLine(
            LineKind.LEVEL1,
            label,
            level1=label,
            published_weight=weight,
            published_points=points,
            weight=wanted,
            points=earned.get(label),
            formula=(
                _("policy weight of {label}: {weight}", label=label, weight=wanted)
                if wanted is not None
                else ""
            ),
        )
        if wanted is None:
            line.notes.append(_("the policy gives level 1 {level1} no weight", level1=label))
            line.finding = True
        elif weight is None:
            line.notes.append(_("some 分值 are not published"))
        else:
            line.weight_difference = differs(weight, wanted)
            line.finding = line.weight_difference is not None
        yield line


def _execution_line(
    published: PublishedProject,
    result: ProjectResult,
    policy: Policy,
    actuals: ProjectActuals,
    differs: _Differs,
) -> AuditLine:
    e = result.execution
    line = AuditLine(
        LineKind.EXECUTION,
        "预算执行率",
        published_weight=published.execution_weight,
        published_points=published.execution_points,
        weight=e.weight,
        points=e.points,
        published_rate=published.execution_rate,
        rate=e.rate,
        status=e.status.value,
        formula=e.formula,
        origin=published.execution_origin,
    )
    if published.execution_origin is None:
        line.notes.append(_("no 年度资金总额 row"))
        line.finding = True
        return line
    line.weight_difference = differs(published.execution_weight, e.weight)
    if published.execution_weight is None:
        line.notes.append(_("no 分值 published"))
    if published.execution_points is None:
        line.notes.append(_("no 得分 published"))
        line.finding = True
    else:
        line.points_difference = differs(published.execution_points, e.points)
    line.rate_differs = _rate_differs(published.execution_rate, actuals, e.rate)
    if line.rate_differs:
        line.notes.append(_(msg.RATE_DIFFERS, published=published.execution_rate, rate=e.rate))
    if line.points_difference is not None or line.rate_differs:
        hint = _initial_budget_hint(published, actuals, policy)
        if hint:
            line.notes.append(hint)
    line.finding = (
        line.finding
        or line.weight_difference is not None
        or line.points_difference is not None
        or line.rate_differs
    )
    return line


def published_rate(text: str | None) -> tuple[Decimal, int] | None:
    """A printed 执行率 as a percentage and its decimal places: `96.72%` or the fraction `0.9672`.

    None when it is not a number.
    """
    if not text:
        return None
    body = text.strip().replace("％", "%").replace(",", "")
    percent = body.endswith("%")
    try:
        number = Decimal(body.rstrip("%").strip())
    except InvalidOperation:
        return None
    if number_problem(number):
        return None
    places = max(0, -int(number.as_tuple().exponent))
    if not percent and number <= 1:
        # A fraction (0.9672) is a rate of 96.72% printed with two fewer places.
        return number * HUNDRED, max(0, places - 2)
    return number, places


def _rate_differs(text: str | None, actuals: ProjectActuals, rate: Decimal | None) -> bool:
    if text is None:
        return False
    printed = published_rate(text)
    budget, executed = actuals.adjusted_budget, actuals.executed
    if printed is None or rate is None or budget is None or executed is None or budget <= ZERO:
        return printed is None or rate is None
    exact = max(executed, ZERO) / budget * HUNDRED
    number, places = printed
    quantum = Decimal(1).scaleb(-places)
    return exact.quantize(quantum, rounding=ROUND_HALF_UP) != number


def _initial_budget_hint(
    published: PublishedProject, actuals: ProjectActuals, policy: Policy
) -> str | None:
    """Whether the published execution figures are those of 年初预算数 taken for 全年预算数."""
    initial, executed = actuals.initial_budget, actuals.executed
    weight = published.execution_weight or policy.execution
    if not initial or executed is None or initial <= ZERO or initial == actuals.adjusted_budget:
        return None
    share = max(executed, ZERO) / initial
    points = policy.rounding.apply(min(share, Decimal(1)) * weight)
    rate_matches = False
    printed = published_rate(published.execution_rate)
    if printed is not None:
        number, places = printed
        rate_matches = (share * HUNDRED).quantize(
            Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP
        ) == number
    points_match = (
        published.execution_points is not None
        and policy.rounding.apply(published.execution_points) == points
    )
    if rate_matches or points_match:
        return _("matches 全年执行数 ÷ 年初预算数: the rate is taken on 全年预算数 (A)")
    return None


def _total_line(published: PublishedProject, result: ProjectResult, differs: _Differs) -> AuditLine:
    added = _sum([published.execution_points, *(i.points for i in published.indicators)])
    weights = _sum([published.execution_weight, *(i.weight for i in published.indicators)])
    line = AuditLine(
        LineKind.TOTAL,
        "总分",
        published_weight=weights,
        published_points=published.total,
        weight=result.maximum,
        points=result.score,
        formula=(
            f"{result.earned} / {result.maximum} × 100 = {result.score}"
            if result.maximum != HUNDRED
            else _("sum of the points = {score}", score=result.score)
        ),
        origin=published.total_origin,
        status=result.grade,
    )
    if published.total is None:
        line.notes.append(
            _("no 总分 published") if published.total_origin is None else _("总分 is empty")
        )
        line.finding = True
        return line
    line.points_difference = differs(published.total, result.score)
    if added is not None and differs(published.total, added) is not None:
        line.notes.append(
            _("总分 is not the sum of the published 得分 ({sum})", sum=number_text(added))
        )
    line.finding = line.points_difference is not None
    return line
