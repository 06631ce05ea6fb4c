"""The 年度指标值 a row of actual values states, compared with the ruleset's target."""

from __future__ import annotations

from dataclasses import dataclass

from ..i18n import _
from ..language.assessment import IndicatorRef
from ..language.errors import Diagnostic, ValueSyntaxError
from ..language.model import Indicator, Project, Ruleset
from ..language.values import Comparison, Deadline, NotApplicable, Qualitative, Range, parse_value
from .columns import Place, normal_word


@dataclass(frozen=True)
class StatedTarget:
    """The 年度指标值 a row states: compared with the ruleset's target when one is given."""

    project: str
    code: str | None
    indicator: IndicatorRef
    text: str
    row: int
    column: int


# ---- comparing stated targets with the ruleset ---------------------------------------------


def _value_key(text: str) -> object:
    """What a target means, without how it was spaced: equal keys state the same target."""
    try:
        value = parse_value(text)
    except ValueSyntaxError:
        return ("text", normal_word(text))
    if isinstance(value, Comparison):
        return ("comparison", value.op, value.value, value.dimension, value.unit)
    if isinstance(value, Range):
        return ("range", value.low, value.high, value.dimension)
    if isinstance(value, Deadline):
        return ("deadline", value.op, value.value)
    if isinstance(value, Qualitative | NotApplicable):
        return (value.kind, value.op, normal_word(value.text))
    raise AssertionError(value)  # pragma: no cover


class TargetIndex:
    """Finds the ruleset indicator a row names, to compare the row's 年度指标值 with it."""

    def __init__(self, ruleset: Ruleset) -> None:
        self.by_code: dict[str, Project] = {}
        self.by_name: dict[str, list[Project]] = {}
        for project in ruleset.projects:
            if project.code:
                self.by_code[project.code] = project
            self.by_name.setdefault(project.name, []).append(project)

    def project(self, name: str, code: str | None) -> Project | None:
        project = self.by_code.get(code) if code else None
        if project is None:
            named = self.by_name.get(name, [])
            project = named[0] if len(named) == 1 else None
        return project

    def find(self, name: str, code: str | None, ref: IndicatorRef) -> Indicator | None:
        """The indicator a reference names, or None if it cannot be told."""
        project = self.project(name, code)
        if project is None:
            return None
        matches = [
            i
            for i in project.indicators
            if i.name == ref.name
            and (ref.level1 is None or i.level1 is ref.level1)
            and (ref.level2 is None or i.level2 is ref.level2)
        ]
        position = (ref.occurrence or 1) - 1
        return matches[position] if position < len(matches) else None

    def compare(self, stated: StatedTarget, place: Place, column_name: str) -> Diagnostic | None:
        # An unknown project or indicator is for scoring to report; only a clear difference is.
        indicator = self.find(stated.project, stated.code, stated.indicator)
        if indicator is None or _value_key(stated.text) == _value_key(indicator.target.text):
            return None
        return place.problem(
            stated.row,
            stated.column,
            column_name,
            _(
                "states {stated!r}, but the ruleset's target is {target!r} (line {line}); the "
                "ruleset's target is scored",
                stated=stated.text,
                target=indicator.target.text,
                line=indicator.span.line,
            ),
        )
