"""Scores written as they are made: CSV and JSON, the same bytes as the in-memory writers.

The CSV is written a project at a time. The JSON document names its summary and problems
before its projects, and those are known only at the end; the projects are written to a
temporary file as they come and copied after the summary, so memory holds one project.
"""

from __future__ import annotations

import csv
import shutil
import tempfile
from typing import TextIO

from ..scoring.results import AssessmentResult, ProjectResult
from ..scoring.stream import StreamedScore
from .json_text import dumps_indented
from .score import CSV_COLUMNS, TABLE_PROJECTS, csv_records, result_table


def write_csv(scored: StreamedScore, out: TextIO) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for project in scored.projects():
        writer.writerows(csv_records(project))


def write_json(scored: StreamedScore, out: TextIO) -> None:
    with tempfile.TemporaryFile("w+", encoding="utf-8") as spool:
        count = 0
        for project in scored.projects():
            spool.write(",\n    " if count else "\n    ")
            spool.write(dumps_indented(project.to_json_dict(), "\n    "))
            count += 1
        # The document around the projects, as json.dumps(indent=2) of the whole would write it.
        head = AssessmentResult(
            policy=scored.policy.name,
            year=scored.year,
            department=scored.department,
            projects=[],
            problems=scored.problems,
            summary=scored.summary,
        ).to_json_dict()
        text = dumps_indented(head)
        if not count:
            out.write(text + "\n")
            return
        before, _, after = text.rpartition('"projects": []')
        out.write(before + '"projects": [')
        spool.seek(0)
        shutil.copyfileobj(spool, out)
        out.write("\n  ]" + after + "\n")


def table_text(scored: StreamedScore, *, explain: bool, color: bool, width: int | None) -> str:
    """The terminal table as the whole result draws it: the first projects are kept, the
    rest only counted (their scores are in the summary)."""
    shown: list[ProjectResult] = []
    hidden = 0
    for project in scored.projects():
        if len(shown) < TABLE_PROJECTS:
            shown.append(project)
        else:
            hidden += 1
    result = AssessmentResult(
        policy=scored.policy.name,
        year=scored.year,
        department=scored.department,
        projects=shown,
        problems=scored.problems,
        summary=scored.summary,
    )
    return result_table(result, explain=explain, color=color, width=width, hidden=hidden)
