"""Delimited text tables (CSV, TSV) read a row at a time, with one delimiter rule.

A `.tsv` file is always tab-separated. Otherwise the first lines vote: a line with more tabs
than commas votes tab. A title line with neither (a table's name above its header) has no vote,
so a tab-separated table under a title is still read as one.
"""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Generator, Iterator
from pathlib import Path

from ..i18n import _
from ..language.errors import Diagnostic, SourceError, unstorable, unstorable_message
from .cells import inert_row, restored
from .grid import Row, Sheet
from .text import SNIFF, encoding_of, read_text, refuse_binary, undecodable

_VOTERS = 20  # lines that vote on the delimiter


def guess_delimiter(path: str | Path, head: list[str]) -> str:
    """The delimiter of a file, from its name and its first lines."""
    if Path(path).suffix.lower() == ".tsv":
        return "\t"
    tab = comma = 0
    for line in head[:_VOTERS]:
        tabs, commas = line.count("\t"), line.count(",")
        if tabs > commas:
            tab += 1
        elif commas > tabs:
            comma += 1
    return "\t" if tab > comma else ","


def iter_rows(path: str | Path) -> Iterator[Row]:
    """Every record of a CSV/TSV file as a Row numbered by its first line, cells stripped.

    The file is read as it goes, never held whole. UTF-8 and GB18030 (Chinese Excel's 'CSV')
    are read; binary files and undecodable bytes are positioned errors; so is text the csv
    module cannot split.
    """
    return itertools.starmap(Row, iter_records(path))


def iter_records(path: str | Path) -> Generator[tuple[int, tuple[str, ...]], None, None]:
    """`iter_rows` as (number, cells) pairs, for a reader that makes millions of rows."""
    with Path(path).open("rb") as raw:
        sniffed = raw.read(SNIFF)
        refuse_binary(path, sniffed)
        encoding = encoding_of(sniffed)
        raw.seek(0)
        text = io.TextIOWrapper(raw, encoding=encoding, errors="strict", newline="")
        try:
            head = list(itertools.islice(text, _VOTERS))
            records = csv.reader(itertools.chain(head, text), delimiter=guess_delimiter(path, head))
            line = 0  # the last line read: a quoted cell may span several
            strip = str.strip
            try:
                for cells in records:
                    number, line = line + 1, records.line_num
                    # One look at the whole row, then at its cells only when it needs it: a
                    # province's file has millions of cells and almost none of them need either.
                    whole = "".join(cells)
                    # Strictly decoded text holds no lone surrogate: NUL is all a store refuses.
                    if "\x00" in whole:
                        refuse_unstorable(path, number, cells)
                    if "'" in whole:
                        yield number, tuple(restored(strip(cell)) for cell in cells)
                    else:
                        yield number, tuple(map(strip, cells))
            except csv.Error as e:
                raise SourceError(
                    [Diagnostic(str(path), line + 1, 0, _("not CSV: {reason}", reason=e))]
                ) from None
        except UnicodeDecodeError:
            raise SourceError([undecodable(path, encoding)]) from None


def refuse_unstorable(where: str | Path, row: int, cells: list[str]) -> None:
    """SourceError at the first cell of a row holding a character no store can keep."""
    if unstorable("".join(cells)) is None:
        return  # one search for the row, the cells only when it holds such a character
    for column, cell in enumerate(cells, start=1):
        index = unstorable(cell)
        if index is not None:
            message = _(
                "column {column}: {message}", column=column, message=unstorable_message(cell, index)
            )
            raise SourceError([Diagnostic(str(where), row, column, message)])


def read_csv(path: str | Path) -> Sheet:
    """A whole CSV/TSV file as one sheet."""
    read_text(path, _("a CSV table with a header row"), by_cell=True)  # empty, binary, undecodable
    return Sheet(str(path), None, tuple(iter_rows(path)))


def write_csv(path: str | Path, rows: list[list[str | None]]) -> None:
    """Rows to a UTF-8 CSV file with a byte-order mark, as every CSV perfgoals writes (Chinese
    Excel reads a CSV without one in the local code page); empty cells for None."""
    with Path(path).open("w", encoding="utf-8-sig", newline="") as file:
        writer = csv.writer(file)
        for row in rows:
            writer.writerow(inert_row(row))
