"""Source positions and the one error root: every user-facing problem names its place."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict

from ..i18n import _
from .width import display_width as display_width  # re-exported: its older home


class Span(BaseModel):
    """Where a node was written: 1-based lines, 1-based columns counted in code points.

    Spans take no part in equality: two models that say the same thing are equal wherever they
    were written, which is what a format/parse round trip and a store round trip must check.
    """

    model_config = ConfigDict(frozen=True)

    line: int = 0
    column: int = 0
    end_line: int = 0
    end_column: int = 0

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Span)

    def __hash__(self) -> int:
        return 0

    @property
    def known(self) -> bool:
        return self.line > 0


NO_SPAN = Span()


def caret_line(source_line: str, column: int, end_column: int | None = None) -> str:
    """A line of spaces and carets that stands under columns [column, end_column) of source_line."""
    prefix = source_line[: max(column - 1, 0)]
    pad = "".join("\t" if ch == "\t" else " " * display_width(ch) for ch in prefix)
    end = end_column if end_column and end_column > column else column + 1
    marked = source_line[column - 1 : end - 1] or " "
    return pad + "^" * max(display_width(marked), 1)


@dataclass(frozen=True)
class Diagnostic:
    """One positioned problem in one file; `code` is set for findings of the checker."""

    path: str
    line: int
    column: int
    message: str
    source_line: str = ""
    end_column: int | None = None
    code: str = ""

    def render(self) -> str:
        label = f"{self.code} " if self.code else ""
        # A problem with the file as a whole (missing, unreadable) has no line to point at.
        if not self.line:
            where = self.path
        elif not self.column:
            where = f"{self.path}:{self.line}"  # a whole row or line, no column to point at
        else:
            where = f"{self.path}:{self.line}:{self.column}"
        head = f"{where}: {label}{self.message}"
        if not self.source_line:
            return head
        caret = caret_line(self.source_line, self.column, self.end_column)
        return f"{head}\n  {self.source_line}\n  {caret}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_column": self.end_column,
            "message": self.message,
        }


# What PostgreSQL cannot keep in a text column: NUL, and lone surrogates (not UTF-8 at all).
# Every reader refuses them at read time, so SQLite and PostgreSQL hold the same texts.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def unstorable(text: str) -> int | None:
    """The 0-based index of the first character no store can keep, or None."""
    found = _UNSTORABLE.search(text)
    return None if found is None else found.start()


def unstorable_message(text: str, index: int) -> str:
    return _(
        "character U+{code:04X} cannot be stored: remove it from the text", code=ord(text[index])
    )


def visible(text: str) -> str:
    """Text with the characters no store keeps shown as symbols, one column each, for carets."""
    return _UNSTORABLE.sub(lambda m: "\u2400" if m.group() == "\x00" else "\ufffd", text)


def unstorable_in_source(text: str, path: str) -> Diagnostic | None:
    """Where the first unstorable character of a source text stands, as a diagnostic."""
    index = unstorable(text)
    if index is None:
        return None
    line = text.count("\n", 0, index) + 1
    start = text.rfind("\n", 0, index) + 1
    end = text.find("\n", index)
    source_line = text[start : len(text) if end < 0 else end].rstrip("\r")
    column = index - start + 1
    return Diagnostic(path, line, column, unstorable_message(text, index), visible(source_line))


def line_of(text: str, line: int) -> str:
    """The 1-based line of text, without its line break ('' past the end)."""
    lines = text.splitlines()
    return lines[line - 1] if 0 < line <= len(lines) else ""


class PerfgoalsError(Exception):
    """Root of every error perfgoals raises on purpose."""


class SourceError(PerfgoalsError):
    """Unusable input: one or more positioned diagnostics."""

    def __init__(self, diagnostics: Sequence[Diagnostic]) -> None:
        self.diagnostics = tuple(diagnostics)
        super().__init__("\n".join(d.render() for d in self.diagnostics))


class ValueSyntaxError(PerfgoalsError):
    """A value expression that cannot be read; column is 1-based within the expression."""

    def __init__(self, message: str, column: int, end_column: int | None = None) -> None:
        self.message = message
        self.column = column
        self.end_column = end_column
        super().__init__(_("column {column}: {message}", column=column, message=message))


def capped(problems: Sequence[Diagnostic], hidden: int, where: str) -> list[Diagnostic]:
    """The problems kept, then one line counting the `hidden` ones found past the cap (a table
    with a fault on every row would bury the first ones)."""
    if hidden <= 0:
        return list(problems)
    note = Diagnostic(where, 0, 0, _("… and {count} more problems not shown", count=hidden))
    return [*problems, note]


def diagnostics_text(diagnostics: Iterable[Diagnostic]) -> str:
    return "\n".join(d.render() for d in diagnostics)
