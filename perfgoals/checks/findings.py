"""Findings of the checker: plain data with a stable code, a severity and a position."""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from ..language.errors import Diagnostic
from .fixes import Fix


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 2, "warning": 1, "info": 0}[self.value]


@dataclass(frozen=True)
class Finding:
    """One problem found in one file.

    Lines and columns are 1-based; columns count code points and `end_column` is exclusive (the
    column after the last character marked). `source_line` is the line the finding starts on.
    """

    code: str
    name: str
    severity: Severity
    message: str
    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    source_line: str = ""
    fix: Fix | None = None

    def with_severity(self, severity: Severity) -> Finding:
        return replace(self, severity=severity)

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "severity": self.severity.value,
            "message": self.message,
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            **({"fix": self.fix.to_dict()} if self.fix else {}),
        }

    def render(self) -> str:
        """`path:line:col: CODE message`, the source line and a caret under the problem."""
        end = self.end_column if self.end_line == self.line else None
        return Diagnostic(
            self.path, self.line, self.column, self.message, self.source_line, end, self.code
        ).render()

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.column, self.code)
