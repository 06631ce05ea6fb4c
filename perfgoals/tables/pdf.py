"""Tables inside a PDF, read directly with pdfplumber (a maintained PDF table extractor).

Every table pdfplumber finds on a page becomes rows; the tables of all pages are read as one
sheet, in page order, because a published table runs on over page breaks (its repeated header
is read as a header again, and its rows continue the block). Rows are numbered in reading
order across the pages; the sheet's name says the pages. Cells keep their text as extracted,
line breaks inside a cell joined. pdfplumber is imported on first use.
"""

from __future__ import annotations

from pathlib import Path

from ..i18n import _, ngettext, os_reason
from ..language.errors import Diagnostic, SourceError
from .grid import Row, Sheet


def read_pdf(path: str | Path) -> list[Sheet]:
    """The tables of a PDF as one sheet; a PDF with no table is a positioned error."""
    import pdfplumber

    name = str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as e:
        raise SourceError(
            [Diagnostic(name, 0, 0, _("cannot read file: {reason}", reason=os_reason(e)))]
        ) from None
    if not raw:
        raise SourceError([Diagnostic(name, 1, 1, _("empty file: expected a PDF"))])
    if not raw.lstrip().startswith(b"%PDF"):
        raise SourceError([Diagnostic(name, 1, 0, _("not a PDF file (no %PDF header)"))])
    rows: list[Row] = []
    pages = 0
    try:
        with pdfplumber.open(path) as pdf:
            pages = len(pdf.pages)
            for page in pdf.pages:
                for table in page.extract_tables():
                    for cells in table:
                        texts = tuple(_text(cell) for cell in cells)
                        rows.append(Row(len(rows) + 1, _trimmed(texts)))
    except Exception as e:  # pdfminer's and pdfplumber's errors have no common root
        raise SourceError(
            [
                Diagnostic(
                    name,
                    1,
                    0,
                    _("not a readable PDF: {error}: {reason}", error=type(e).__name__, reason=e),
                )
            ]
        ) from None
    if not rows:
        raise SourceError(
            [
                Diagnostic(
                    name,
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
    return [Sheet(name, None, tuple(rows))]


def _text(cell: object) -> str:
    if cell is None:
        return ""
    return "".join(str(cell).split("\n")).strip()


def _trimmed(texts: tuple[str, ...]) -> tuple[str, ...]:
    end = len(texts)
    while end and not texts[end - 1]:
        end -= 1
    return texts[:end]
