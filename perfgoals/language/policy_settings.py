"""Policy blocks read into a `Policy`: each `KEY VALUE` setting checked and positioned.

The parser hands over the settings of a `policy "NAME" { … }` block; this module turns them into
the model in `policy`, with a positioned error for an unknown key or a value out of range.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from typing import Any

from ..i18n import N_, _
from .assessment import Tier
from .errors import NO_SPAN, Span
from .model import Level1, Level2, level1_of, level2_of
from .policy import (
    Band,
    EqualRule,
    Explain,
    Grade,
    LatenessRule,
    NotApplicableRule,
    Policy,
    PositiveRule,
    RangeRule,
    ReverseRule,
    Rounding,
    RoundingMode,
    RoundingScope,
    Split,
    StrictRule,
    TierRule,
    default_tiers,
    percent_text,
)
from .settings import Handler, Report, Setting, SettingsReader, read_settings, set_field
from .values import Op

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
    fields: dict[str, Any] = {"name": name, "span": span, "comments": comments}
    unknown = N_("unknown policy setting {key!r}: expected {known}")
    if not read_settings(settings, _TOP, unknown, report, fields):
        return None
    try:
        return Policy.model_validate(fields)
    except ValueError as e:  # pragma: no cover - every field is checked above
        report(span.line, span.column, _("invalid policy: {reason}", reason=e), None)
        return None


def _weights(reader: SettingsReader, s: Setting) -> dict[Level1, Decimal] | None:
    out: dict[Level1, Decimal] = {}
    for child in reader.block(s):
        level1 = level1_of(child.key)
        if level1 is None:
            reader.fail(
                child,
                _(
                    "unknown level-1 kind {word!r}: expected 产出, 效益, 满意度 or 成本",
                    word=child.key,
                ),
            )
            continue
        number = reader.number(child)
        if number is not None:
            out[level1] = number
    return out


def _goals(reader: SettingsReader, s: Setting, fields: dict[str, Any]) -> None:
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
            reader.fail(
                child, _("unknown goal {key!r}: expected 目标1, 目标2, … or all", key=child.key)
            )
            continue
        if number is not None:
            goals[int(match[1])] = number
    fields["goals"] = goals


def read_readings(reader: SettingsReader, s: Setting, fields: dict[str, Any]) -> None:
    """The `reading { 数量 ≥ … }` block of a policy or a profile: how a bare target reads."""
    reading: dict[Level2, Op] = {}
    for child in reader.block(s):
        text = reader.scalar(child)
        op = _OPS.get((text or "").strip())
        if text is not None and (op is None or op in (">", "<")):
            reader.fail(
                child, _("{key}: expected ≥, ≤ or =, found {text!r}", key=child.key, text=text)
            )
            continue
        if op is None:
            continue
        if child.key in ("default", "其他"):
            fields["default_reading"] = op
            continue
        level2 = level2_of(child.key)
        if level2 is None:
            reader.fail(child, _("unknown level-2 kind {word!r}", word=child.key))
            continue
        reading[level2] = op
    fields["reading"] = reading


def _tiers(reader: SettingsReader, s: Setting) -> dict[Tier, TierRule] | None:
    out = dict(default_tiers())
    for child in reader.block(s):
        tier = tier_of(child.key)
        if tier is None:
            reader.fail(
                child, _("unknown tier {word!r}: expected 达成, 部分达成 or 未达成", word=child.key)
            )
            continue
        band, default = out[tier].band, out[tier].default
        for part in reader.block(child):
            if part.key == "band":
                text = reader.scalar(part)
                m = _BAND.fullmatch(text or "")
                if text is not None and m is None:
                    reader.fail(
                        part,
                        _(
                            "band: expected [LOW%, HIGH%] or [LOW%, HIGH%), found {text!r}",
                            text=text,
                        ),
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
                reader.fail(
                    part,
                    _("unknown tier setting {key!r}: expected band or default", key=part.key),
                )
        if not band.contains(default):
            reader.fail(
                child,
                _(
                    "tier {tier}: default {default} lies outside its band {band}",
                    tier=tier.value,
                    default=percent_text(default),
                    band=band.text(),
                ),
            )
        out[tier] = TierRule(band=band, default=default)
    return out


def _rounding(reader: SettingsReader, s: Setting) -> Rounding | None:
    values: dict[str, Any] = {}
    for child in reader.block(s):
        if child.key == "places":
            number = reader.number(child)
            if number is not None:
                if number != number.to_integral_value() or number > 10:
                    reader.fail(child, _("places: expected a whole number from 0 to 10"))
                else:
                    values["places"] = int(number)
        elif child.key == "mode":
            values["mode"] = reader.choice(child, RoundingMode)
        elif child.key == "scope":
            values["scope"] = reader.choice(child, RoundingScope)
        else:
            reader.fail(
                child,
                _(
                    "unknown rounding setting {key!r}: expected places, mode or scope",
                    key=child.key,
                ),
            )
    return Rounding(**{k: v for k, v in values.items() if v is not None})


def _grades(reader: SettingsReader, s: Setting) -> tuple[Grade, ...] | None:
    grades = []
    for child in reader.block(s):
        number = reader.number(child)
        if number is not None:
            grades.append(Grade(name=child.key, minimum=number))
    if not grades:
        reader.fail(s, _("grades: give at least one grade and its lowest score"))
        return None
    return tuple(sorted(grades, key=lambda g: g.minimum, reverse=True))


def _explain(reader: SettingsReader, s: Setting) -> Explain | None:
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
                _(
                    "unknown explain setting {key!r}: expected below_weight, below_met, "
                    "over_target, execution_below or budget_adjusted",
                    key=child.key,
                ),
            )
    return Explain(
        **{
            k: v
            for k, v in values.items()
            if v is not None or k in ("over_target", "execution_below")
        }
    )


_TOP: dict[str, Handler] = {
    "title": set_field("title", SettingsReader.scalar),
    "execution": set_field("execution", SettingsReader.number),
    "weights": set_field("level1", _weights),
    "goals": _goals,
    "split": set_field("split", lambda r, s: r.choice(s, Split)),
    "reading": read_readings,
    "positive": set_field("positive", lambda r, s: r.choice(s, PositiveRule)),
    "reverse": set_field("reverse", lambda r, s: r.choice(s, ReverseRule)),
    "equal": set_field("equal", lambda r, s: r.choice(s, EqualRule)),
    "strict": set_field("strict", lambda r, s: r.choice(s, StrictRule)),
    "range": set_field("range", lambda r, s: r.choice(s, RangeRule)),
    "deadline": set_field("deadline", lambda r, s: r.choice(s, LatenessRule)),
    "duration": set_field("duration", lambda r, s: r.choice(s, LatenessRule)),
    "tiers": set_field("tiers", _tiers),
    "not_applicable": set_field("not_applicable", lambda r, s: r.choice(s, NotApplicableRule)),
    "rounding": set_field("rounding", _rounding),
    "grades": set_field("grades", _grades),
    "explain": set_field("explain", _explain),
}
