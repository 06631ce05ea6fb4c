"""Value rules (V): comparators, dimensions and ranges of targets against their kind and words."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ...i18n import N_, _
from ...language.model import Indicator, Level2, Nature, Project
from ...language.units import Dimension, lookup
from ...language.values import (
    Comparison,
    Deadline,
    NotApplicable,
    Qualitative,
    Range,
    note_in_language,
)
from ..context import CheckedFile
from ..fixes import (
    FULL_WIDTH_COMPARATORS,
    drop_at_least,
    edit,
    half_width_comparator,
    leading_comparator,
)
from ..mentions import Mention
from ..registry import REGISTRY, Hit
from .common import QUANTITATIVE, at_target, is_money, is_money_rate, kind

if TYPE_CHECKING:
    from ...language.policy import Policy

UP = frozenset({">=", ">"})
DOWN = frozenset({"<=", "<"})


def _direction(op: str | None) -> str | None:
    return "up" if op in UP else "down" if op in DOWN else None


def _comparable(a: Comparison, b: Comparison) -> bool:
    return lookup(a.unit).comparable_with(lookup(b.unit))


def contradicting_words(file: CheckedFile, indicator: Indicator) -> Mention | None:
    """A comparator in the description that points the other way from the written target."""
    target = indicator.target
    if not isinstance(target, Comparison) or _direction(target.op) is None:
        return None
    for mention in file.description_mentions(indicator):
        value = mention.value
        if (
            isinstance(value, Comparison)
            and not mention.per
            and _direction(value.op) not in (None, _direction(target.op))
            and _comparable(value, target)
        ):
            return mention
    return None


@REGISTRY.rule("V001", "values.comparator-contradicts-description", "error")
def comparator_contradicts_description(file: CheckedFile) -> Iterator[Hit]:
    """The target's comparator points the other way from the words of its description.

    A description that says 不超过 / 以内 / 以下 (at most) over a target written `≥`, or 不少于 /
    以上 (at least) over a target written `≤`, cannot both be meant. Cost targets written
    "at least" are reported by V002 instead.

    Problem:

        数量 "开展巡讲活动" "≤4 次" desc "全年开展不少于 4 次巡讲活动"

    Fix: write the comparator the description means: `数量 "开展巡讲活动" "≥4 次" …`.
    """
    for _project, indicator in file.indicators():
        if indicator.level2.is_cost and _direction(indicator.target.op) == "up":
            continue
        mention = contradicting_words(file, indicator)
        if mention is not None:
            yield at_target(
                indicator,
                _(
                    "target {target!r} reads at least, but the description says {mention!r}",
                    target=indicator.target.text,
                    mention=mention.text,
                )
                if _direction(indicator.target.op) == "up"
                else _(
                    "target {target!r} reads at most, but the description says {mention!r}",
                    target=indicator.target.text,
                    mention=mention.text,
                ),
            )


@REGISTRY.rule("V002", "values.cost-at-least", "error")
def cost_at_least(file: CheckedFile) -> Iterator[Hit]:
    """A cost indicator is written "at least" (`≥`, `>`, 不低于).

    A cost target caps spending: it is met when the actual cost is at or below it. Written
    `≥`, it rewards spending more than planned.

    Problem:

        成本 "项目成本" "≥10 万元" desc "不超过 10 万元"

    Fix: `成本 "项目成本" "≤10 万元" desc "不超过 10 万元"`.
    """
    for _project, indicator in file.indicators():
        if indicator.level2.is_cost and _direction(indicator.target.op) == "up":
            mention = contradicting_words(file, indicator)
            words = (
                _(", and the description says {mention!r}", mention=mention.text) if mention else ""
            )
            yield at_target(
                indicator,
                _(
                    "cost target {target!r} reads 'at least'; a cost is capped ('≤')",
                    target=indicator.target.text,
                )
                + words,
            )


def _money_outside_cost(project: Project) -> list[Indicator]:
    return [
        i
        for i in project.indicators
        if i.level2 in _NOT_MONEY_KINDS and (is_money(i.target) or is_money_rate(i.target))
    ]


_NOT_MONEY_KINDS = frozenset({Level2.QUALITY, Level2.TIMELINESS, Level2.SATISFACTION})


@REGISTRY.rule("V003", "values.cost-not-money", "error")
def cost_not_money(file: CheckedFile) -> Iterator[Hit]:
    """A cost indicator's target is not an amount of money.

    Cost targets are money (`≤7.55 万元`) or money per unit (`≤410 元/人`). A percent, a count or
    a duration under 成本 is usually a row of another kind put in the cost row; when the project
    also has a money target under 质量, 时效 or 满意度 the two rows were most likely swapped.
    Bare numbers are reported by U003, qualitative targets by V006.

    Problem:

        质量 "成本费用" ≤29.8万元
        成本 "保证稿件质量" 100%

    Fix: swap the rows: `质量 "保证稿件质量" 100%` and `成本 "成本费用" ≤29.8万元`.
    """
    for project in file.ruleset.projects:
        swapped = _money_outside_cost(project)
        for indicator in project.indicators:
            target = indicator.target
            if not indicator.level2.is_cost or indicator.not_applicable:
                continue
            if isinstance(target, Qualitative | NotApplicable):
                continue
            if is_money(target) or is_money_rate(target):
                continue
            if target.dimension in (Dimension.NUMBER, Dimension.RATE) and not _has_unit(target):
                continue  # U003: no unit at all
            what = {
                Dimension.PERCENT: N_("a percent"),
                Dimension.COUNT: N_("a count"),
                Dimension.DURATION: N_("a duration"),
                Dimension.DATE: N_("a date"),
                Dimension.RATE: N_("a rate without money"),
                Dimension.LENGTH: N_("a length"),
                Dimension.AREA: N_("an area"),
                Dimension.MASS: N_("a mass"),
                Dimension.VOLUME: N_("a volume"),
            }.get(target.dimension, N_("not money"))
            hint = (
                _(
                    "; it looks swapped with the {kind} indicator on line {line}",
                    kind=kind(swapped[0]),
                    line=swapped[0].span.line,
                )
                if swapped
                else ""
            )
            message = _(
                "cost target {target!r} is {what}, not an amount of money",
                target=target.text,
                what=_(what),
            )
            yield at_target(indicator, message + hint)


def _has_unit(target: Comparison | Range | Deadline) -> bool:
    if isinstance(target, Deadline):
        return True
    unit = target.unit or ""
    return bool(unit.partition("/")[0])


@REGISTRY.rule("V004", "values.money-outside-cost", "warning")
def money_outside_cost(file: CheckedFile) -> Iterator[Hit]:
    """A quality, timeliness or satisfaction indicator has an amount of money as its target.

    Money belongs in cost indicators; a money target under 质量, 时效 or 满意度 is usually a cost
    row with the wrong kind (benefit indicators may legitimately be money).

    Problem:

        质量 "成本费用" ≤29.8万元 desc "成本费用，每年不超过29.8万元。"

    Fix: `成本 "成本费用" ≤29.8万元 …`, and give 质量 a quality target.
    """
    for project in file.ruleset.projects:
        costs = [
            i
            for i in project.indicators
            if i.level2.is_cost and not (is_money(i.target) or is_money_rate(i.target))
        ]
        for indicator in _money_outside_cost(project):
            hint = (
                _(
                    "; it looks swapped with the cost indicator on line {line}",
                    line=costs[0].span.line,
                )
                if costs
                else ""
            )
            yield at_target(
                indicator,
                _(
                    "{kind} target {target!r} is an amount of money",
                    kind=kind(indicator),
                    target=indicator.target.text,
                )
                + hint,
            )


@REGISTRY.rule("V005", "values.percent-over-100", "warning")
def percent_over_100(file: CheckedFile) -> Iterator[Hit]:
    """A percent target above 100%, or `≥100%` / `>100%`.

    Rates of completion, coverage or satisfaction cannot exceed 100%; `≥100%` can only be met
    exactly and says no more than `100%`.

    Problem:

        时效 "新闻推送及时率" ≥100%

    Fix: `时效 "新闻推送及时率" 100%`.
    """
    for _project, indicator in file.indicators():
        target = indicator.target
        if isinstance(target, Comparison) and target.dimension is Dimension.PERCENT:
            if target.value > 100 or (target.value == 100 and target.op in UP):
                exact = target.value == 100 and target.op == ">="
                yield at_target(
                    indicator,
                    _("percent target {target!r} exceeds 100%", target=target.text)
                    if target.value > 100
                    else _(
                        "percent target {target!r} can only be met exactly: write 100%",
                        target=target.text,
                    ),
                    edit(file, indicator.target_span, drop_at_least) if exact else None,
                )
        elif (
            isinstance(target, Range)
            and target.dimension is Dimension.PERCENT
            and target.high > 100
        ):
            yield at_target(
                indicator, _("percent range {target!r} reaches above 100%", target=target.text)
            )


@REGISTRY.rule("V006", "values.qualitative-quantitative-kind", "warning")
def qualitative_quantitative_kind(file: CheckedFile) -> Iterator[Hit]:
    """A quantity or cost indicator has a qualitative target.

    数量 and 成本 are measured: a count, an amount of money. A text target (`相关设备`, a
    sentence) cannot be compared with an actual value and is scored only by an assessor's tier.

    Problem:

        数量 "相关设备" 相关设备 desc "配备防火墙堡垒机、数据库一体机"

    Fix: count it: `数量 "防火墙堡垒机、数据库一体机" "2 台"`.
    """
    for _project, indicator in file.indicators():
        target = indicator.target
        if indicator.level2 in QUANTITATIVE and isinstance(target, Qualitative):
            if target.note is not None:
                continue  # V011 says why the number in it was not read
            yield at_target(
                indicator,
                _(
                    "{kind} indicator {name!r} has the qualitative target {target!r}; it should "
                    "be a number with a unit",
                    kind=kind(indicator),
                    name=indicator.name,
                    target=_short(indicator.target.text),
                ),
            )


@REGISTRY.rule("V007", "values.satisfaction-not-percent", "warning")
def satisfaction_not_percent(file: CheckedFile) -> Iterator[Hit]:
    """A satisfaction target is not a percent.

    服务对象满意度 is the share of satisfied respondents; it is written in percent (`≥90%`). Bare
    numbers are reported by U002.

    Problem:

        服务对象满意度 "群众满意度" 满意

    Fix: `服务对象满意度 "群众满意度" ≥90%`.
    """
    for _project, indicator in file.indicators():
        target = indicator.target
        if indicator.level2 is not Level2.SATISFACTION or isinstance(target, NotApplicable):
            continue
        if target.dimension is Dimension.PERCENT or target.dimension is Dimension.NUMBER:
            continue
        yield at_target(
            indicator,
            _(
                "satisfaction target {target!r} is not a percent (≥90%)",
                target=_short(target.text),
            ),
        )


@REGISTRY.rule("V008", "values.quantity-at-most", "warning")
def quantity_at_most(file: CheckedFile) -> Iterator[Hit]:
    """A quantity indicator is written "at most" (`≤`, 以内) with nothing in its words to say so.

    Output quantities are planned work: more is better, and the target is a floor. A ceiling on
    a quantity is rare and is then stated in the description (不超过 …).

    Problem:

        数量 "组织入户家访活动" ≤4次

    Fix: `数量 "组织入户家访活动" ≥4次`, or explain the ceiling in `desc "…不超过 4 次…"`.
    """
    for _project, indicator in file.indicators():
        target = indicator.target
        if indicator.level2 is not Level2.QUANTITY or _direction(target.op) != "down":
            continue
        says_so = any(
            _direction(m.value.op) == "down" for m in file.description_mentions(indicator)
        )
        if not says_so:
            yield at_target(
                indicator,
                _(
                    "quantity target {target!r} reads 'at most'; planned outputs are floors (≥)",
                    target=target.text,
                ),
            )


@REGISTRY.rule("V009", "values.nature-contradicts-target", "warning")
def nature_contradicts_target(file: CheckedFile) -> Iterator[Hit]:
    """The declared nature (正向, 反向, 等于, 定性) disagrees with the target as written.

    Problem:

        成本 "补助成本" "≥7.55 万元" nature reverse

    Fix: make them agree: `成本 "补助成本" "≤7.55 万元" nature reverse`.
    """
    for _project, indicator in file.indicators():
        nature, target = indicator.nature, indicator.target
        if nature is None or isinstance(target, NotApplicable):
            continue
        direction = _direction(target.op)
        clash = (
            (nature is Nature.POSITIVE and direction == "down")
            or (nature is Nature.REVERSE and direction == "up")
            or (nature is Nature.EQUAL and target.op not in (None, "="))
            or (nature is Nature.QUALITATIVE and not isinstance(target, Qualitative))
            or (
                nature is not Nature.QUALITATIVE
                and isinstance(target, Qualitative)
                and not target.grade
            )
        )
        if clash:
            yield at_target(
                indicator,
                _(
                    "nature {nature} disagrees with the target {target!r}",
                    nature=nature.value,
                    target=target.text,
                ),
            )


@REGISTRY.rule("V010", "values.range-inverted", "error")
def range_inverted(file: CheckedFile) -> Iterator[Hit]:
    """A range target whose low end is above its high end.

    Problem:

        质量 "合格率" 100%-95%

    Fix: `质量 "合格率" 95%-100%`.
    """
    for _project, indicator in file.indicators():
        target = indicator.target
        if isinstance(target, Range) and target.low > target.high:
            yield at_target(
                indicator, _("range {target!r} runs from high to low", target=target.text)
            )


def _short(text: str, limit: int = 20) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


_MEASURED = QUANTITATIVE | {Level2.TIMELINESS}


@REGISTRY.rule("V011", "values.number-read-as-text", "warning")
def number_read_as_text(file: CheckedFile) -> Iterator[Hit]:
    """A quantity, cost or timeliness target holds a number but is read as text.

    `95%左右`, `约 3 万元`, `完成 12 场`: the number is there, but the value around it is not
    a form of the value language, so the target is qualitative and scored only by an
    assessor's tier. The message says where reading stopped (as `perfgoals value` does in its
    `note`).

    Problem:

        数量 "培训场次" "12 场左右"

    Fix: write the value the language reads: `数量 "培训场次" "≥12 场"`.
    """
    for _project, indicator in file.indicators():
        target = indicator.target
        if indicator.level2 not in _MEASURED or indicator.not_applicable:
            continue
        if isinstance(target, Qualitative) and target.note is not None:
            yield at_target(
                indicator,
                _(
                    "{kind} target {target!r} holds a number but is read as text ({note}); write "
                    "it as a value the language reads",
                    kind=kind(indicator),
                    target=_short(target.text),
                    note=note_in_language(target),
                ),
            )


@REGISTRY.rule("V012", "values.full-width-comparator", "warning")
def full_width_comparator(file: CheckedFile) -> Iterator[Hit]:
    """A target's comparator is typed with a Chinese input method (`＞＝`, `≧`, `＜`).

    perfgoals reads `＞＝90%` as `≥90%`, but other tools and readers of the published table may
    not, and `＞＝` is easily taken for two comparators.

    Problem:

        时效 "完成及时率" ＞＝90%

    Fix: `时效 "完成及时率" ≥90%`.
    """
    for _project, indicator in file.indicators():
        span = indicator.target_span
        if not span.known:
            continue
        written = file.line(span.line)[span.column - 1 : span.end_column - 1]
        found = leading_comparator(written)
        if found is not None:
            yield at_target(
                indicator,
                _(
                    "comparator {found!r} in {target!r} is full-width: write {fixed}",
                    found=found,
                    target=indicator.target.text,
                    fixed=FULL_WIDTH_COMPARATORS[found],
                ),
                edit(file, span, half_width_comparator),
            )


@REGISTRY.rule("V013", "values.grades-left-aside", "warning")
def grades_left_aside(file: CheckedFile) -> Iterator[Hit]:
    """Tier criteria (`grade 优 …`) that cannot grade the target.

    Scoring leaves them aside and scores the target as usual, so the table's 优 · 良 · 中 · 差
    columns decide nothing: the criteria mix quantities and text, or the target meets none
    of them, or is in another unit.

    Problem:

        质量 "合格率" ≥80%
          grade 优 ≥95%
          grade 良 90%-95%

    Fix: a target the criteria grade (`≥90%` asks for 良), criteria in the target's unit, or
    criteria all quantities (or all text, for the assessor to judge by).
    """
    policy = None
    for _project, indicator in file.indicators():
        if not indicator.grades:
            continue
        # Scoring's own reading of the criteria, imported only for a file that has them.
        from ...scoring.grades import grading

        if policy is None:
            policy = _policy_of(file)
        reason = grading(indicator, policy, file.year)
        if isinstance(reason, str):
            yield at_target(
                indicator,
                _(
                    "the grade criteria are left aside and the target is scored as usual: {reason}",
                    reason=reason,
                ),
            )


def _policy_of(file: CheckedFile) -> Policy:
    """The ruleset's policy as scoring loads it (shipped, or a file beside the ruleset: it
    reads targets without comparators), else central's: a policy defined in the file itself,
    or one that cannot be read (scoring says why), reads criteria with comparators alike."""
    from pathlib import Path

    from ...language.errors import PerfgoalsError
    from ...scoring.policies import load_policy

    header = file.ruleset.header
    name = (header.policy if header is not None else None) or "central"
    try:
        return load_policy(name, relative_to=Path(file.path).parent)
    except PerfgoalsError:
        return load_policy("central")
