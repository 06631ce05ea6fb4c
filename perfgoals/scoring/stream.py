"""Scoring as the files are read: one project of the ruleset and its actuals at a time.

What `score()` does for a whole ruleset and assessment in memory, this does for a ruleset file
read block by block (perfgoals.language.parser.stream) and actuals read row by row (the CSV and
workbook readers), so a province's year is scored in bounded memory. The results are the same,
project for project and problem for problem.

The actuals are read twice. The first reading keeps only each project's name, code and origin,
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
from .matching import ActualsKey, match_keys
from .results import Problem, ProjectResult, Summary


class StreamedScore:
    """Iterate `projects()` once; then `problems` and `summary` are complete."""

    def __init__(
        self,
        ruleset: StreamedRuleset,
        read_actuals: Callable[[], Iterator[ProjectActuals]],
        policy: Policy,
        year: int | None = None,
    ) -> None:
        self.ruleset = ruleset
        self.read_actuals = read_actuals
        self.policy = policy
        self.year = year if year is not None else ruleset.year
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
        matching: list[Problem] = []
        keys = [(entry.name, entry.code) for entry in self.ruleset.entries]
        chosen = match_keys(keys, (ActualsKey.of(a) for a in self.read_actuals()), matching)
        wanted = {position for position in chosen if position is not None}
        waiting: dict[int, ProjectActuals] = {}
        stream = enumerate(self.read_actuals())
        scoring: list[Problem] = []
        counter = SummaryCounter(self.policy)
        cache: dict[Any, Any] = {}
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
        self.problems = matching + scoring
        self.summary = counter.summary(len(self.problems))
