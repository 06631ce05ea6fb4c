"""Scoring as the files are read: one project of the ruleset and its actuals at a time.

What `score()` does for a whole ruleset and assessment in memory, this does for a ruleset file
read block by block (perfgoals.language.parser.stream) and actuals read row by row (the CSV and
workbook readers), so a province's year is scored in bounded memory. The results are the same,
project for project and problem for problem.

Actuals written in the ruleset's order (as a fill-in template is) are read once. Otherwise they
are read twice: the first reading keeps only each project's name, code and origin,
which is all that matching needs, so matching (and its problems, in the actuals' order) is
decided before any project is scored. The second reading hands each project its actuals; those
that come before they are needed (a file in another order than the ruleset) wait in a buffer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from ..language.assessment import ProjectActuals
from ..language.collection import collection_paused
from ..language.parser.stream import StreamedRuleset
from ..language.policy import Policy
from .engine import SummaryCounter, score_project
from .matching import ActualsKey, Matcher, match_keys
from .results import Problem, ProjectResult, Summary


class OutOfOrder(Exception):
    """Actuals came in another order than the ruleset's projects: score with in_order=False."""


class StreamedScore:
    """Iterate `projects()` once; then `problems` and `summary` are complete.

    With `in_order` (the default), the actuals are read once and must follow the ruleset's
    order, as a fill-in template does; OutOfOrder is raised as soon as they do not, and the
    caller starts again with `in_order=False`, which reads them twice and buffers.
    """

    def __init__(
        self,
        ruleset: StreamedRuleset,
        read_actuals: Callable[[], Iterator[ProjectActuals]],
        policy: Policy,
        year: int | None = None,
        *,
        in_order: bool = True,
    ) -> None:
        self.ruleset = ruleset
        self.read_actuals = read_actuals
        self.policy = policy
        self.year = year if year is not None else ruleset.year
        self.in_order = in_order
        header = ruleset.header
        self.department = header.department if header is not None else None
        self.problems: list[Problem] = []
        self.summary: Summary | None = None

    @property
    def has_findings(self) -> bool:
        """As AssessmentResult.has_findings, once the projects have been read."""
        s = self.summary
        return s is not None and bool(s.explanations_missing or s.problems or s.statuses["error"])

    def projects(self) -> Iterator[ProjectResult]:
        with collection_paused():  # results are acyclic; see language/collection.py
            yield from self._projects()

    def _projects(self) -> Iterator[ProjectResult]:
        if self.in_order:
            yield from self._in_order()
        else:
            yield from self._buffered()

    def _in_order(self) -> Iterator[ProjectResult]:
        """One reading of the actuals, as long as they come in the ruleset's order."""
        matching: list[Problem] = []
        matcher = Matcher([(e.name, e.code) for e in self.ruleset.entries], matching)
        stream = self.read_actuals()
        try:
            yield from self._alongside(stream, matcher, matching)
        finally:
            _close(stream)

    def _alongside(
        self, stream: Iterator[ProjectActuals], matcher: Matcher, matching: list[Problem]
    ) -> Iterator[ProjectResult]:
        ahead: tuple[int, ProjectActuals] | None = None  # read, for a later project
        scoring: list[Problem] = []
        counter = SummaryCounter(self.policy)
        cache: dict[Any, Any] = {}
        for j, project in enumerate(self.ruleset.projects()):
            while ahead is None:
                item = next(stream, None)
                if item is None:
                    break
                index = matcher.match(item)
                if index is not None:
                    if index < j:
                        raise OutOfOrder
                    ahead = (index, item)
            actuals = None
            if ahead is not None and ahead[0] == j:
                actuals, ahead = ahead[1], None
            result = score_project(project, actuals, self.policy, self.year, cache, scoring)
            counter.add(result)
            yield result
        for item in stream:  # what is left matches no project, or is out of order
            if matcher.match(item) is not None:
                raise OutOfOrder
        self.problems = matching + scoring
        self.summary = counter.summary(len(self.problems))

    def _buffered(self) -> Iterator[ProjectResult]:
        """Two readings of the actuals: their keys first, then each when its project comes."""
        matching: list[Problem] = []
        keys = [(entry.name, entry.code) for entry in self.ruleset.entries]
        chosen = match_keys(keys, (ActualsKey.of(a) for a in self.read_actuals()), matching)
        wanted = {position for position in chosen if position is not None}
        waiting: dict[int, ProjectActuals] = {}
        reader = self.read_actuals()
        stream = enumerate(reader)
        scoring: list[Problem] = []
        counter = SummaryCounter(self.policy)
        cache: dict[Any, Any] = {}
        try:
            for project, position in zip(self.ruleset.projects(), chosen, strict=True):
                actuals = None
                if position is not None:
                    while position not in waiting:
                        read, item = next(stream)
                        if read in wanted:
                            waiting[read] = item
                    actuals = waiting.pop(position)
                result = score_project(project, actuals, self.policy, self.year, cache, scoring)
                counter.add(result)
                yield result
        finally:
            _close(reader)
        self.problems = matching + scoring
        self.summary = counter.summary(len(self.problems))


def _close(stream: Iterator[ProjectActuals]) -> None:
    """Close a reader left part-way (its file with it)."""
    close = getattr(stream, "close", None)
    if close is not None:
        close()
