"""Monitor stage (运行监控): a ruleset, a month's progress and a profile → traffic lights.

`monitor` colours every budget, indicator, goal and project by the rules of a monitoring
profile (perfgoals.language.profile), with the formula and numbers behind each colour and the
deviations that need an explanation. Modules: `rules` (bands and the colour of one budget or
indicator, exact), `engine` (matching and roll-up), `results` (the JSON contract),
`profiles` (the shipped profiles), `table` (progress as CSV or xlsx, and its template).
"""

from .engine import MonitoringError, Run, monitor, monitor_project, start_run
from .results import MonitoringResult, ProjectMonitor

__all__ = [
    "MonitoringError",
    "MonitoringResult",
    "ProjectMonitor",
    "Run",
    "monitor",
    "monitor_project",
    "start_run",
]
