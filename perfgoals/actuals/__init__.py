"""Actual values: reading them from `.perf`, CSV and workbook files, and fill-in templates.

`read_actuals(path)` is the one entry point; the table readers stream project by project.
"""

from .reader import read_actuals

__all__ = ["read_actuals"]
