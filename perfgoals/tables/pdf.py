"""Tables inside a PDF, read directly with pdfplumber (a maintained PDF table extractor), and
the whole text of a PDF (a budget disclosure) with its tables' rows as tab-separated lines.

Every table pdfplumber finds on a page becomes rows; the tables of all pages are read as one
sheet, in page order, because a published table runs on over page breaks (its repeated header
is read as a header again, and its rows continue the block). Rows are numbered in reading
order across the pages, counting table rows only, and the sheet keeps where each page starts
(as `PdfDocument.line_pages` does for the text's lines), so that positions can name the page and
the row on it. Cells keep their text as extracted,
line breaks inside a cell joined. `PdfDocument` gives both from one opening, so a caller that
needs the text to decide whether it wants the tables reads the file once. pdfplumber is
imported on first use.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..i18n import _, ngettext, os_reason
from ..language.errors import Diagnostic, SourceError
from .grid import Row, Sheet

_HEAD_BYTES = 1024  # readers look for the %PDF header within the first kilobyte


def _checked(path: str | Path) -> str:
    """The path's name, after the checks that make a file that is no PDF a positioned error."""
    name = str(path)
    try:
        with Path(path).open("rb") as file:
            head = file.read(_HEAD_BYTES)  # a report of hundreds of pages need not be read twice
    except OSError as e:
        raise SourceError(
            [Diagnostic(name, 0, 0, _("cannot read file: {reason}", reason=os_reason(e)))]
        ) from None
    if not head:
        raise SourceError([Diagnostic(name, 1, 1, _("empty file: expected a PDF"))])
    if not head.lstrip().startswith(b"%PDF"):
        raise SourceError([Diagnostic(name, 1, 0, _("not a PDF file (no %PDF header)"))])
    # pdfminer logs every odd font descriptor it meets; they are not the user's problem.
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    return name


def _unreadable(name: str, e: Exception) -> SourceError:
    reason = _("not a readable PDF: {error}: {reason}", error=type(e).__name__, reason=e)
    return SourceError([Diagnostic(name, 1, 0, reason)])


class PdfDocument:
    """A PDF opened once, for its text, its tables as a sheet, or both: each page's tables are
    found once (the costly part of reading a PDF) and kept for whichever is asked next. Use it
    as a context manager; pdfplumber is imported on entry."""

    def __init__(self, path: str | Path) -> None:
        self.name = _checked(path)
        self._path = path
        self._pdf: Any = None
        self._tables: list[list[Any]] | None = None  # per page, as pdfplumber found them
        self.line_pages: tuple[int, ...] = ()  # the first line of each page in `text()`

    def __enter__(self) -> PdfDocument:
        import pdfplumber

        with self._reading():
            self._pdf = pdfplumber.open(self._path)
        return self

    def __exit__(self, *_exc: object) -> None:
        self._pdf.close()

    def text(self) -> str:
        """The text in reading order, as a disclosure's extracted text is laid out: a line of
        text per printed line outside the tables, and a row of a ruled table as one line of
        cells separated by tabs (a cell's own line breaks joined, trailing empty cells left
        out)."""
        lines: list[str] = []
        starts: list[int] = []
        with self._reading():
            for page, tables in zip(self._pdf.pages, self._page_tables(), strict=True):
                starts.append(len(lines) + 1)
                lines.extend(_page_lines(page, tables))
        self.line_pages = tuple(starts)
        return "\n".join(lines)

    def sheets(self) -> list[Sheet]:
        """The tables as one sheet; a PDF with no table is a positioned error."""
        rows: list[Row] = []
        starts: list[int] = []
        with self._reading():
            pages = len(self._pdf.pages)
            for tables in self._page_tables():
                starts.append(len(rows) + 1)
                for table in tables:
                    # extract()'s defaults are those of pdfplumber's page.extract_tables()
                    for cells in table.extract():
                        texts = tuple(_text(cell) for cell in cells)
                        rows.append(Row(len(rows) + 1, _trimmed(texts)))
        if not rows:
            raise SourceError(
                [
                    Diagnostic(
                        self.name,
                        1,
                        1,
                        ngettext(
                            "no table found on its {count} page: a scanned PDF?",
                            "no table found on its {count} pages: a scanned PDF?",
                            pages,
                            count=pages,
                        ),
                    )
                ]
            )
        return [Sheet(self.name, None, tuple(rows), tuple(starts))]

    def _page_tables(self) -> list[list[Any]]:
        if self._tables is None:
            self._tables = [page.find_tables() for page in self._pdf.pages]
        return self._tables

    @contextmanager
    def _reading(self) -> Iterator[None]:
        try:
            yield
        except Exception as e:  # pdfminer's and pdfplumber's errors have no common root
            raise _unreadable(self.name, e) from None


def read_pdf(path: str | Path) -> list[Sheet]:
    """The tables of a PDF as one sheet; a PDF with no table is a positioned error."""
    with PdfDocument(path) as document:
        return document.sheets()


def read_pdf_text(path: str | Path) -> str:
    """A PDF's text in reading order (`PdfDocument.text`)."""
    with PdfDocument(path) as document:
        return document.text()


def _page_lines(page: Any, tables: list[Any]) -> list[str]:
    boxes = [table.bbox for table in tables]

    def outside(obj: dict[str, Any]) -> bool:
        x, y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)

    # (top, text): lines and table rows are merged by their place on the page. Blank
    # characters are kept as printed, not guessed from the gaps between letters.
    placed: list[tuple[float, str]] = [
        (line["top"], line["text"])
        for line in page.filter(outside).extract_text_lines(keep_blank_chars=True)
    ]
    for table in tables:
        for row, cells in zip(table.rows, table.extract(keep_blank_chars=True), strict=False):
            placed.append((row.bbox[1], "\t".join(_text(cell) for cell in cells).rstrip("\t")))
    placed.sort(key=lambda item: item[0])
    return [text for _, text in placed]


def _text(cell: object) -> str:
    if cell is None:
        return ""
    return "".join(str(cell).split("\n")).strip()


def _trimmed(texts: tuple[str, ...]) -> tuple[str, ...]:
    end = len(texts)
    while end and not texts[end - 1]:
        end -= 1
    return texts[:end]
