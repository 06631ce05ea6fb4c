"""Profile blocks read into a `Profile`: each setting checked and positioned.

The parser hands over the settings of a `profile "NAME" { … }` block (the same `KEY VALUE` and
`KEY { … }` shape as a policy); this module turns them into the model in `profile`. An unknown
key, an unknown colour, and bands that overlap, leave a gap or do not start at 0 and run to ∞
are errors at the setting's position.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from decimal import Decimal
from itertools import pairwise
from typing import Any, TypeVar

from ..i18n import N_, _
from .assessment import Tier
from .errors import NO_SPAN, Span
from .model import level2_of
from .policy_settings import read_readings, tier_of
from .profile import COLOUR_WORDS, BudgetRule, Checkpoint, Colour, ColourBand, Profile
from .progress import likelihood_of
from .settings import Handler, Report, Setting, SettingsReader, read_settings, set_field
from .units import Dimension
from .values import canonical, parse_cn_number

_COLOUR_WORDS: dict[str, Colour] = {
    **{c.value: c for c in Colour},
    "红": Colour.RED,
    "黄": Colour.YELLOW,
    "绿": Colour.GREEN,
    "蓝": Colour.BLUE,
    "未到期": Colour.PENDING,
    "不适用": Colour.NOT_APPLICABLE,
    "未填报": Colour.NO_DATA,
}
_NUMBER = r"\d+(?:\.\d+)?"
_BAND = re.compile(
    rf"\s*([\[(])\s*({_NUMBER})\s*%?\s*,\s*({_NUMBER}|∞|inf)\s*%?\s*([\])])\s*", re.IGNORECASE
)
_MONTH = re.compile(r"(?:month|m)?(\d{1,2})(?:月|月底|月末)?")


def _known_colours() -> str:
    """The colours a profile may name, each as its word and its English name: 红 (red), …"""
    return _(", ").join(f"{COLOUR_WORDS[c]} ({c.value})" for c in Colour)


def colour_of(text: str) -> Colour | None:
    return _COLOUR_WORDS.get(unicodedata.normalize("NFKC", text).strip().lower())


def profile_from_settings(
    name: str,
    settings: tuple[Setting, ...],
    report: Report,
    span: Span = NO_SPAN,
    comments: tuple[str, ...] = (),
) -> Profile | None:
    """Build a Profile from a parsed block; every problem is reported with its position."""
    fields: dict[str, Any] = {"name": name, "span": span, "comments": comments}
    unknown = N_("unknown profile setting {key!r}: expected {known}")
    if not read_settings(settings, _TOP, unknown, report, fields):
        return None
    return Profile.model_validate(fields)


def _colour(reader: SettingsReader, s: Setting) -> Colour | None:
    text = reader.scalar(s)
    if text is None:
        return None
    colour = colour_of(text)
    if colour is None:
        reader.fail(
            s,
            _(
                "{key}: unknown colour {text!r}: expected {known}",
                key=s.key,
                text=text,
                known=_known_colours(),
            ),
        )
    return colour


_Key = TypeVar("_Key")


def _colour_map(
    reader: SettingsReader,
    s: Setting,
    key_of: Callable[[str], _Key | None],
    unknown: str,
    **named: object,
) -> dict[_Key, Colour]:
    """A block of `KEY colour` settings: each key read by `key_of`, an unknown one reported
    with `unknown` (marked with N_, naming {key} and `named`)."""
    out: dict[_Key, Colour] = {}
    for child in reader.block(s):
        key = key_of(child.key)
        if key is None:
            reader.fail(child, _(unknown, key=child.key, **named))
            continue
        colour = _colour(reader, child)
        if colour is not None:
            out[key] = colour
    return out


def _colours(keys: dict[str, str], what: str) -> Handler:
    """A block of `KEY colour` settings, each key naming one field."""

    def handler(reader: SettingsReader, s: Setting, fields: dict[str, Any]) -> None:
        unknown = N_("unknown {what} setting {key!r}: expected {known}")
        known = _(", ").join(keys)
        fields.update(_colour_map(reader, s, keys.get, unknown, what=what, known=known))

    return handler


def bands_of(reader: SettingsReader, s: Setting) -> tuple[ColourBand, ...] | None:
    """`bands { red "[0, 60)" yellow "[60, 80)" … }`: contiguous from 0 to ∞, no overlap."""
    bands: list[tuple[ColourBand, Setting]] = []
    for child in reader.block(s):
        colour = colour_of(child.key)
        if colour is None:
            reader.fail(
                child,
                _(
                    "unknown colour {key!r}: expected {known}",
                    key=child.key,
                    known=_known_colours(),
                ),
            )
            continue
        text = reader.scalar(child)
        m = _BAND.fullmatch(text or "")
        if text is None:
            continue
        if m is None:
            reader.fail(
                child,
                _(
                    "{key}: expected a band such as [60, 80), found {text!r}",
                    key=child.key,
                    text=text,
                ),
            )
            continue
        high = None if m[3].lower() in ("∞", "inf") else Decimal(m[3])
        band = ColourBand(
            colour=colour,
            low=Decimal(m[2]),
            high=high,
            low_inclusive=m[1] == "[",
            high_inclusive=m[4] == "]" and high is not None,
        )
        if high is not None and (high < band.low or (high == band.low and m[4] != "]")):
            reader.fail(
                child, _("{key}: the band {band} is empty", key=child.key, band=band.text())
            )
            continue
        bands.append((band, child))
    if not bands:
        if s.value is None:
            reader.fail(s, _("{key}: give at least one band", key=s.key))
        return None
    bands.sort(key=lambda pair: (pair[0].low, not pair[0].low_inclusive))
    first, first_setting = bands[0]
    if first.low != 0 or not first.low_inclusive:
        reader.fail(
            first_setting,
            _("the bands start at {band}: the first must be [0, …", band=first.text()),
        )
    for (band, _setting), (after, setting) in pairwise(bands):
        if (
            band.high is None
            or band.high > after.low
            or (band.high == after.low and band.high_inclusive and after.low_inclusive)
        ):
            reader.fail(
                setting, _("the band {band} overlaps {other}", band=after.text(), other=band.text())
            )
        elif band.high < after.low or not (band.high_inclusive or after.low_inclusive):
            reader.fail(
                setting,
                _(
                    "a gap between the bands {band} and {other}",
                    band=band.text(),
                    other=after.text(),
                ),
            )
    last, last_setting = bands[-1]
    if last.high is not None:
        reader.fail(
            last_setting, _("the bands end at {band}: the last must run to ∞", band=last.text())
        )
    return tuple(band for band, _setting in bands)


def _budget(reader: SettingsReader, s: Setting, fields: dict[str, Any]) -> None:
    for child in reader.block(s):
        if child.key == "rule":
            rule = reader.choice(child, BudgetRule)
            if rule is not None:
                fields["budget_rule"] = rule
        elif child.key == "bands":
            bands = bands_of(reader, child)
            if bands is not None:
                fields["budget_bands"] = bands
        elif child.key == "checkpoints":
            fields["checkpoints"] = _checkpoints(reader, child)
        elif child.key == "below":
            colour = _colour(reader, child)
            if colour is not None:
                fields["below_checkpoint"] = colour
        else:
            reader.fail(
                child,
                _(
                    "unknown budget setting {key!r}: expected rule, bands, checkpoints or below",
                    key=child.key,
                ),
            )
    if fields.get("budget_rule") is BudgetRule.CHECKPOINT and not fields.get("checkpoints"):
        reader.fail(s, _("budget: the checkpoint rule needs checkpoints { 四月 25% … }"))


def _checkpoints(reader: SettingsReader, s: Setting) -> tuple[Checkpoint, ...]:
    out: dict[int, Checkpoint] = {}
    for child in reader.block(s):
        key = unicodedata.normalize("NFKC", child.key)
        m = _MONTH.fullmatch(key)
        number = (
            Decimal(m[1]) if m else parse_cn_number(key.removesuffix("月底").removesuffix("月"))
        )
        if number is None or number != number.to_integral_value() or not 1 <= number <= 12:
            reader.fail(
                child,
                _("unknown month {key!r}: expected 四月, 六月, … or m4, m6, …", key=child.key),
            )
            continue
        month = int(number)
        share = reader.share(child)
        if share is None:
            continue
        if share > 1:
            reader.fail(child, _("{key}: a checkpoint is at most 100%", key=child.key))
            continue
        if month in out:
            reader.fail(child, _("month {month} has two checkpoints", month=month))
            continue
        out[month] = Checkpoint(month=month, minimum=canonical(share * 100))
    ordered = sorted(out.values(), key=lambda c: c.month)
    return tuple(ordered)


def _positive(reader: SettingsReader, s: Setting, fields: dict[str, Any]) -> None:
    for child in reader.block(s):
        if child.key == "bands":
            bands = bands_of(reader, child)
            if bands is not None:
                fields["positive_bands"] = bands
        else:
            reader.fail(child, _("unknown positive setting {key!r}: expected bands", key=child.key))


_UNRATED = "unrated"  # the colour of an indicator given no rating, beside the tiers


def _qualitative(reader: SettingsReader, s: Setting, fields: dict[str, Any]) -> None:
    def rating(key: str) -> Tier | str | None:
        return _UNRATED if key in (_UNRATED, "未评级") else tier_of(key)

    unknown = N_("unknown rating {key!r}: expected 达成, 部分达成, 未达成 or unrated")
    colours = _colour_map(reader, s, rating, unknown)
    if _UNRATED in colours:
        fields["unrated"] = colours.pop(_UNRATED)
    if colours:
        fields["tiers"] = {**Profile.model_fields["tiers"].default, **colours}


def _prorate(reader: SettingsReader, s: Setting, fields: dict[str, Any]) -> None:
    dimensions = dict(Profile.model_fields["prorate_dimensions"].default)
    kinds = {}
    for child in reader.block(s):
        try:
            dimension: Dimension | None = Dimension(child.key)
        except ValueError:
            dimension = None
        level2 = level2_of(child.key)
        if dimension is None and level2 is None:
            reader.fail(
                child,
                _(
                    "unknown kind {key!r}: expected a dimension ({dimensions}) or a level 2 "
                    "(数量, 质量, 时效, 成本, …)",
                    key=child.key,
                    dimensions=_(", ").join(d.value for d in Dimension),
                ),
            )
            continue
        flag = reader.flag(child)
        if flag is None:
            continue
        if dimension is not None:
            dimensions[dimension] = flag
        elif level2 is not None:
            kinds[level2] = flag
    fields["prorate_dimensions"] = dimensions
    fields["prorate_level2"] = kinds


def _gap(reader: SettingsReader, s: Setting, fields: dict[str, Any]) -> None:
    for child in reader.block(s):
        if child.key == "points":
            number = reader.number(child)
            if number is not None:
                fields["gap"] = number
        elif child.key == "colour":
            colour = _colour(reader, child)
            if colour is not None:
                fields["gap_colour"] = colour
        else:
            reader.fail(
                child, _("unknown gap setting {key!r}: expected points or colour", key=child.key)
            )


def _likelihood(reader: SettingsReader, s: Setting, fields: dict[str, Any]) -> None:
    unknown = N_("unknown likelihood {key!r}: expected 确定能, 有可能 or 完全不可能")
    fields["likelihood"] = _colour_map(reader, s, likelihood_of, unknown)


def _colour_list(reader: SettingsReader, s: Setting) -> list[Colour] | None:
    text = reader.scalar(s)
    if text is None:
        return None
    colours = []
    for word in text.replace(",", " ").split():
        colour = colour_of(word)
        if colour is None:
            reader.fail(
                s,
                _(
                    "{key}: unknown colour {text!r}: expected {known}",
                    key=s.key,
                    text=word,
                    known=_known_colours(),
                ),
            )
            return None
        colours.append(colour)
    return colours


def _explain(reader: SettingsReader, s: Setting, fields: dict[str, Any]) -> None:
    for child in reader.block(s):
        if child.key == "colours":
            colours = _colour_list(reader, child)
            if colours is not None:
                fields["explain"] = frozenset(colours)
        elif child.key == "budget":
            flag = reader.flag(child)
            if flag is not None:
                fields["explain_budget"] = flag
        else:
            reader.fail(
                child,
                _("unknown explain setting {key!r}: expected colours or budget", key=child.key),
            )


def _order(reader: SettingsReader, s: Setting, fields: dict[str, Any]) -> None:
    colours = _colour_list(reader, s)
    if colours is None:
        return
    if sorted(colours) != sorted(Colour):
        reader.fail(
            s, _("order: name every colour once, worst first: {colours}", colours=" ".join(Colour))
        )
        return
    fields["order"] = tuple(colours)


_TOP: dict[str, Handler] = {
    "title": set_field("title", SettingsReader.scalar),
    "source": set_field("source", SettingsReader.scalar),
    "budget": _budget,
    "positive": _positive,
    "reverse": _colours({"within": "within", "over": "over"}, "reverse"),
    "zero_target": _colours({"zero": "zero_met", "other": "zero_missed"}, "zero_target"),
    "qualitative": _qualitative,
    "deadline": _colours(
        {"before": "before_deadline", "done": "done", "overdue": "overdue"}, "deadline"
    ),
    "prorate": _prorate,
    "reading": read_readings,
    "gap": _gap,
    "likelihood": _likelihood,
    "explain": _explain,
    "order": _order,
}
