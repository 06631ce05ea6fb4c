"""Output formats of `perfgoals check`: text for people, JSON records, SARIF 2.1.0 for tools."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from pathlib import PurePath
from typing import Any

from .. import __version__
from ..i18n import _, ngettext
from .findings import Finding, Severity
from .registry import REGISTRY

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _severity_count(severity: Severity, n: int) -> str:
    if severity is Severity.ERROR:
        return ngettext("{n} error", "{n} errors", n, n=n)
    if severity is Severity.WARNING:
        return ngettext("{n} warning", "{n} warnings", n, n=n)
    return ngettext("{n} info", "{n} info", n, n=n)


def summary(findings: Sequence[Finding], files: int) -> str:
    if not findings:
        return ngettext(
            "No findings in {files} file.", "No findings in {files} files.", files, files=files
        )
    counts = Counter(f.severity for f in findings)
    parts = [_severity_count(s, counts[s]) for s in Severity if counts[s]]
    in_files = ngettext("in {files} file", "in {files} files", files, files=files)
    return ngettext(
        "{n} finding ({counts}) {in_files}.",
        "{n} findings ({counts}) {in_files}.",
        len(findings),
        n=len(findings),
        counts=_(", ").join(parts),
        in_files=in_files,
    )


def render_text(findings: Sequence[Finding], files: int) -> str:
    blocks = [f.render() for f in findings]
    return "\n".join([*blocks, summary(findings, files)]) + "\n"


def render_json(findings: Sequence[Finding]) -> str:
    return json.dumps([f.to_dict() for f in findings], ensure_ascii=False, indent=1) + "\n"


def render_sarif(findings: Sequence[Finding]) -> str:
    rules = list(REGISTRY)
    index = {rule.code: i for i, rule in enumerate(rules)}
    descriptors = [
        {
            "id": rule.code,
            "name": rule.name,
            "shortDescription": {"text": _(rule.summary)},
            "fullDescription": {"text": _(rule.explanation)},
            "help": {"text": f"{_(rule.summary)}\n\n{_(rule.explanation)}"},
            "defaultConfiguration": {"level": _SARIF_LEVEL[rule.severity]},
            "properties": {"family": rule.family},
        }
        for rule in rules
    ]
    results: list[dict[str, Any]] = [
        {
            "ruleId": f.code,
            "ruleIndex": index[f.code],
            "level": _SARIF_LEVEL[f.severity],
            "message": {"text": f.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": PurePath(f.path).as_posix()},
                        "region": {
                            "startLine": f.line,
                            "startColumn": f.column,
                            "endLine": f.end_line,
                            "endColumn": f.end_column,
                        },
                    }
                }
            ],
        }
        for f in findings
    ]
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "perfgoals",
                        "version": __version__,
                        "rules": descriptors,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return json.dumps(log, ensure_ascii=False, indent=1) + "\n"


_GITHUB_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _github_escape(text: str, property_value: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if property_value else text


def render_github(findings: Sequence[Finding]) -> str:
    """GitHub Actions workflow commands: one annotation per finding, on its lines."""
    lines = []
    for f in findings:
        where = ",".join(
            [
                f"file={_github_escape(PurePath(f.path).as_posix(), True)}",
                f"line={f.line}",
                f"col={f.column}",
                f"endLine={f.end_line}",
                f"endColumn={f.end_column}",
                f"title={_github_escape(f'{f.code} {f.name}', True)}",
            ]
        )
        lines.append(f"::{_GITHUB_LEVEL[f.severity]} {where}::{_github_escape(f.message)}")
    return "".join(line + "\n" for line in lines)


def statistics(findings: Sequence[Finding]) -> list[dict[str, Any]]:
    """Findings counted by code, the commonest first: code, name, count, how many are fixable."""
    counts = Counter(f.code for f in findings)
    safe = Counter(f.code for f in findings if f.fix is not None and f.fix.safe)
    unsafe = Counter(f.code for f in findings if f.fix is not None and not f.fix.safe)
    names = {f.code: f.name for f in findings}
    return [
        {
            "code": code,
            "name": names[code],
            "count": n,
            "fixable": safe[code],
            "unsafe_fixable": unsafe[code],
        }
        for code, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ]


def render_statistics(findings: Sequence[Finding], fmt: str) -> str:
    rows = statistics(findings)
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=1) + "\n"
    width = max((len(str(r["count"])) for r in rows), default=1)
    return "".join(f"{r['count']:>{width}}\t{r['code']}\t{_mark(r)} {r['name']}\n" for r in rows)


def _mark(row: dict[str, Any]) -> str:
    """[*] fixable with --fix, [-] only with --unsafe-fixes too."""
    return "[*]" if row["fixable"] else "[-]" if row["unsafe_fixable"] else "   "
