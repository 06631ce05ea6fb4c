"""The check stage: parse a file, run the selected rules, apply suppressions and severities."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..i18n import _, os_reason
from ..language.budget import Budget
from ..language.collection import collection_paused
from ..language.errors import Diagnostic, SourceError, Span
from ..language.model import Ruleset
from ..language.parser import Comment, parse_ruleset_with_comments
from . import rules as _rules  # noqa: F401  (registers every rule)
from .config import Config, find_config
from .context import CheckedFile
from .findings import Finding, Severity
from .registry import REGISTRY, Hit, Rule
from .suppressions import read_suppressions

SYNTAX = REGISTRY.builtin(
    "E001",
    "source.syntax",
    "error",
    """The file is not valid perfgoals.

    The parser stops at text it cannot read: a missing brace or quote, an unknown kind word, a
    value it cannot read. Nothing else is checked in that file, and the run exits 2.

    Problem:

        成本 "补助成本" "≤7.55 万元 desc "不超过 7.55 万元"

    Fix: close the string: `成本 "补助成本" "≤7.55 万元" desc "不超过 7.55 万元"`.
    """,
)
UNREADABLE = REGISTRY.builtin(
    "E002",
    "source.unreadable",
    "error",
    """The file cannot be read.

    It does not exist, cannot be opened, or is not UTF-8 text. The run exits 2.

    Problem: a ruleset saved as GBK from a spreadsheet program.

    Fix: save it as UTF-8.
    """,
)
UNKNOWN_CODE = REGISTRY.builtin(
    "S001",
    "suppression.unknown-code",
    "error",
    """A suppression comment names a code that is no rule.

    Problem:

        成本 "项目成本" ≤10万  # perfgoals: ignore[U040]

    Fix: name the rule's code as `perfgoals rules` lists it: `# perfgoals: ignore[U004]`.
    """,
)
UNUSED = REGISTRY.builtin(
    "S002",
    "suppression.unused",
    "warning",
    """A suppression comment silences nothing.

    The finding it was written for is gone (the target was fixed) or is on another line; an
    unused suppression would hide a future finding by accident.

    Problem:

        成本 "项目成本" ≤10万元  # perfgoals: ignore[U004]

    Fix: delete the comment.
    """,
)
MALFORMED = REGISTRY.builtin(
    "S003",
    "suppression.malformed",
    "error",
    """A suppression comment does not name the codes it silences.

    Silencing everything on a line hides findings nobody has read.

    Problem:

        成本 "项目成本" ≤10万  # perfgoals: ignore

    Fix: `# perfgoals: ignore[U004]`.
    """,
)


@dataclass(frozen=True)
class FileResult:
    path: str
    findings: tuple[Finding, ...]
    usable: bool
    indicators: int = 0


@dataclass(frozen=True)
class Selection:
    """Which rules run and how severe their findings are."""

    rules: frozenset[str]
    severity: dict[str, Severity]


def select_rules(
    config: Config, select: Sequence[str] | None = None, ignore: Sequence[str] = ()
) -> Selection:
    """Command-line --select replaces the configuration's; --ignore adds to it."""
    chosen = select if select is not None else config.select
    if chosen is None:
        codes = {r.code for r in REGISTRY}
    else:
        codes = {r.code for word in chosen for r in REGISTRY.matching(word)}
    for word in (*config.ignore, *ignore):
        codes -= {r.code for r in REGISTRY.matching(word)}
    codes |= {SYNTAX.code, UNREADABLE.code}  # a file that cannot be read is always reported
    return Selection(frozenset(codes), dict(config.severity))


def check_text(
    text: str, path: str, selection: Selection, config: Config | None = None
) -> FileResult:
    """Check ruleset source text; never raises for bad input."""
    with collection_paused():  # the model and the findings are acyclic
        return _check_text(text, path, selection, config or Config())


def _check_text(text: str, path: str, selection: Selection, config: Config) -> FileResult:
    try:
        ruleset, comments = parse_ruleset_with_comments(text, path)
    except SourceError as error:
        findings = [_from_diagnostic(SYNTAX, d, selection) for d in error.diagnostics]
        return FileResult(path, tuple(findings), usable=False)
    return check_model(text, path, ruleset, comments, selection, config)


def check_model(
    text: str,
    path: str,
    ruleset: Ruleset,
    comments: Sequence[Comment],
    selection: Selection,
    config: Config | None = None,
    budget: Budget | None = None,
) -> FileResult:
    """Run the selected rules on a model read from `text` (a ruleset, or a disclosure's projects
    and budget tables) and apply the suppression comments written in it."""
    config = config or Config()
    if budget is None:
        budget = ruleset.budget  # a ruleset file that carries the budget tables
    file = CheckedFile(path, text, ruleset, config.settings, budget)
    raw: list[tuple[Finding, int]] = []
    for rule in REGISTRY:
        if rule.check is None or rule.code not in selection.rules:
            continue
        for hit in rule.check(file):
            raw.append((_finding(rule, hit, file, selection), hit.anchor))
    suppressions, malformed = read_suppressions(comments, file.lines)
    kept: list[Finding] = []
    for finding, anchor in raw:
        silenced = False
        for s in suppressions:
            if finding.code in s.codes and s.target in (finding.line, anchor):
                s.used.add(finding.code)
                silenced = True
        if not silenced:
            kept.append(finding)
    for s in suppressions:
        span = Span(line=s.line, column=s.column, end_line=s.line, end_column=s.end_column)
        for code in s.codes:
            if code not in REGISTRY:
                kept.append(
                    _finding(
                        UNKNOWN_CODE,
                        Hit(_("unknown code {code!r} in suppression", code=code), span),
                        file,
                        selection,
                    )
                )
            elif code not in s.used and code in selection.rules:
                kept.append(
                    _finding(
                        UNUSED,
                        Hit(
                            _(
                                "suppression of {code} silences nothing on line {line}",
                                code=code,
                                line=s.target,
                            ),
                            span,
                        ),
                        file,
                        selection,
                    )
                )
    for m in malformed:
        span = Span(line=m.line, column=m.column, end_line=m.line, end_column=m.end_column)
        kept.append(_finding(MALFORMED, Hit(m.message, span), file, selection))
    kept = [f for f in kept if f.code in selection.rules]
    indicators = sum(len(p.indicators) for p in ruleset.projects)
    return FileResult(path, tuple(sorted(kept, key=lambda f: f.sort_key)), True, indicators)


def check_file(
    path: Path,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] = (),
    config: Config | None = None,
) -> FileResult:
    """Check one file with the configuration found upward from it (or the one given)."""
    name = str(path)
    if config is None:
        config = find_config(path.resolve().parent)
    selection = select_rules(config, select, ignore)
    try:
        raw = path.read_bytes()
    except OSError as e:
        return FileResult(
            name,
            (_unreadable(name, _("cannot read file: {reason}", reason=os_reason(e)), 1, 1, ""),),
            False,
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        column = e.start - (raw.rfind(b"\n", 0, e.start) + 1) + 1
        return FileResult(
            name,
            (_unreadable(name, _("not UTF-8 text: save the file as UTF-8"), line, column, ""),),
            False,
        )
    return check_text(text, name, selection, config)


def _finding(rule: Rule, hit: Hit, file: CheckedFile, selection: Selection) -> Finding:
    severity = selection.severity.get(rule.code) or hit.severity or rule.severity
    span = hit.span
    end_line = span.end_line or span.line
    source = file.line(span.line)
    if span.end_column > span.column or end_line > span.line:
        end_column = span.end_column
    else:
        # A node's opening word (its level-2 kind, `project`): mark the word, not the block.
        word = source[span.column - 1 :].split(maxsplit=1)
        end_column = span.column + (len(word[0]) if word else 1)
    return Finding(
        rule.code,
        rule.name,
        severity,
        hit.message,
        file.path,
        span.line,
        span.column,
        end_line,
        end_column,
        source,
        hit.fix,
    )


def _from_diagnostic(rule: Rule, d: Diagnostic, selection: Selection) -> Finding:
    severity = selection.severity.get(rule.code) or rule.severity
    line, column = max(d.line, 1), max(d.column, 1)
    end = d.end_column if d.end_column and d.end_column > column else column + 1
    return Finding(
        rule.code, rule.name, severity, d.message, d.path, line, column, line, end, d.source_line
    )


def _unreadable(path: str, message: str, line: int, column: int, source: str) -> Finding:
    return Finding(
        UNREADABLE.code,
        UNREADABLE.name,
        Severity.ERROR,
        message,
        path,
        line,
        column,
        line,
        column + 1,
        source,
    )


MAX_FIX_PASSES = 10  # fixes that touch the same target are applied one pass after another


def fix_text(
    text: str, path: str, selection: Selection, config: Config | None = None, unsafe: bool = False
) -> tuple[str, int, FileResult]:
    """The text with every applicable fix applied, how many were, and the check of the result."""
    from .fixes import apply_fixes

    count = 0
    result = check_text(text, path, selection, config)
    for _pass in range(MAX_FIX_PASSES):
        fixes = [f.fix for f in result.findings if f.fix and (f.fix.safe or unsafe)]
        if not fixes:
            break
        text, applied = apply_fixes(text, fixes)
        count += len(applied)
        result = check_text(text, path, selection, config)
    return text, count, result
