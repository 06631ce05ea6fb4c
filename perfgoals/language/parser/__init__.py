"""Parse stage: source text → validated model. The only module that touches Lark.

The LALR parser runs with the transformer inlined, so no parse tree is built: each reduction
turns straight into plain data, comments are attached to the nodes they precede, and the whole
ruleset is validated once at the end. Lark's exceptions are translated here and nowhere else.
"""

from __future__ import annotations

import bisect
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lark import Lark, Token
from lark.exceptions import UnexpectedInput

from ...i18n import _, os_reason
from ..assessment import Assessment
from ..collection import collection_paused
from ..document import Document
from ..errors import Diagnostic, SourceError, line_of, unstorable_in_source
from ..model import Ruleset
from ..progress import Progress
from .fast import canonical_items, keywords_of
from .prebuilt import OPTIONS, load_tables
from .recovery import recover, report_syntax
from .transform import Builder

if TYPE_CHECKING:
    from ..policy import Policy
    from ..profile import Profile

MAX_ERRORS = 20


# What each terminal is called in an error message.
def grammar_dir() -> Path:
    """The grammar folder: inside the installed package, or at the top of a source checkout."""
    package = Path(__file__).resolve().parents[2]
    packaged = package / "grammar"
    if packaged.is_dir():
        return packaged
    return package.parent / "grammar"


@cache
def _grammar() -> str:
    return (grammar_dir() / "perfgoals.lark").read_text(encoding="utf-8")


@cache
def _builder() -> Builder:
    return Builder()


@cache
def _lark() -> Lark:
    """The LALR parser, its reductions going to the one Builder; built on first need only (a
    file in the canonical layout is read without it)."""
    builder = _builder()
    grammar = _grammar()
    callbacks = {"COMMENT": lambda token: _comments.sink(token)}
    tables = load_tables(grammar)
    if tables is not None:
        data, memo = tables
        parser: Lark = Lark._load_from_dict(  # type: ignore[no-untyped-call]
            data, memo, transformer=builder, lexer_callbacks=callbacks
        )
    else:
        # Never Lark's cache=True: that is a pickle in the shared temporary folder.
        parser = Lark(grammar, transformer=builder, lexer_callbacks=callbacks, **OPTIONS)
    return parser


class _CommentSink:
    """Where the lexer puts comments during the current parse (one parse at a time)."""

    def __init__(self) -> None:
        self.items: list[Token] = []

    def sink(self, token: Token) -> Token:
        self.items.append(token)
        return token


_comments = _CommentSink()
_lock = threading.Lock()


# Full-width letters, digits, braces and `＃` as typed with a Chinese input method (ｐｒｏｊｅｃｔ,
# ｛, ２０２３) and the ideographic space read as ASCII. Full-width punctuation (，。：（）) is
# ordinary Chinese text and stays. One code point becomes one: columns do not move.
_FOLDED = [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B), 0xFF5B, 0xFF5D]
_FULL_WIDTH = {cp: cp - 0xFEE0 for cp in [*_FOLDED, 0xFF03]} | {0x3000: 0x20}
_HAS_FULL_WIDTH = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5b\uff5d\uff03\u3000]")
_VERBATIM = re.compile(r'"(?:[^"\\\n]|\\.)*"?|[#＃][^\n]*')


def normalise_source(text: str) -> str:
    """Fold full-width forms outside strings and comments, which are kept exactly as written."""
    if not _HAS_FULL_WIDTH.search(text):
        return text
    out: list[str] = []
    position = 0
    for m in _VERBATIM.finditer(text):
        out.append(text[position : m.start()].translate(_FULL_WIDTH))
        comment = m.group()[0] in "#＃"
        out.append(("#" + m.group()[1:]) if comment else m.group())
        position = m.end()
    out.append(text[position:].translate(_FULL_WIDTH))
    return "".join(out)


def parse_ruleset(text: str, path: str = "<string>") -> Ruleset:
    """Parse ruleset source text; raises SourceError with every problem found.

    Policy and assessment blocks in the text are checked too; `parse_document` returns them.
    """
    return parse_document(text, path).ruleset


def parse_document(text: str, path: str = "<string>") -> Document:
    """Parse a whole file: ruleset, policies and assessment; SourceError with every problem."""
    return _parse(text, path)[0]


@dataclass(frozen=True)
class Comment:
    """A `#` comment as written: 1-based line and column, text without the `#`."""

    line: int
    column: int
    text: str


def parse_ruleset_with_comments(
    text: str, path: str = "<string>"
) -> tuple[Ruleset, tuple[Comment, ...]]:
    """Parse like parse_ruleset, and also return every comment with its position.

    The model keeps comment texts on the nodes they precede; tools that act on comments by
    line (the checker's suppressions) need the positions too.
    """
    document, comments = _parse(text, path)
    return document.ruleset, comments


def _parse(text: str, path: str, line_offset: int = 0) -> tuple[Document, tuple[Comment, ...]]:
    """Parse `text`; `line_offset` is where it starts in its file (a block read on its own)."""
    with collection_paused():
        return _parse_paused(text, path, line_offset)


def _parse_paused(text: str, path: str, line_offset: int) -> tuple[Document, tuple[Comment, ...]]:
    diagnostics: list[Diagnostic] = []
    refused = unstorable_in_source(text, path)
    if refused is not None:
        raise SourceError([refused])
    source = text
    text = normalise_source(text)
    # The line numbering of the tokens and spans in hand: the fast path numbers them in the
    # file, Lark in the text until shift_spans moves them. Diagnostics always name the file's.
    numbering = line_offset

    def report(line: int, column: int, message: str, end_column: int | None = None) -> None:
        if len(diagnostics) < MAX_ERRORS:
            written = line_of(source, line - numbering)
            at = line - numbering + line_offset
            diagnostics.append(Diagnostic(path, at, column, message, written, end_column))

    builder = _builder()
    keywords = keywords_of(_grammar())
    with _lock:
        comments: list[Token] = []
        builder.report = report
        builder.path = path
        try:
            # A file in the canonical layout is read without Lark, to the same data.
            items: Any = canonical_items(text, keywords, builder, comments, line_offset)
            if items is None:
                numbering = 0
                parser = _lark()
                _comments.items = comments = []
                items = parser.parse(text, on_error=recover(report))
        except UnexpectedInput as e:
            if not diagnostics:
                report_syntax(e, report)
            items = None
        finally:
            builder.report = lambda *_: None
            builder.path = "<string>"
        comments = list(comments)
    if diagnostics or items is None:
        raise SourceError(diagnostics)
    data = _assemble(items, comments, report)
    comment_shift = line_offset - numbering  # Lark's tokens are numbered in the text
    if comment_shift:
        shift_spans(data, comment_shift)
        numbering = line_offset
    policies = _policies(data.pop("policies"), report)
    profiles = _profiles(data.pop("profiles"), report)
    assessment = data.pop("assessment")
    progress = data.pop("progress")
    if diagnostics:
        raise SourceError(diagnostics)
    ruleset = Ruleset.model_validate(data)
    positions = tuple(
        Comment(token.line or 0, token.column or 0, str(token)[1:].rstrip()) for token in comments
    )
    extra: dict[str, Any] = {"profiles": profiles}
    if progress is not None:
        extra["progress"] = Progress.model_validate(
            {k: v for k, v in progress.items() if k not in ("span", "comments")}
        )
        extra["progress_comments"] = tuple(progress.get("comments", ()))
    if assessment is None:
        return Document(ruleset=ruleset, policies=policies, **extra), positions
    document = Document(
        ruleset=ruleset,
        policies=policies,
        assessment=Assessment.model_validate(
            {k: v for k, v in assessment.items() if k not in ("span", "comments")}
        ),
        assessment_comments=tuple(assessment.get("comments", ())),
        **extra,
    )
    return document, positions


def shift_spans(node: Any, lines: int) -> None:
    """Move every span in the parsed data down by `lines` (a block parsed apart from its file)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key.endswith("span") and isinstance(value, dict) and "line" in value:
                value["line"] += lines
                value["end_line"] += lines
            elif isinstance(value, dict | list):
                shift_spans(value, lines)
    elif isinstance(node, list):
        for item in node:
            shift_spans(item, lines)


def _policies(nodes: list[dict[str, Any]], report: Callable[..., None]) -> tuple[Policy, ...]:
    if not nodes:
        return ()
    from ..policy_settings import policy_from_settings  # defined when a file has a policy

    out = []
    names: set[str] = set()
    for node in nodes:
        span = node["span"]
        if node["name"] in names:
            message = _("policy {name!r} is defined twice", name=node["name"])
            report(span["line"], span["column"], message)
        names.add(node["name"])
        policy = policy_from_settings(
            node["name"],
            node["settings"],
            report,
            span=span,
            comments=tuple(node.get("comments", ())),
        )
        if policy is not None:
            out.append(policy)
    return tuple(out)


def _profiles(nodes: list[dict[str, Any]], report: Callable[..., None]) -> tuple[Profile, ...]:
    if not nodes:
        return ()
    from ..profile_settings import profile_from_settings  # defined when a file has a profile

    out = []
    names: set[str] = set()
    for node in nodes:
        span = node["span"]
        if node["name"] in names:
            report(
                span["line"],
                span["column"],
                _("profile {name!r} is defined twice", name=node["name"]),
            )
        names.add(node["name"])
        profile = profile_from_settings(
            node["name"],
            node["settings"],
            report,
            span=span,
            comments=tuple(node.get("comments", ())),
        )
        if profile is not None:
            out.append(profile)
    return tuple(out)


def parse_file(path: str | Path) -> Ruleset:
    """Read and parse one ruleset file (UTF-8, a BOM allowed)."""
    return parse_document_file(path).ruleset


def parse_document_file(path: str | Path) -> Document:
    """Read and parse one .perf file (UTF-8, a BOM allowed): ruleset, policies, assessment."""
    return parse_document(read_source(path), str(path))


def read_source(path: str | Path) -> str:
    """The text of a source file; SourceError if it cannot be read or is not UTF-8."""
    file = Path(path)
    try:
        raw = file.read_bytes()
    except OSError as e:
        message = _("cannot read file: {reason}", reason=os_reason(e))
        raise SourceError([Diagnostic(str(path), 0, 0, message)]) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        line_start = raw.rfind(b"\n", 0, e.start) + 1
        column = len(raw[line_start : e.start].decode("utf-8", errors="replace")) + 1
        raise SourceError(
            [Diagnostic(str(path), line, column, _("not UTF-8 text: save the file as UTF-8"))]
        ) from None


# Stand-ins fed to the parser after an error, so that it can go on and find the next one.
def _assemble(
    items: list[Any], comments: list[Token], report: Callable[..., None]
) -> dict[str, Any]:
    """Build the ruleset data and attach each comment to the node it stands in or before."""
    header: dict[str, Any] | None = None
    assessment: dict[str, Any] | None = None
    budget: dict[str, Any] | None = None
    progress: dict[str, Any] | None = None
    projects: list[dict[str, Any]] = []
    policies: list[dict[str, Any]] = []
    profiles: list[dict[str, Any]] = []
    for item in items:
        kind = item["kind"]
        if kind == "header":
            if header is not None:
                span = item["node"]["span"]
                report(span["line"], span["column"], _("a file has at most one ruleset header"))
            header = item["node"]
        elif kind == "assessment":
            if assessment is not None:
                span = item["node"]["span"]
                report(span["line"], span["column"], _("a file has at most one assessment"))
            assessment = item["node"]
        elif kind == "progress":
            if progress is not None:
                span = item["node"]["span"]
                report(span["line"], span["column"], _("a file has at most one progress block"))
            progress = item["node"]
        elif kind == "policy":
            policies.append(item["node"])
        elif kind == "budget":
            if budget is not None:
                span = item["node"]["span"]
                report(span["line"], span["column"], _("a file has at most one 部门预算 block"))
            budget = item["node"]
        elif kind == "profile":
            profiles.append(item["node"])
        else:
            projects.append(item["node"])
    data: dict[str, Any] = {"header": header, "projects": projects, "end_comments": []}
    if budget is not None:
        data["budget"] = budget
    top = [
        *([header] if header else []),
        *projects,
        *policies,
        *profiles,
        *([assessment] if assessment else []),
        *([progress] if progress else []),
        *([budget] if budget else []),
    ]
    top.sort(key=lambda n: n["span"]["line"])
    starts = [n["span"]["line"] for n in top]
    for token in comments:
        text = str(token)[1:].rstrip()
        line = token.line or 0
        i = bisect.bisect_right(starts, line) - 1
        if i >= 0 and line <= top[i]["span"]["end_line"]:
            _attach_inside(top[i], line, text)
        elif i + 1 < len(top):
            top[i + 1].setdefault("comments", []).append(text)
        else:
            data["end_comments"].append(text)
    data["policies"] = policies
    data["profiles"] = profiles
    data["assessment"] = assessment
    data["progress"] = progress
    return data


def _attach_inside(node: dict[str, Any], line: int, text: str) -> None:
    if "tables" in node:  # the budget block
        _attach_in_budget(node, line, text)
        return
    if "indicators" not in node:  # the header, a policy or an assessment
        node.setdefault("comments", []).append(text)
        return
    children = sorted(
        node["goals"] + node["funds"] + node["info"] + node["indicators"],
        key=lambda n: n["span"]["line"],
    )
    for child in children:
        if (
            child["span"]["line"] <= line <= child["span"]["end_line"]
            or child["span"]["line"] > line
        ):
            child.setdefault("comments", []).append(text)
            return
    node.setdefault("end_comments", []).append(text)


def _attach_in_budget(node: dict[str, Any], line: int, text: str) -> None:
    """A comment in the budget block goes to the table, row, figure, change or procurement row
    it stands in or before; after the last of them, to the block's (or the table's) end."""
    children = sorted(
        node["tables"] + node["figures"] + node["changes"] + node["procurement"],
        key=lambda n: n["span"]["line"],
    )
    for child in children:
        start, end = child["span"]["line"], child["span"]["end_line"]
        if "rows" in child and start < line <= end:
            for row in child["rows"]:
                if line <= row["span"]["end_line"]:
                    row.setdefault("comments", []).append(text)
                    return
            child.setdefault("end_comments", []).append(text)
            return
        if line <= end:
            child.setdefault("comments", []).append(text)
            return
    node.setdefault("end_comments", []).append(text)
