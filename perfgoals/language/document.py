"""A whole perfgoals file: a ruleset, scoring policies and an assessment, each optional."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .model import Ruleset

if TYPE_CHECKING:  # defined when a file holds them: a ruleset's check never builds them
    from .assessment import Assessment
    from .policy import Policy
    from .profile import Profile
    from .progress import Progress


@dataclass(frozen=True)
class Document:
    """What one .perf file holds. A ruleset file has projects; a policy file has policies; an
    actuals file has an assessment; a profile file has monitoring profiles; a progress file has
    a progress report. One file may hold them all.

    A container of models each validated on its own (the parser builds them), so it is no
    model itself: its field types need not be defined to read a file that holds none of them.
    """

    ruleset: Ruleset = field(default_factory=Ruleset)
    policies: tuple[Policy, ...] = ()
    assessment: Assessment | None = None
    assessment_comments: tuple[str, ...] = ()
    profiles: tuple[Profile, ...] = ()
    progress: Progress | None = None
    progress_comments: tuple[str, ...] = ()
