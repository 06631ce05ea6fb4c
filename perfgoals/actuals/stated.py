"""The 年度指标值 a row of actual values states, compared with the ruleset's target."""

from __future__ import annotations

from collections.abc import Iterable
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


class ProjectLookup:
    """Which ruleset project a row's name and code point to: by code, else by a unique name."""

    def __init__(self, keys: Iterable[tuple[str, str | None]]) -> None:
        self.by_code: dict[str, int] = {}
        self.by_name: dict[str, list[int]] = {}
        for position, (name, code) in enumerate(keys):
            if code:
                self.by_code.setdefault(code, position)  # the first, as scoring matches
            self.by_name.setdefault(name, []).append(position)

    def index(self, name: str, code: str | None) -> int | None:
        position = self.by_code.get(code) if code else None
        if position is None:
            named = self.by_name.get(name, [])
            position = named[0] if len(named) == 1 else None
        return position


class TargetIndex:
    """Finds the ruleset indicator a row names, to compare the row's 年度指标值 with it."""

    def __init__(self, ruleset: Ruleset) -> None:
        self.projects = ruleset.projects
        self.lookup = ProjectLookup((p.name, p.code) for p in ruleset.projects)

    def project(self, name: str, code: str | None) -> Project | None:
        position = self.lookup.index(name, code)
        return None if position is None else self.projects[position]

    def find(self, name: str, code: str | None, ref: IndicatorRef) -> Indicator | None:
        """The indicator a reference names, or None if it cannot be told."""
        project = self.project(name, code)
        return None if project is None else indicator_in(project, ref)

    def compare(self, stated: StatedTarget, place: Place, column_name: str) -> Diagnostic | None:
        project = self.project(stated.project, stated.code)
        return None if project is None else difference(project, stated, place, column_name)


def indicator_in(project: Project, ref: IndicatorRef) -> Indicator | None:
    """The indicator of `project` a reference names, or None if it cannot be told."""
    matches = [
        i
        for i in project.indicators
        if i.name == ref.name
        and (ref.level1 is None or i.level1 is ref.level1)
        and (ref.level2 is None or i.level2 is ref.level2)
    ]
    position = (ref.occurrence or 1) - 1
    return matches[position] if position < len(matches) else None


def difference(
    project: Project, stated: StatedTarget, place: Place, column_name: str
) -> Diagnostic | None:
    """A note if the row states another target than the project's indicator has, else None."""
    # An unknown indicator is for scoring to report; only a clear difference is noted.
    indicator = indicator_in(project, stated.indicator)
    if indicator is None or stated.text == indicator.target.text:
        return None  # the same text states the same target: nothing to parse
    if _value_key(stated.text) == _value_key(indicator.target.text):
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


@dataclass(frozen=True)
class PendingTarget:
    """A stated target read before its ruleset project: compared when the project comes."""

    stated: StatedTarget
    place: Place
    column_name: str
    order: int  # its place among the file's stated targets, so notes keep the file's order

    def note(self, project: Project) -> Diagnostic | None:
        return difference(project, self.stated, self.place, self.column_name)


class StatedTargets:
    """The stated targets of a table read without its ruleset, kept by project.

    A streamed score meets the ruleset's projects one at a time: it takes each project's
    stated targets as the project's actuals are read, and compares them when the ruleset
    project they name is parsed, giving the notes a whole reading would give.
    """

    def __init__(self) -> None:
        self._pending: dict[tuple[str, str | None], list[PendingTarget]] = {}
        self._count = 0

    def keep(self, stated: StatedTarget, place: Place, column_name: str) -> None:
        kept = PendingTarget(stated, place, column_name, self._count)
        self._count += 1
        self._pending.setdefault((stated.project, stated.code), []).append(kept)

    def take(self, name: str, code: str | None) -> list[PendingTarget]:
        """The stated targets of one project's rows read so far, no longer kept here."""
        return self._pending.pop((name, code), [])
