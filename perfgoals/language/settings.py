"""Settings blocks, the shape policies and profiles share: `KEY VALUE` and `KEY { … }`.

The parser hands over a block's settings; a reader checks each value (a number, a share, a
choice, a flag) and reports a problem at the setting's position, and `read_settings` runs the
handler of each key into the fields of the model being built.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from ..i18n import _
from .numbers import number_problem


@dataclass(frozen=True)
class Setting:
    """One `KEY VALUE` or `KEY { … }` of a policy or profile block, as the parser hands it over."""

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


class SettingsReader:
    """Reads the values of settings; each problem is reported at its setting, and remembered."""

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
                self.fail(s, _("{name} is given twice", name=s.key))
                continue
            seen.add(s.key)
            out.append(s)
        return out

    def scalar(self, s: Setting) -> str | None:
        if s.value is None:
            self.fail(s, _("{key} takes a value, not a block", key=s.key))
        return s.value

    def block(self, s: Setting) -> list[Setting]:
        if s.value is not None:
            self.fail(s, _("{key} takes a block {{ … }}, not a value", key=s.key))
            return []
        return self.unique(s.children)

    def number(self, s: Setting) -> Decimal | None:
        text = self.scalar(s)
        if text is None:
            return None
        try:
            number = Decimal(text)
        except InvalidOperation:
            self.fail(s, _("{key}: expected a number, found {text!r}", key=s.key, text=text))
            return None
        if not number.is_finite() or number < 0:
            self.fail(
                s, _("{key}: expected a number of points, found {text!r}", key=s.key, text=text)
            )
            return None
        problem = number_problem(number)
        if problem:
            self.fail(s, f"{s.key}: {problem}")
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
            if number.is_finite() and number >= 0 and not number_problem(number):
                return number / 100
        self.fail(
            s, _("{key}: expected a percentage such as 90%, found {text!r}", key=s.key, text=text)
        )
        return None

    def choice(self, s: Setting, enum: type[StrEnum]) -> Any:
        text = self.scalar(s)
        if text is None:
            return None
        try:
            return enum(text)
        except ValueError:
            self.fail(
                s,
                _(
                    "{key}: expected {choices}, found {text!r}",
                    key=s.key,
                    choices=_(" or ").join(e.value for e in enum),
                    text=text,
                ),
            )
            return None

    def flag(self, s: Setting) -> bool | None:
        text = self.scalar(s)
        if text is None:
            return None
        if text.lower() not in _YES:
            self.fail(s, _("{key}: expected yes or no, found {text!r}", key=s.key, text=text))
            return None
        return _YES[text.lower()]


Handler = Callable[[SettingsReader, Setting, dict[str, Any]], None]


def set_field(field: str, read: Callable[[SettingsReader, Setting], Any]) -> Handler:
    def handler(reader: SettingsReader, s: Setting, fields: dict[str, Any]) -> None:
        value = read(reader, s)
        if value is not None:
            fields[field] = value

    return handler


def read_settings(
    settings: tuple[Setting, ...],
    handlers: Mapping[str, Handler],
    unknown: str,
    report: Report,
    fields: dict[str, Any],
) -> bool:
    """Run each setting's handler into `fields`; a key given twice or not in `handlers` is
    reported, with `unknown` (marked with N_, naming {key} and {known}). True when nothing
    was reported."""
    reader = SettingsReader(report)
    for s in reader.unique(settings):
        handler = handlers.get(s.key)
        if handler is None:
            reader.fail(s, _(unknown, key=s.key, known=_(", ").join(handlers)))
            continue
        handler(reader, s, fields)
    return not reader.failed
