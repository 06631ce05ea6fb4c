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
