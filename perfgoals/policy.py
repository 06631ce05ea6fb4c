"""Scoring policies (评分办法): the rules one jurisdiction scores a self-assessment by.

A policy is data: weights, the formula chosen for each kind of target, tiers, grades, rounding
and the conditions that require a deviation explanation. The engine (perfgoals.scoring) reads it and
hard-codes none of these choices. Policies are written as `policy "NAME" { … }` blocks (see
docs/scoring.md); the shipped ones live in rulesets/policies/.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from .assessment import Tier
from .errors import NO_SPAN, PerfgoalsError, Span
from .model import Level1, Level2, level1_of, level2_of
from .values import Op


class Split(StrEnum):
    """How a level-1 (or goal) weight is shared when the ruleset gives indicators none."""

    INDICATORS = "indicators"  # equally over the applicable level-3 indicators
    LEVEL2 = "level2"  # equally over the level-2 kinds present, then over their indicators


class PositiveRule(StrEnum):
    RATIO = "ratio"  # actual / target × weight
    ALL_OR_NOTHING = "all_or_nothing"


class ReverseRule(StrEnum):
    RATIO = "ratio"  # target / actual × weight
    LINEAR = "linear"  # (1 − (actual − target) / target) × weight, 0 at twice the target
    ALL_OR_NOTHING = "all_or_nothing"


class EqualRule(StrEnum):
    POSITIVE = "positive"  # scored like ≥
    EXACT = "exact"  # full points only for the exact value


class StrictRule(StrEnum):
    INCLUSIVE = "inclusive"  # `>` scored like `≥`, `<` like `≤`
    ALL_OR_NOTHING = "all_or_nothing"  # the bound must be passed; otherwise 0


class RangeRule(StrEnum):
    NEAREST_END = "nearest_end"  # below: positive against low; above: reverse against high
    ALL_OR_NOTHING = "all_or_nothing"


class LatenessRule(StrEnum):
    PROPORTIONAL = "proportional"  # weight × max(0, 1 − d / D)
    ALL_OR_NOTHING = "all_or_nothing"


class NotApplicableRule(StrEnum):
    RESCALE = "rescale"  # drop the weight; score = earned ÷ applicable maximum × 100
    FULL_POINTS = "full_points"  # the indicator keeps its weight and earns it


class RoundingMode(StrEnum):
    HALF_UP = "half_up"
    HALF_EVEN = "half_even"

    @property
    def decimal_rounding(self) -> str:
        return ROUND_HALF_UP if self is RoundingMode.HALF_UP else ROUND_HALF_EVEN


class RoundingScope(StrEnum):
    INDICATOR = "indicator"  # every indicator's points (and execution points), then the totals
    TOTAL = "total"  # exact points throughout; only subtotals and totals are rounded


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Band(_Frozen):
    """A share of the weight, [low, high] or [low, high): fractions of 1."""

    low: Decimal
    high: Decimal
    high_inclusive: bool

    def contains(self, share: Decimal) -> bool:
        if share < self.low:
            return False
        return share <= self.high if self.high_inclusive else share < self.high

    def text(self) -> str:
        close = "]" if self.high_inclusive else ")"
        return f"[{_percent(self.low)}, {_percent(self.high)}{close}"


def _percent(share: Decimal) -> str:
    value = (share * 100).normalize()
    return f"{value:f}%"


class TierRule(_Frozen):
    """A qualitative tier: its band of the weight and the share given when no points are."""

    band: Band
    default: Decimal


class Rounding(_Frozen):
    places: int = 2
    mode: RoundingMode = RoundingMode.HALF_UP
    scope: RoundingScope = RoundingScope.INDICATOR

    @property
    def quantum(self) -> Decimal:
        return _quantum(self.places)

    def apply(self, number: Decimal) -> Decimal:
        return number.quantize(self.quantum, rounding=self.mode.decimal_rounding)


class Grade(_Frozen):
    """A grade and the lowest score that earns it."""

    name: str
    minimum: Decimal


class Explain(_Frozen):
    """When a deviation explanation (偏差原因分析) is required; None switches a check off."""

    below_weight: bool = True
    below_met: bool = True
    over_target: Decimal | None = Decimal("1.3")  # actual ≥ this × target
    execution_below: Decimal | None = Decimal("0.9")  # execution rate < this
    budget_adjusted: bool = True


def _default_tiers() -> dict[Tier, TierRule]:
    return {
        Tier.MET: TierRule(
            band=Band(low=Decimal("0.8"), high=Decimal(1), high_inclusive=True), default=Decimal(1)
        ),
        Tier.PARTLY_MET: TierRule(
            band=Band(low=Decimal("0.6"), high=Decimal("0.8"), high_inclusive=False),
            default=Decimal("0.6"),
        ),
        Tier.NOT_MET: TierRule(
            band=Band(low=Decimal(0), high=Decimal("0.6"), high_inclusive=False), default=Decimal(0)
        ),
    }


def _default_grades() -> tuple[Grade, ...]:
    return (
        Grade(name="优", minimum=Decimal(90)),
        Grade(name="良", minimum=Decimal(80)),
        Grade(name="中", minimum=Decimal(60)),
        Grade(name="差", minimum=Decimal(0)),
    )


def _default_level1() -> dict[Level1, Decimal]:
    return {
        Level1.OUTPUT: Decimal(50),
        Level1.BENEFIT: Decimal(30),
        Level1.SATISFACTION: Decimal(10),
    }


class Policy(_Frozen):
    """A scoring policy. The defaults are the central one (财预〔2020〕10号 and its template)."""

    name: str
    title: str | None = None
    execution: Decimal = Decimal(10)
    level1: dict[Level1, Decimal] = _default_level1()
    # Hubei layout: weights by project goal instead of by level 1. `goals_total` is shared
    # equally by the goals a project's indicators name, unless `goals` gives a goal its own.
    goals: dict[int, Decimal] = {}
    goals_total: Decimal | None = None
    split: Split = Split.INDICATORS
    reading: dict[Level2, Op] = {kind: "<=" for kind in Level2 if kind.is_cost}
    default_reading: Op = ">="
    positive: PositiveRule = PositiveRule.RATIO
    reverse: ReverseRule = ReverseRule.RATIO
    equal: EqualRule = EqualRule.POSITIVE
    strict: StrictRule = StrictRule.INCLUSIVE
    range: RangeRule = RangeRule.NEAREST_END
    deadline: LatenessRule = LatenessRule.PROPORTIONAL
    duration: LatenessRule = LatenessRule.PROPORTIONAL
    tiers: dict[Tier, TierRule] = _default_tiers()
    not_applicable: NotApplicableRule = NotApplicableRule.RESCALE
    rounding: Rounding = Rounding()
    grades: tuple[Grade, ...] = _default_grades()
    explain: Explain = Explain()
    comments: tuple[str, ...] = ()
    span: Span = NO_SPAN

    @property
    def by_goal(self) -> bool:
        return bool(self.goals) or self.goals_total is not None

    def reading_of(self, level2: Level2) -> Op:
        """How a target with no comparator is read for this level-2 kind."""
        return self.reading.get(level2, self.default_reading)

    def grade_of(self, score: Decimal) -> str:
        for grade in _high_first(self.grades):
            if score >= grade.minimum:
                return grade.name
        return self.grades[-1].name if self.grades else ""


# Module-level caches, not cached properties: model_copy would carry a cached value over to a
# copy whose fields differ.
_HIGH_FIRST: dict[int, tuple[tuple[Grade, ...], tuple[Grade, ...]]] = {}


def _high_first(grades: tuple[Grade, ...]) -> tuple[Grade, ...]:
    # By the tuple's identity: hashing the grades would cost more than the rest of grade_of
    # (it runs once per project). An entry keeps its tuple alive, so the id is never reused.
    kept = _HIGH_FIRST.get(id(grades))
    if kept is None:
        if len(_HIGH_FIRST) >= 64:
            _HIGH_FIRST.clear()
        ordered = tuple(sorted(grades, key=lambda g: g.minimum, reverse=True))
        kept = _HIGH_FIRST[id(grades)] = (grades, ordered)
    return kept[1]


@lru_cache(maxsize=64)
def _quantum(places: int) -> Decimal:
    return Decimal(1).scaleb(-places)


CENTRAL = Policy(name="central")


class PolicyNotFound(PerfgoalsError):
    """A policy named by a ruleset or on the command line that is not shipped or given."""


def policies_dir() -> Path:
    """The shipped policies: inside the installed package, or in a source checkout."""
    packaged = Path(__file__).parent / "policies"
    if packaged.is_dir():
        return packaged
    return Path(__file__).parent.parent / "rulesets" / "policies"


def shipped_policies() -> dict[str, Path]:
    """Name → file of every shipped policy (the file stem is its name)."""
    folder = policies_dir()
    if not folder.is_dir():
        return {}
    return {path.stem: path for path in sorted(folder.glob("*.perf"))}


# ---- reading a policy block -------------------------------------------------------------------
@dataclass(frozen=True)
class Setting:
    """One `KEY VALUE` or `KEY { … }` of a policy block, as the parser hands it over."""

    key: str
    value: str | None  # None for a block
    children: tuple[Setting, ...]
    line: int
    column: int
    end_column: int


Report = Callable[[int, int, str, "int | None"], None]

_YES = {
    "yes": True,
    "on": True,
    "true": True,
    "是": True,
    "no": False,
    "off": False,
    "false": False,
    "否": False,
}
_TIER_WORDS: dict[str, Tier] = {
    "达成": Tier.MET,
    "达成年度指标": Tier.MET,
    "met": Tier.MET,
    "部分达成": Tier.PARTLY_MET,
    "部分达成年度指标并具有一定效果": Tier.PARTLY_MET,
    "partly_met": Tier.PARTLY_MET,
    "未达成": Tier.NOT_MET,
    "未达成年度指标且效果较差": Tier.NOT_MET,
    "not_met": Tier.NOT_MET,
    "missed": Tier.NOT_MET,
}
_OPS: dict[str, Op] = {"≥": ">=", ">=": ">=", "≤": "<=", "<=": "<=", "=": "=", ">": ">", "<": "<"}
_BAND = re.compile(r"\s*\[\s*([\d.]+)\s*%\s*,\s*([\d.]+)\s*%\s*([\])])\s*")


def tier_of(word: str) -> Tier | None:
    """达成 / 部分达成 / 未达成 (or their full names, or met / partly_met / not_met)."""
    return _TIER_WORDS.get(unicodedata.normalize("NFKC", word).strip().lower())


def policy_from_settings(
    name: str,
    settings: tuple[Setting, ...],
    report: Report,
    span: Span = NO_SPAN,
    comments: tuple[str, ...] = (),
) -> Policy | None:
    """Build a Policy from a parsed block; every problem is reported with its position."""
    reader = _SettingsReader(report)
    fields: dict[str, Any] = {"name": name, "span": span, "comments": comments}
    for s in reader.unique(settings):
        handler = _TOP.get(s.key)
        if handler is None:
            reader.fail(s, f"unknown policy setting {s.key!r}: expected " + ", ".join(_TOP))
            continue
        handler(reader, s, fields)
    if reader.failed:
        return None
    try:
        return Policy.model_validate(fields)
    except ValueError as e:  # pragma: no cover - every field is checked above
        report(span.line, span.column, f"invalid policy: {e}", None)
        return None


class _SettingsReader:
    def __init__(self, report: Report) -> None:
        self.report = report
        self.failed = False

    def fail(self, s: Setting, message: str) -> None:
        self.failed = True
        self.report(s.line, s.column, message, s.end_column)

    def unique(self, settings: tuple[Setting, ...]) -> list[Setting]:
        seen: set[str] = set()
        out = []
        for s in settings:
            if s.key in seen:
                self.fail(s, f"{s.key} is given twice")
                continue
            seen.add(s.key)
            out.append(s)
        return out

    def scalar(self, s: Setting) -> str | None:
        if s.value is None:
            self.fail(s, f"{s.key} takes a value, not a block")
        return s.value

    def block(self, s: Setting) -> list[Setting]:
        if s.value is not None:
            self.fail(s, f"{s.key} takes a block {{ … }}, not a value")
            return []
        return self.unique(s.children)

    def number(self, s: Setting) -> Decimal | None:
        text = self.scalar(s)
        if text is None:
            return None
        try:
            number = Decimal(text)
        except InvalidOperation:
            self.fail(s, f"{s.key}: expected a number, found {text!r}")
            return None
        if not number.is_finite() or number < 0:
            self.fail(s, f"{s.key}: expected a number of points, found {text!r}")
            return None
        return number

    def share(self, s: Setting) -> Decimal | None:
        text = self.scalar(s)
        if text is None:
            return None
        body = text.strip()
        if body.endswith(("%", "％")):
            try:
                number = Decimal(body[:-1])
            except InvalidOperation:
                number = Decimal(-1)
            if number.is_finite() and number >= 0:
                return number / 100
        self.fail(s, f"{s.key}: expected a percentage such as 90%, found {text!r}")
        return None

    def choice(self, s: Setting, enum: type[StrEnum]) -> Any:
        text = self.scalar(s)
        if text is None:
            return None
        try:
            return enum(text)
        except ValueError:
            self.fail(
                s, f"{s.key}: expected " + " or ".join(e.value for e in enum) + f", found {text!r}"
            )
            return None

    def flag(self, s: Setting) -> bool | None:
        text = self.scalar(s)
        if text is None:
            return None
        if text.lower() not in _YES:
            self.fail(s, f"{s.key}: expected yes or no, found {text!r}")
            return None
        return _YES[text.lower()]


_Handler = Callable[[_SettingsReader, Setting, dict[str, Any]], None]


def _set(field: str, read: Callable[[_SettingsReader, Setting], Any]) -> _Handler:
    def handler(reader: _SettingsReader, s: Setting, fields: dict[str, Any]) -> None:
        value = read(reader, s)
        if value is not None:
            fields[field] = value

    return handler


def _title(reader: _SettingsReader, s: Setting) -> str | None:
    return reader.scalar(s)


def _weights(reader: _SettingsReader, s: Setting) -> dict[Level1, Decimal] | None:
    out: dict[Level1, Decimal] = {}
    for child in reader.block(s):
        level1 = level1_of(child.key)
        if level1 is None:
            reader.fail(
                child, f"unknown level-1 kind {child.key!r}: expected 产出, 效益, 满意度 or 成本"
            )
            continue
        number = reader.number(child)
        if number is not None:
            out[level1] = number
    return out


def _goals(reader: _SettingsReader, s: Setting, fields: dict[str, Any]) -> None:
    goals: dict[int, Decimal] = {}
    for child in reader.block(s):
        number = reader.number(child)
        key = unicodedata.normalize("NFKC", child.key).lower()
        if key in ("all", "全部"):
            if number is not None:
                fields["goals_total"] = number
            continue
        match = re.fullmatch(r"(?:目标|goal)(\d+)", key)
        if match is None or int(match[1]) < 1:
            reader.fail(child, f"unknown goal {child.key!r}: expected 目标1, 目标2, … or all")
            continue
        if number is not None:
            goals[int(match[1])] = number
    fields["goals"] = goals


def _reading(reader: _SettingsReader, s: Setting, fields: dict[str, Any]) -> None:
    reading: dict[Level2, Op] = {}
    for child in reader.block(s):
        text = reader.scalar(child)
        op = _OPS.get((text or "").strip())
        if text is not None and (op is None or op in (">", "<")):
            reader.fail(child, f"{child.key}: expected ≥, ≤ or =, found {text!r}")
            continue
        if op is None:
            continue
        if child.key in ("default", "其他"):
            fields["default_reading"] = op
            continue
        level2 = level2_of(child.key)
        if level2 is None:
            reader.fail(child, f"unknown level-2 kind {child.key!r}")
            continue
        reading[level2] = op
    fields["reading"] = reading


def _tiers(reader: _SettingsReader, s: Setting) -> dict[Tier, TierRule] | None:
    out = dict(_default_tiers())
    for child in reader.block(s):
        tier = tier_of(child.key)
        if tier is None:
            reader.fail(child, f"unknown tier {child.key!r}: expected 达成, 部分达成 or 未达成")
            continue
        band, default = out[tier].band, out[tier].default
        for part in reader.block(child):
            if part.key == "band":
                text = reader.scalar(part)
                m = _BAND.fullmatch(text or "")
                if text is not None and m is None:
                    reader.fail(
                        part, f"band: expected [LOW%, HIGH%] or [LOW%, HIGH%), found {text!r}"
                    )
                elif m is not None:
                    band = Band(
                        low=Decimal(m[1]) / 100,
                        high=Decimal(m[2]) / 100,
                        high_inclusive=m[3] == "]",
                    )
            elif part.key == "default":
                share = reader.share(part)
                if share is not None:
                    default = share
            else:
                reader.fail(part, f"unknown tier setting {part.key!r}: expected band or default")
        if not band.contains(default):
            reader.fail(
                child,
                f"tier {tier.value}: default {_percent(default)} lies outside "
                f"its band {band.text()}",
            )
        out[tier] = TierRule(band=band, default=default)
    return out


def _rounding(reader: _SettingsReader, s: Setting) -> Rounding | None:
    values: dict[str, Any] = {}
    for child in reader.block(s):
        if child.key == "places":
            number = reader.number(child)
            if number is not None:
                if number != number.to_integral_value() or number > 10:
                    reader.fail(child, "places: expected a whole number from 0 to 10")
                else:
                    values["places"] = int(number)
        elif child.key == "mode":
            values["mode"] = reader.choice(child, RoundingMode)
        elif child.key == "scope":
            values["scope"] = reader.choice(child, RoundingScope)
        else:
            reader.fail(
                child, f"unknown rounding setting {child.key!r}: expected places, mode or scope"
            )
    return Rounding(**{k: v for k, v in values.items() if v is not None})


def _grades(reader: _SettingsReader, s: Setting) -> tuple[Grade, ...] | None:
    grades = []
    for child in reader.block(s):
        number = reader.number(child)
        if number is not None:
            grades.append(Grade(name=child.key, minimum=number))
    if not grades:
        reader.fail(s, "grades: give at least one grade and its lowest score")
        return None
    return tuple(sorted(grades, key=lambda g: g.minimum, reverse=True))


def _explain(reader: _SettingsReader, s: Setting) -> Explain | None:
    values: dict[str, Any] = {}
    for child in reader.block(s):
        if child.key in ("below_weight", "below_met", "budget_adjusted"):
            values[child.key] = reader.flag(child)
        elif child.key in ("over_target", "execution_below"):
            if (child.value or "").lower() in ("off", "no"):
                values[child.key] = None
            else:
                share = reader.share(child)
                if share is not None:
                    values[child.key] = share
        else:
            reader.fail(
                child,
                f"unknown explain setting {child.key!r}: expected below_weight, "
                "below_met, over_target, execution_below or budget_adjusted",
            )
    return Explain(
        **{
            k: v
            for k, v in values.items()
            if v is not None or k in ("over_target", "execution_below")
        }
    )


_TOP: dict[str, _Handler] = {
    "title": _set("title", _title),
    "execution": _set("execution", _SettingsReader.number),
    "weights": _set("level1", _weights),
    "goals": _goals,
    "split": _set("split", lambda r, s: r.choice(s, Split)),
    "reading": _reading,
    "positive": _set("positive", lambda r, s: r.choice(s, PositiveRule)),
    "reverse": _set("reverse", lambda r, s: r.choice(s, ReverseRule)),
    "equal": _set("equal", lambda r, s: r.choice(s, EqualRule)),
    "strict": _set("strict", lambda r, s: r.choice(s, StrictRule)),
    "range": _set("range", lambda r, s: r.choice(s, RangeRule)),
    "deadline": _set("deadline", lambda r, s: r.choice(s, LatenessRule)),
    "duration": _set("duration", lambda r, s: r.choice(s, LatenessRule)),
    "tiers": _set("tiers", _tiers),
    "not_applicable": _set("not_applicable", lambda r, s: r.choice(s, NotApplicableRule)),
    "rounding": _set("rounding", _rounding),
    "grades": _set("grades", _grades),
    "explain": _set("explain", _explain),
}


def load_policy(name_or_path: str | Path) -> Policy:
    """A shipped policy by name, or the first policy of a .perf file given by path."""
    from .parser import parse_document_file

    shipped = shipped_policies()
    path = shipped.get(str(name_or_path))
    if path is None:
        path = Path(name_or_path)
        if path.suffix != ".perf" or not path.is_file():
            known = ", ".join(shipped) or "none"
            raise PolicyNotFound(
                f"unknown policy {str(name_or_path)!r}: shipped policies are "
                f"{known}; or give the path of a .perf file"
            )
    document = parse_document_file(path)
    if not document.policies:
        raise PolicyNotFound(f"{path}: the file holds no policy block")
    return document.policies[0]
