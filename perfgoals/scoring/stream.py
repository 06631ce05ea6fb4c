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

A table's rows may state the target they report on (年度指标值): each is compared with the
ruleset's target when that project is parsed, giving the notes a whole reading gives
(perfgoals.actuals.stated), in the file's order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from ..actuals.stated import PendingTarget, ProjectLookup, StatedTargets
from ..language.assessment import ProjectActuals
from ..language.collection import collection_paused
from ..language.errors import Diagnostic
from ..language.model import Project
from ..language.parser.stream import StreamedRuleset
from ..language.policy import Policy
from .engine import SummaryCounter, score_project
from .matching import ActualsKey, Matcher, match_keys
from .results import Problem, ProjectResult, Summary


class OutOfOrder(Exception):
    """Actuals came in another order than the ruleset's projects: score with in_order=False."""


class StreamedScore:
    """Iterate `projects()` once; then `problems`, `notes` and `summary` are complete.

    `read_actuals` opens the actuals anew, keeping the targets its rows state in the
    StatedTargets it is given. With `in_order` (the default), the actuals are read once and
    must follow the ruleset's order, as a fill-in template does; OutOfOrder is raised as soon
    as they do not, and the caller starts again with `in_order=False`, which reads them twice
    and buffers.
    """

    def __init__(
        self,
        ruleset: StreamedRuleset,
        read_actuals: Callable[[StatedTargets], Iterator[ProjectActuals]],
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
        self.notes: list[Diagnostic] = []  # stated targets that differ from the ruleset's
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
        keys = [(e.name, e.code) for e in self.ruleset.entries]
        matcher = Matcher(keys, matching)
        stated = _Stated(keys)
        stream = self.read_actuals(stated.targets)
        try:
            yield from self._alongside(stream, matcher, matching, stated)
        finally:
            _close(stream)

    def _alongside(
        self,
        stream: Iterator[ProjectActuals],
        matcher: Matcher,
        matching: list[Problem],
        stated: _Stated,
    ) -> Iterator[ProjectResult]:
        ahead: tuple[int, ProjectActuals] | None = None  # read, for a later project
        scoring: list[Problem] = []
        counter = SummaryCounter(self.policy)
        cache: dict[Any, Any] = {}
        for j, project in enumerate(self.ruleset.projects()):
            stated.compare(j, project)
            while ahead is None:
                item = next(stream, None)
                if item is None:
                    break
                if not stated.read(item, j, project):
                    raise OutOfOrder  # its stated targets are for a project already scored
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
            if matcher.match(item) is not None or not stated.read(
                item, len(self.ruleset.entries), None
            ):
                raise OutOfOrder
        self.problems = matching + scoring
        self.notes = stated.notes()
        self.summary = counter.summary(len(self.problems))

    def _buffered(self) -> Iterator[ProjectResult]:
        """Two readings of the actuals: their keys first, then each when its project comes."""
        matching: list[Problem] = []
        keys = [(entry.name, entry.code) for entry in self.ruleset.entries]
        first = _Stated(keys)
        chosen = match_keys(
            keys, (first.key(a) for a in self.read_actuals(first.targets)), matching
        )
        wanted = {position for position in chosen if position is not None}
        waiting: dict[int, ProjectActuals] = {}
        stated = _Stated(keys)
        reader = self.read_actuals(stated.targets)
        stream = enumerate(reader)
        read = -1  # the last actuals read
        scoring: list[Problem] = []
        counter = SummaryCounter(self.policy)
        cache: dict[Any, Any] = {}
        try:
            for j, (project, position) in enumerate(
                zip(self.ruleset.projects(), chosen, strict=True)
            ):
                # Read as far as this project's actuals, and the stated targets naming it.
                last = max(-1 if position is None else position, first.last_naming.get(j, -1))
                while read < last:
                    read, item = next(stream)
                    stated.read(item, j, None)
                    if read in wanted:
                        waiting[read] = item
                stated.compare(j, project)
                actuals = waiting.pop(position) if position is not None else None
                result = score_project(project, actuals, self.policy, self.year, cache, scoring)
                counter.add(result)
                yield result
        finally:
            _close(reader)
        self.problems = matching + scoring
        self.notes = stated.notes()
        self.summary = counter.summary(len(self.problems))


def _close(stream: Iterator[ProjectActuals]) -> None:
    """Close a reader left part-way (its file with it)."""
    close = getattr(stream, "close", None)
    if close is not None:
        close()


class _Stated:
    """The stated targets of the actuals read so far, each compared when its project comes.

    Which ruleset project a row's targets are compared with is told as a whole reading tells
    it (ProjectLookup), which may differ from the project its actuals are scored against.
    """

    def __init__(self, keys: list[tuple[str, str | None]]) -> None:
        self.targets = StatedTargets()
        self.lookup = ProjectLookup(keys)
        self.pending: dict[int, list[PendingTarget]] = {}
        self.found: list[tuple[int, Diagnostic]] = []
        self.last_naming: dict[int, int] = {}  # project → the last actuals stating its targets
        self.count = 0

    def read(self, item: ProjectActuals, at: int, project: Project | None) -> bool:
        """Keep the targets `item` states; False if they name a project before `at`."""
        position = self.count
        self.count += 1
        targets = self.targets.take(item.project, item.code)
        if not targets:
            return True
        index = self.lookup.index(item.project, item.code)
        if index is None:
            return True
        self.last_naming[index] = position
        if index < at:
            return False
        if index == at and project is not None:
            self._note(targets, project)
        else:
            self.pending.setdefault(index, []).extend(targets)
        return True

    def key(self, item: ProjectActuals) -> ActualsKey:
        """What matching needs of `item`, after noting which project its targets name."""
        if self.targets.take(item.project, item.code):
            index = self.lookup.index(item.project, item.code)
            if index is not None:
                self.last_naming[index] = self.count
        self.count += 1
        return ActualsKey.of(item)

    def compare(self, index: int, project: Project) -> None:
        self._note(self.pending.pop(index, []), project)

    def _note(self, targets: list[PendingTarget], project: Project) -> None:
        for target in targets:
            note = target.note(project)
            if note is not None:
                self.found.append((target.order, note))

    def notes(self) -> list[Diagnostic]:
        return [note for _, note in sorted(self.found, key=lambda found: found[0])]
