"""A ruleset file read one top-level block at a time, for files too large to hold as one model.

A province's ruleset has a hundred thousand projects; its model would take gigabytes. The file
is cut at its top-level blocks by a line scanner that knows only braces, strings and comments,
and each block (with the comments before it) is parsed on its own by the same parser, its
spans moved to where the block stands in the file. A first pass keeps only each project's name
and code, which is what matching actuals needs; `projects()` then parses the blocks in order.

The streamed reading gives the same projects as `parse_document_file`. Where it could differ it
is not used (`open_streamed` returns None): a file holding an assessment, a block that does not
start on a line of its own, a project whose name the scanner cannot read. When a block does not
parse, the whole file is parsed the usual way, so the diagnostics are exactly the usual ones.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ...i18n import _, os_reason
from ..errors import Diagnostic, SourceError
from ..model import Header, Project
from ..policy import Policy
from . import _parse, normalise_source, parse_document_file
from .literals import unquote

# Strings (which never span lines) and comments, removed before braces are counted.
_VERBATIM = re.compile(r'"(?:[^"\\\n]|\\.)*"?|#.*')
_BRACES = re.compile("[{}｛｝]")
_PROJECT = re.compile(r'\s*(?:project|项目)\s+("(?:[^"\\\n]|\\.)*")\s*\{')
_CODE = re.compile(r'\s*(?:code|编码)\s+("(?:[^"\\\n]|\\.)*")\s*$')


@dataclass(frozen=True)
class Entry:
    """A project as the first pass saw it: its name and code, in file order."""

    name: str
    code: str | None


class StreamMismatch(Exception):
    """The second reading of a file did not meet the projects of the first."""


class _Unstreamable(Exception):
    """The file's layout is one the block scanner does not read; parse it whole instead."""


def _blocks(path: Path) -> Iterator[tuple[int, list[str]]]:
    """(first line number, lines) of each top-level block, leading comments included."""
    pending: list[str] = []
    start = 1
    depth = 0
    with path.open(encoding="utf-8-sig") as file:
        for number, line in enumerate(file, start=1):
            if depth > 0 and not _BRACES.search(line):
                pending.append(line)  # inside a block, and no brace to count: most lines
                continue
            code = _VERBATIM.sub("", normalise_source(line))
            if depth == 0 and not code.strip():
                if not pending:
                    start = number
                pending.append(line)
                continue
            if depth == 0 and not pending:
                start = number
            pending.append(line)
            opened, closed = code.count("{"), code.count("}")
            if depth == 0 and opened == 0:
                raise _Unstreamable  # a top-level line that starts no block
            if depth > 0 and depth - closed < 0:
                raise _Unstreamable
            depth += opened - closed
            if depth == 0:
                if code.rstrip()[-1:] != "}":
                    raise _Unstreamable  # something after the block's end on its last line
                yield start, pending
                pending = []
    if depth != 0:
        raise _Unstreamable  # an unclosed block: the whole parse says where


class StreamedRuleset:
    """A ruleset file's header, policies and project entries; `projects()` parses the rest."""

    def __init__(self, path: Path, header: Header | None, policies: tuple[Policy, ...]) -> None:
        self.path = path
        self.header = header
        self.policies = policies
        self.entries: list[Entry] = []

    @property
    def year(self) -> int | None:
        return self.header.year if self.header is not None else None

    def projects(self) -> Iterator[Project]:
        """Every project in file order, each parsed on its own.

        StreamMismatch when a parsed project is not the one the first pass saw (the file
        changed, or a layout the scanner misread): the caller reads the file whole instead.
        """
        index = 0
        for start, lines in _blocks(self.path):
            if not _is_project(lines):
                continue
            try:
                document, _spans = _parse("".join(lines), str(self.path), start - 1)
            except SourceError:
                parse_document_file(self.path)  # raises with the whole file's diagnostics
                raise  # pragma: no cover - the whole file parsed although a block did not
            for project in document.ruleset.projects:
                expected = self.entries[index] if index < len(self.entries) else None
                if expected != Entry(project.name, project.code):
                    raise StreamMismatch(f"{self.path}: project {index + 1} is not as first read")
                index += 1
                yield project
        if index != len(self.entries):
            raise StreamMismatch(f"{self.path}: {len(self.entries) - index} projects not read")


def _is_project(lines: list[str]) -> bool:
    head = next((line for line in lines if _VERBATIM.sub("", line).strip()), "")
    return _PROJECT.match(normalise_source(head)) is not None


def open_streamed(path: str | Path) -> StreamedRuleset | None:
    """The file read for streaming, or None when it must be parsed whole (see the docstring)."""
    file = Path(path)
    try:
        header: Header | None = None
        policies: list[Policy] = []
        entries: list[Entry] = []
        for start, lines in _blocks(file):
            at = next(i for i, line in enumerate(lines) if _VERBATIM.sub("", line).strip())
            project = _PROJECT.match(normalise_source(lines[at]))
            if project is None:
                document, _spans = _parse("".join(lines), str(file), start - 1)
                if document.assessment is not None or document.ruleset.projects:
                    return None
                header = document.ruleset.header or header
                policies.extend(document.policies)
                continue
            entries.append(Entry(unquote(project.group(1)), _code(lines[at:])))
    except (_Unstreamable, SourceError, UnicodeDecodeError, StopIteration):
        return None
    except OSError as e:
        raise SourceError(
            [Diagnostic(str(path), 0, 0, _("cannot read file: {reason}", reason=os_reason(e)))]
        ) from None
    streamed = StreamedRuleset(file, header, tuple(policies))
    streamed.entries = entries
    return streamed


def _code(lines: list[str]) -> str | None:
    """The `code "…"` written directly in a project block (not in a block inside it)."""
    depth = 0
    for line in lines:
        folded = normalise_source(line)
        if depth == 1:
            found = _CODE.match(_VERBATIM.sub(_keep_strings, folded))
            if found is not None:
                return unquote(found.group(1))
        bare = _VERBATIM.sub("", folded)
        depth += bare.count("{") - bare.count("}")
    return None


def _keep_strings(m: re.Match[str]) -> str:
    """Comments go, strings stay: a `code "…"` line is read with its string."""
    return "" if m.group().startswith("#") else m.group()
