"""Format stage: model → canonical source text. Idempotent, and it keeps every comment."""

from __future__ import annotations

from decimal import Decimal
from itertools import groupby
from typing import TYPE_CHECKING

from .assessment import Actual, Assessment, IndicatorRef
from .budget_format import format_budget
from .document import Document
from .model import LEVEL1_LABELS, LEVEL2_LABELS, NATURE_LABELS, Header, Indicator, Project, Ruleset
from .parser.literals import comment_lines, quote, value_literal
from .progress import IndicatorProgress, Progress
from .values import NotApplicable

if TYPE_CHECKING:  # a ruleset's formatting defines no policy or profile models
    from .policy import Policy
    from .profile import ColourBand, Profile

INDENT = "  "


def number_literal(number: Decimal) -> str:
    return format(number, "f")


def format_ruleset(ruleset: Ruleset) -> str:
    """The canonical text of a ruleset."""
    return format_document(Document(ruleset=ruleset))


def _header(header: Header) -> list[str]:
    lines = comment_lines(header.comments, "")
    lines.append(f"ruleset {quote(header.title)} {{" if header.title is not None else "ruleset {")
    if header.department is not None:
        lines.append(f"{INDENT}department {quote(header.department)}")
    if header.year is not None:
        lines.append(f"{INDENT}year {header.year}")
    if header.currency is not None:
        lines.append(f"{INDENT}currency {header.currency}")
    if header.policy is not None:
        lines.append(f"{INDENT}policy {quote(header.policy)}")
    lines.append("}")
    return lines


def _project(project: Project) -> list[str]:
    lines = comment_lines(project.comments, "")
    lines.append(f"project {quote(project.name)} {{")
    if project.code is not None:
        lines.append(f"{INDENT}code {quote(project.code)}")
    for info in project.info:
        lines.extend(comment_lines(info.comments, INDENT))
        lines.append(f"{INDENT}info {quote(info.label)} {quote(info.value)}")
    if project.budget is not None:
        lines.append(f"{INDENT}budget {value_literal(project.budget.text)}")
    for fund in project.funds:
        lines += comment_lines(fund.comments, INDENT)
        lines.append(f"{INDENT}fund {quote(fund.source)} {value_literal(fund.amount.text)}")
    for goal in project.goals:
        lines += comment_lines(goal.comments, INDENT)
        lines.append(f"{INDENT}goal {quote(goal.text)}")
    # Consecutive indicators of one level 1 share a block; order is kept exactly.
    for level1, group in groupby(project.indicators, key=lambda i: i.level1):
        lines.append(f"{INDENT}{LEVEL1_LABELS[level1]} {{")
        for indicator in group:
            lines += _indicator(indicator)
        lines.append(f"{INDENT}}}")
    lines += comment_lines(project.end_comments, INDENT)
    lines.append("}")
    return lines


def _indicator(indicator: Indicator) -> list[str]:
    pad = INDENT * 2
    attr = INDENT * 3
    lines = comment_lines(indicator.comments, pad)
    lines.append(
        f"{pad}{LEVEL2_LABELS[indicator.level2]} {quote(indicator.name)} "
        f"{value_literal(indicator.target.text)}"
    )
    if indicator.description is not None:
        lines.append(f"{attr}desc {quote(indicator.description)}")
    if indicator.basis is not None:
        lines.append(f"{attr}basis {quote(indicator.basis)}")
    if indicator.weight is not None:
        lines.append(f"{attr}weight {number_literal(indicator.weight)}")
    if indicator.nature is not None:
        lines.append(f"{attr}nature {NATURE_LABELS[indicator.nature]}")
    if indicator.goal is not None:
        lines.append(f"{attr}goal {indicator.goal}")
    if indicator.not_applicable:
        lines.append(f"{attr}na")
    if indicator.long_term_target is not None:
        lines.append(f"{attr}long_term {value_literal(indicator.long_term_target.text)}")
    for tier in indicator.grades:
        lines.append(f"{attr}grade {tier.grade.value} {value_literal(tier.criterion.text)}")
    return lines


# ---- policies and assessments -------------------------------------------------------------
def _share(share: Decimal) -> str:
    return f"{(share * 100).normalize():f}%"


def _number(number: Decimal) -> str:
    """A weight as written: no exponent, no trailing zeros."""
    text = format(number.normalize(), "f")
    return text


def format_policy(policy: Policy) -> list[str]:
    """A policy block with every setting spelled out, so the file documents itself."""
    pad = INDENT
    lines = comment_lines(policy.comments, "")
    lines.append(f"policy {quote(policy.name)} {{")
    if policy.title is not None:
        lines.append(f"{pad}title {quote(policy.title)}")
    lines.append(f"{pad}execution {_number(policy.execution)}")
    weights = " ".join(f"{LEVEL1_LABELS[k]} {_number(v)}" for k, v in policy.level1.items())
    lines.append(f"{pad}weights {{ {weights} }}" if weights else f"{pad}weights {{ }}")
    if policy.by_goal:
        goals = [f"目标{n} {_number(w)}" for n, w in sorted(policy.goals.items())]
        if policy.goals_total is not None:
            goals.append(f"all {_number(policy.goals_total)}")
        lines.append(f"{pad}goals {{ {' '.join(goals)} }}")
    lines.append(f"{pad}split {policy.split.value}")
    reading = [f"default {_OP_TEXT[policy.default_reading]}"]
    reading += [f"{LEVEL2_LABELS[k]} {_OP_TEXT[v]}" for k, v in policy.reading.items()]
    lines.append(f"{pad}reading {{ {' '.join(reading)} }}")
    for key in ("positive", "reverse", "equal", "strict", "range", "deadline", "duration"):
        lines.append(f"{pad}{key} {getattr(policy, key).value}")
    lines.append(f"{pad}tiers {{")
    for tier, rule in policy.tiers.items():
        lines.append(
            f"{pad * 2}{tier.value} {{ band {quote(rule.band.text())} "
            f"default {_share(rule.default)} }}"
        )
    lines.append(f"{pad}}}")
    lines.append(f"{pad}not_applicable {policy.not_applicable.value}")
    r = policy.rounding
    lines.append(f"{pad}rounding {{ places {r.places} mode {r.mode.value} scope {r.scope.value} }}")
    grades = " ".join(f"{g.name} {_number(g.minimum)}" for g in policy.grades)
    lines.append(f"{pad}grades {{ {grades} }}")
    e = policy.explain
    lines.append(f"{pad}explain {{")
    lines.append(f"{pad * 2}below_weight {_yes(e.below_weight)}")
    lines.append(f"{pad * 2}below_met {_yes(e.below_met)}")
    lines.append(
        f"{pad * 2}over_target {'off' if e.over_target is None else _share(e.over_target)}"
    )
    lines.append(
        f"{pad * 2}execution_below "
        f"{'off' if e.execution_below is None else _share(e.execution_below)}"
    )
    lines.append(f"{pad * 2}budget_adjusted {_yes(e.budget_adjusted)}")
    lines.append(f"{pad}}}")
    lines.append("}")
    return lines


_OP_TEXT = {">=": "≥", "<=": "≤", "=": "=", ">": ">", "<": "<"}


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def _money(amount: Decimal) -> str:
    """An amount in 元, written in 万元 when that is exact and shorter."""
    return f"{_number(amount)}元"


def format_assessment(assessment: Assessment, comments: tuple[str, ...] = ()) -> list[str]:
    """An assessment block: amounts in 元, each actual as written."""
    pad = INDENT
    lines = comment_lines(comments, "")
    lines.append("assessment {")
    if assessment.year is not None:
        lines.append(f"{pad}year {assessment.year}")
    if assessment.ruleset is not None:
        lines.append(f"{pad}ruleset {quote(assessment.ruleset)}")
    if assessment.policy is not None:
        lines.append(f"{pad}policy {quote(assessment.policy)}")
    for project in assessment.projects:
        lines.append(f"{pad}project {quote(project.project)} {{")
        inner = pad * 2
        if project.code is not None:
            lines.append(f"{inner}code {quote(project.code)}")
        if project.adjusted_budget is not None:
            lines.append(f"{inner}budget {_money(project.adjusted_budget)}")
        if project.initial_budget is not None:
            lines.append(f"{inner}initial {_money(project.initial_budget)}")
        if project.executed is not None:
            lines.append(f"{inner}executed {_money(project.executed)}")
        if project.explanation is not None:
            lines.append(f"{inner}explain {quote(project.explanation)}")
        for actual in project.actuals:
            lines.append(inner + _actual(actual))
        lines.append(f"{pad}}}")
    lines.append("}")
    return lines


def _reference(keyword: str, ref: IndicatorRef) -> list[str]:
    """The words that name an indicator in an assessment or progress line: levels, name, 第."""
    parts = [keyword]
    if ref.level1 is not None:
        parts.append(LEVEL1_LABELS[ref.level1])
    if ref.level2 is not None:
        parts.append(LEVEL2_LABELS[ref.level2])
    parts.append(quote(ref.name))
    if ref.occurrence is not None:
        parts.append(f"occurrence {ref.occurrence}")
    return parts


def _actual(actual: Actual) -> str:
    parts = _reference("actual", actual.indicator)
    if actual.value is not None and not isinstance(actual.value, NotApplicable):
        parts.append(value_literal(actual.value.text))
    if actual.not_applicable:
        parts.append("na")
    if actual.tier is not None:
        parts.append(f"tier {actual.tier.value}")
    if actual.points is not None:
        parts.append(f"points {number_literal(actual.points)}")
    if actual.explanation is not None:
        parts.append(f"explain {quote(actual.explanation)}")
    return " ".join(parts)


_MONTHS = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二")


def _bands(bands: tuple[ColourBand, ...]) -> str:
    inner = " ".join(f"{b.colour.value} {quote(b.text())}" for b in bands)
    return f"bands {{ {inner} }}"


# ---- monitoring profiles and progress --------------------------------------------------
def format_profile(profile: Profile) -> list[str]:
    pad, inner = INDENT, INDENT * 2
    lines = comment_lines(profile.comments, "")
    lines.append(f"profile {quote(profile.name)} {{")
    if profile.title is not None:
        lines.append(f"{pad}title {quote(profile.title)}")
    if profile.source is not None:
        lines.append(f"{pad}source {quote(profile.source)}")
    lines.append(f"{pad}budget {{")
    lines.append(f"{inner}rule {profile.budget_rule.value}")
    if profile.checkpoints:
        points = " ".join(
            f"{_MONTHS[c.month - 1]}月 {_number(c.minimum)}%" for c in profile.checkpoints
        )
        lines.append(f"{inner}checkpoints {{ {points} }}")
    lines.append(f"{inner}below {profile.below_checkpoint.value}")
    lines.append(f"{inner}{_bands(profile.budget_bands)}")
    lines.append(f"{pad}}}")
    lines.append(f"{pad}positive {{ {_bands(profile.positive_bands)} }}")
    lines.append(f"{pad}reverse {{ within {profile.within.value} over {profile.over.value} }}")
    lines.append(
        f"{pad}zero_target {{ zero {profile.zero_met.value} other {profile.zero_missed.value} }}"
    )
    tiers = " ".join(f"{tier.value} {colour.value}" for tier, colour in profile.tiers.items())
    lines.append(f"{pad}qualitative {{ {tiers} unrated {profile.unrated.value} }}")
    lines.append(
        f"{pad}deadline {{ before {profile.before_deadline.value} done {profile.done.value} "
        f"overdue {profile.overdue.value} }}"
    )
    prorate = [f"{d.value} {_yes(flag)}" for d, flag in profile.prorate_dimensions.items()]
    prorate += [f"{LEVEL2_LABELS[k]} {_yes(flag)}" for k, flag in profile.prorate_level2.items()]
    lines.append(f"{pad}prorate {{ {' '.join(prorate)} }}")
    reading = [f"default {_OP_TEXT[profile.default_reading]}"]
    reading += [f"{LEVEL2_LABELS[k]} {_OP_TEXT[v]}" for k, v in profile.reading.items()]
    lines.append(f"{pad}reading {{ {' '.join(reading)} }}")
    if profile.gap is not None:
        lines.append(
            f"{pad}gap {{ points {_number(profile.gap)} colour {profile.gap_colour.value} }}"
        )
    if profile.likelihood:
        stated = " ".join(f"{k.value} {c.value}" for k, c in profile.likelihood.items())
        lines.append(f"{pad}likelihood {{ {stated} }}")
    from .profile import Colour  # defined when a file holds a profile

    explained = " ".join(c.value for c in Colour if c in profile.explain)
    lines.append(
        f"{pad}explain {{ colours {quote(explained)} budget {_yes(profile.explain_budget)} }}"
    )
    lines.append(f"{pad}order {quote(' '.join(c.value for c in profile.order))}")
    lines.append("}")
    return lines


def format_progress(progress: Progress, comments: tuple[str, ...] = ()) -> list[str]:
    pad, inner = INDENT, INDENT * 2
    lines = comment_lines(comments, "")
    lines.append("progress {")
    if progress.month is not None:
        lines.append(f"{pad}month {progress.month}")
    if progress.as_of is not None:
        lines.append(f"{pad}as_of {progress.as_of.isoformat()}")
    if progress.year is not None:
        lines.append(f"{pad}year {progress.year}")
    if progress.ruleset is not None:
        lines.append(f"{pad}ruleset {quote(progress.ruleset)}")
    if progress.profile is not None:
        lines.append(f"{pad}profile {quote(progress.profile)}")
    for project in progress.projects:
        lines.append(f"{pad}project {quote(project.project)} {{")
        if project.code is not None:
            lines.append(f"{inner}code {quote(project.code)}")
        for key in ("budget", "executed", "forecast"):
            amount = getattr(project, key)
            if amount is not None:
                lines.append(f"{inner}{key} {_money(amount)}")
        if project.explanation is not None:
            lines.append(f"{inner}explain {quote(project.explanation)}")
        lines.extend(inner + _current(entry) for entry in project.indicators)
        lines.append(f"{pad}}}")
    lines.append("}")
    return lines


def _current(entry: IndicatorProgress) -> str:
    parts = _reference("current", entry.indicator)
    if entry.current is not None and not isinstance(entry.current, NotApplicable):
        parts.append(value_literal(entry.current.text))
    if entry.forecast is not None:
        parts.append(f"forecast {value_literal(entry.forecast.text)}")
    if entry.not_applicable:
        parts.append("na")
    if entry.tier is not None:
        parts.append(f"tier {entry.tier.value}")
    if entry.cause is not None:
        parts.append(f"cause {entry.cause.value}")
    if entry.explanation is not None:
        parts.append(f"explain {quote(entry.explanation)}")
    if entry.likelihood is not None:
        parts.append(f"likelihood {entry.likelihood.value}")
    if entry.note is not None:
        parts.append(f"note {quote(entry.note)}")
    return " ".join(parts)


def format_document(document: Document) -> str:
    """The canonical text of a whole file: ruleset, policies, profiles, assessment, progress."""
    ruleset = document.ruleset
    blocks: list[list[str]] = []
    if ruleset.header is not None:
        blocks.append(_header(ruleset.header))
    if ruleset.budget is not None:
        blocks.append(format_budget(ruleset.budget))
    blocks.extend(_project(project) for project in ruleset.projects)
    blocks.extend(format_policy(policy) for policy in document.policies)
    blocks.extend(format_profile(profile) for profile in document.profiles)
    if document.assessment is not None:
        blocks.append(format_assessment(document.assessment, document.assessment_comments))
    if document.progress is not None:
        blocks.append(format_progress(document.progress, document.progress_comments))
    if ruleset.end_comments:
        blocks.append(comment_lines(ruleset.end_comments, ""))
    return "\n\n".join("\n".join(block) for block in blocks) + "\n"
