"""The check stage: a linter for rulesets whose findings carry stable codes (see docs/checks.md).

from perfgoals.checks import check_file
result = check_file(Path("rulesets/xingtai-kfq-2023.perf"))
for finding in result.findings: print(finding.render())
"""

from .findings import Finding, Severity
from .registry import REGISTRY, Rule
from .runner import FileResult, check_file, check_text, select_rules

__all__ = [
    "REGISTRY",
    "FileResult",
    "Finding",
    "Rule",
    "Severity",
    "check_file",
    "check_text",
    "select_rules",
]
