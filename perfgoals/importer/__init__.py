"""Import stage: published tables → ruleset (and, for self-assessment tables, an assessment).

Sources: budget-disclosure text, extracted or read from its PDF (`disclosure`), and target or
self-assessment tables in CSV, .xlsx, .xls or PDF (`tables`, read by perfgoals.tables). Every import
returns an `ImportReport` that accounts for each source row.
"""

from __future__ import annotations

from pathlib import Path

from ..i18n import _
from ..language.errors import Diagnostic, SourceError
from ..language.model import Ruleset
from .report import ImportReport, NoteKind, RowNote, paged
from .tables import Imported, import_sheets

__all__ = [
    "ImportReport",
    "Imported",
    "NoteKind",
    "RowNote",
    "import_file",
]

# What import_file reads, by suffix: the one list that folders are searched for and that
# messages name. (A file without a suffix, named on its own, is read as disclosure text too.)
TEXT_SUFFIXES = (".txt", ".text")
TABLE_SUFFIXES = (".csv", ".tsv", ".xlsx", ".xlsm", ".xls", ".pdf")
SOURCE_SUFFIXES = TEXT_SUFFIXES + TABLE_SUFFIXES


def import_file(path: str | Path, *, policy: str = "central") -> Imported:
    """Import one file; its extension picks the reader (.txt disclosure, .csv/.xlsx tables)."""
    suffix = Path(path).suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        from ..tables.workbook import read_workbook

        return import_sheets(str(path), read_workbook(path), policy=policy)
    if suffix in (".csv", ".tsv"):
        from ..tables.delimited import read_csv

        return import_sheets(str(path), [read_csv(path)], policy=policy)
    if suffix == ".xls":
        from ..tables.xls import read_xls

        return import_sheets(str(path), read_xls(path), policy=policy)
    if suffix == ".pdf":
        return _import_pdf(path, policy)
    if suffix in TEXT_SUFFIXES or suffix == "":
        from ..tables.text import read_text

        return _import_disclosure(path, read_text(path, _("a budget disclosure text")), policy)
    raise SourceError(
        [
            Diagnostic(
                str(path),
                0,
                0,
                _(
                    "cannot import a {suffix} file: expected disclosure text (.txt) or PDF, "
                    "a CSV/TSV table, a workbook (.xlsx, .xls) or a PDF with tables",
                    suffix=suffix,
                ),
            )
        ]
    )


def _import_disclosure(path: str | Path, text: str, policy: str) -> Imported:
    from .budget import budget_from_text, has_budget_tables, with_repairs_noted
    from .disclosure import import_disclosure

    ruleset, report = import_disclosure(path, policy=policy, text=text)
    if has_budget_tables(text):  # the .perf carries the tables the checker ties out
        budget = with_repairs_noted(budget_from_text(text))
        ruleset = ruleset.model_copy(update={"budget": budget})
    report.indicators = sum(len(p.indicators) for p in ruleset.projects)
    report.budget_rows = sum(1 for p in ruleset.projects if p.budget is not None)
    return Imported(ruleset, report)


def _import_pdf(path: str | Path, policy: str) -> Imported:
    """A PDF: a whole budget disclosure (its numbered `1、…绩效目标表` tables) is read as its
    text, as a disclosure's extracted text is; a PDF of single tables (target tables,
    self-assessments) by the table reader. The PDF is opened, and its tables found, once."""
    from ..tables.pdf import PdfDocument
    from .disclosure import is_disclosure_text

    with PdfDocument(path) as document:
        text = document.text()
        sheets = None if is_disclosure_text(text) else document.sheets()
    # Positions name the page and the row (or line) on it: a PDF has no line numbers to find.
    pages = document.line_pages if sheets is None else sheets[0].pages
    try:
        if sheets is not None:
            return import_sheets(str(path), sheets, policy=policy)  # its report has the pages
        imported = _import_disclosure(path, text, policy)
    except SourceError as error:
        raise paged(error, str(path), pages) from None
    imported.report.pages = pages  # the text's lines, counted across the pages
    return imported


def imported_ruleset(path: str | Path) -> Ruleset:
    """Just the ruleset of an import (the report is dropped)."""
    return import_file(path).ruleset
