"""Accounting for every source row of an import: what was used, what was left out and why.

An import never drops a row silently. Each row read ends up either *used* (a title, a header,
a goal, an indicator, the continuation of a cell) or in a note that gives its row number (or a
range of rows) and the reason it was left out. Notes are data: the CLI prints them and a summary
line, tests compare them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum

from ..i18n import N_, _
from ..language.errors import Diagnostic, SourceError
from ..tables.grid import page_of


class NoteKind(StrEnum):
    """Why a row was left out: expected (not table content) or rejected (a data problem)."""

    IGNORED = "ignored"  # not part of any table the importer reads: narrative, other tables
    REJECTED = "rejected"  # looked like table content but could not be imported
    PLACEHOLDER = "placeholder"  # a template row left unfilled: `指标2:`, `……`, `≥**%`, `/ / /`
    OUTSIDE = "outside"  # 决策 / 过程 / 管理 blocks of the older template: not targets
    TOTAL = "total"  # 合计 / 小计 / 其中 rows: read, kept apart, never scored
    # Remarks on rows that *were* used (they do not count as left out):
    GUESSED = "guessed"  # filed under a level the table did not print
    NOTE = "note"  # a column not read, a cell outside the table, a value kept as text


# Kinds that annotate a used row rather than account for a row left out.
REMARKS = frozenset({NoteKind.GUESSED, NoteKind.NOTE})
_SUMMARY_WORDS = {
    NoteKind.IGNORED: N_("not table content"),
    NoteKind.REJECTED: N_("rejected"),
    NoteKind.PLACEHOLDER: N_("placeholders"),
    NoteKind.OUTSIDE: N_("outside the target hierarchy"),
    NoteKind.TOTAL: N_("totals and breakdowns"),
}

# A note's kind as its line names it (the English is the kind's code).
_KIND_LABELS = {
    NoteKind.IGNORED: N_("ignored"),
    NoteKind.REJECTED: N_("rejected"),
    NoteKind.PLACEHOLDER: N_("placeholder"),
    NoteKind.OUTSIDE: N_("outside"),
    NoteKind.TOTAL: N_("total"),
    NoteKind.GUESSED: N_("guessed"),
    NoteKind.NOTE: N_("note"),
}
# The columns a note names by code: the importer's columns and the budget row's figures.
_COLUMN_LABELS = {
    "project": N_("column project"),
    "code": N_("column code"),
    "budget": N_("column budget"),
    "goal": N_("column goal"),
    "level1": N_("column level1"),
    "level2": N_("column level2"),
    "level3": N_("column level3"),
    "description": N_("column description"),
    "target": N_("column target"),
    "basis": N_("column basis"),
    "weight": N_("column weight"),
    "nature": N_("column nature"),
    "unit": N_("column unit"),
    "goal_ref": N_("column goal_ref"),
    "not_applicable": N_("column not_applicable"),
    "actual": N_("column actual"),
    "points": N_("column points"),
    "explanation": N_("column explanation"),
    "rule": N_("column rule"),
    "long_target": N_("column long_target"),
    "adjusted_target": N_("column adjusted_target"),
    "grade_excellent": N_("column grade_excellent"),
    "grade_good": N_("column grade_good"),
    "grade_fair": N_("column grade_fair"),
    "grade_poor": N_("column grade_poor"),
    "initial": N_("column initial"),
    "adjusted": N_("column adjusted"),
    "executed": N_("column executed"),
}


@dataclass(frozen=True)
class RowNote:
    """A row (or a run of rows) left out of the import, with the reason."""

    kind: NoteKind
    first_row: int
    last_row: int
    reason: str
    sheet: str | None = None
    column: str | None = None
    count: int = 0  # rows in the run, where blank lines inside it do not count; 0: all of them

    @property
    def rows(self) -> int:
        return self.count or self.last_row - self.first_row + 1

    def render(self, path: str, pages: Sequence[int] = ()) -> str:
        """The note's line; a PDF's rows (`pages`: where each page starts) by page and row."""
        label = _(_KIND_LABELS[self.kind])
        if self.column:
            label = _("{kind} ({column})", kind=label, column=column_label(self.column))
        return f"{self._place(path, pages)}: " + _(
            "{label}: {reason}", label=label, reason=self.reason
        )

    def _place(self, path: str, pages: Sequence[int]) -> str:
        first, last = self.first_row, self.last_row
        if pages and not self.sheet:
            where, row = on_page(path, pages, first)
            if first == last:
                return f"{where}:{row}"
            end, end_row = on_page(path, pages, last)
            if end == where:
                return f"{where}:{row}-{end_row}"
            return f"{where}:{row}-{end.removeprefix(path)}:{end_row}"  # x.pdf[第3页]:40-[第4页]:2
        where = f"{path}[{self.sheet}]" if self.sheet else path
        return f"{where}:{first}" if first == last else f"{where}:{first}-{last}"


def on_page(path: str, pages: Sequence[int], number: int) -> tuple[str, int]:
    """A PDF's row or line numbered across its pages as `x.pdf[第3页]` and its row on the page."""
    page, row = page_of(pages, number)
    return f"{path}[{_('page {page}', page=page)}]", row


def paged(error: SourceError, path: str, pages: Sequence[int]) -> SourceError:
    """The error with each position in the PDF at `path` given by page and row."""
    if not pages:
        return error
    diagnostics = []
    for d in error.diagnostics:
        if d.path == path and d.line > 0:
            where, row = on_page(path, pages, d.line)
            d = replace(d, path=where, line=row)
        diagnostics.append(d)
    return SourceError(diagnostics)


def column_label(column: str) -> str:
    """A note's column: its code in English (`column target`), its header in Chinese (指标值列)."""
    label = _COLUMN_LABELS.get(column)
    return _(label) if label is not None else _("column {column}", column=column)


@dataclass
class ImportReport:
    """Counts and notes for one source file."""

    path: str
    rows_read: int = 0
    rows_used: int = 0
    indicators: int = 0
    budget_rows: int = 0
    notes: list[RowNote] = field(default_factory=list)
    pages: tuple[int, ...] = ()  # a PDF's: the first row (or text line) of each page

    def read(self, count: int = 1) -> None:
        self.rows_read += count

    def use(self, count: int = 1) -> None:
        self.rows_used += count

    def leave_out(
        self,
        kind: NoteKind,
        first_row: int,
        reason: str,
        *,
        last_row: int | None = None,
        sheet: str | None = None,
        column: str | None = None,
        count: int = 0,
    ) -> None:
        note = RowNote(
            kind,
            first_row,
            first_row if last_row is None else last_row,
            reason,
            sheet,
            column,
            count,
        )
        self.notes.append(note)

    def remark(
        self,
        kind: NoteKind,
        row: int,
        reason: str,
        *,
        sheet: str | None = None,
        column: str | None = None,
    ) -> None:
        """A note on a row that was used: a guessed level, a column not read."""
        self.notes.append(RowNote(kind, row, row, reason, sheet, column))

    @property
    def rows_left_out(self) -> int:
        return sum(note.rows for note in self.notes if note.kind not in REMARKS)

    @property
    def rejected(self) -> list[RowNote]:
        return [note for note in self.notes if note.kind is NoteKind.REJECTED]

    def balanced(self) -> bool:
        """Every row read is either used or in a note."""
        return self.rows_read == self.rows_used + self.rows_left_out

    def summary(self) -> str:
        """`N rows read, N indicators, N budget rows, N skipped (reasons…)`."""
        counts = {
            kind: sum(note.rows for note in self.notes if note.kind is kind)
            for kind in _SUMMARY_WORDS
        }
        reasons = _(", ").join(
            f"{count} {_(_SUMMARY_WORDS[kind])}"
            for kind, count in counts.items()
            if count or kind in (NoteKind.IGNORED, NoteKind.REJECTED)
        )
        guessed = sum(1 for note in self.notes if note.kind is NoteKind.GUESSED)
        tail = _("; {count} under a guessed level", count=guessed) if guessed else ""
        summary = _(
            "{path}: {read} rows read, {indicators} indicators, {budget} budget rows, "
            "{skipped} skipped ({reasons}){tail}",
            path=self.path,
            read=self.rows_read,
            indicators=self.indicators,
            budget=self.budget_rows,
            skipped=self.rows_left_out,
            reasons=reasons,
            tail=tail,
        )
        return summary

    def lines(self) -> list[str]:
        """One line per note, then the summary."""
        notes = sorted(self.notes, key=lambda note: (note.sheet or "", note.first_row))
        return [note.render(self.path, self.pages) for note in notes] + [self.summary()]


def table_error(
    path: str,
    row: int,
    message: str,
    *,
    column: int = 0,
    column_name: str | None = None,
    source_line: str = "",
) -> SourceError:
    """Unusable input at a row (and column) of a table file: exit code 2 in the CLI."""
    if column_name:
        message = f"column {column_name}: {message}"
    return SourceError([Diagnostic(path, row, column, message, source_line)])
