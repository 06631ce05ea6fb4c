"""Reading year-end actual values: one entry point for every file form.

`read_actuals(path)` dispatches on the file's suffix: a `.perf` file holds an `assessment { … }`
block (docs/scoring.md); `.csv` and `.xlsx` are tables with one row per indicator
(docs/actuals.md). All three give the same Assessment for the same content.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from ..i18n import _, os_reason
from ..language.assessment import Assessment
from ..language.errors import Diagnostic, SourceError
from ..language.model import Ruleset

if TYPE_CHECKING:
    from ..language.assessment import ProjectActuals
    from .stated import StatedTargets

STREAMED_SUFFIXES = (".csv", ".xlsx", ".xlsm")  # the tables read a project at a time


def read_actuals(
    path: str | Path, ruleset: Ruleset | None = None, notes: list[Diagnostic] | None = None
) -> Assessment:
    """The assessment in a file; SourceError (positioned) if it cannot be used.

    Given the ruleset, a table's 年度指标值 is compared with the ruleset's target and every
    difference is appended to `notes` (a remark, not an error: the ruleset's target counts).
    """
    file = Path(path)
    try:
        return _read(file, ruleset, notes if notes is not None else [])
    except OSError as e:
        raise _unreadable(path, e) from None


def iter_actuals(path: str | Path, stated: StatedTargets | None = None) -> Iterator[ProjectActuals]:
    """The projects of a table of actuals (STREAMED_SUFFIXES), one at a time, with the errors
    `read_actuals` gives; stated 年度指标值 are kept in `stated`."""
    file = Path(path)
    try:
        if file.suffix.lower() == ".csv":
            from .csv_table import iter_actuals_csv

            yield from iter_actuals_csv(file, None, stated)
        else:
            from .xlsx_table import iter_actuals_xlsx

            yield from iter_actuals_xlsx(file, None, stated)
    except OSError as e:
        raise _unreadable(path, e) from None


def _unreadable(path: str | Path, error: OSError) -> SourceError:
    reason = os_reason(error)
    return SourceError(
        [Diagnostic(str(path), 0, 0, _("cannot read file: {reason}", reason=reason))]
    )


def _read(file: Path, ruleset: Ruleset | None, notes: list[Diagnostic]) -> Assessment:
    path = file
    suffix = file.suffix.lower()
    if suffix == ".perf":
        return _read_perf(file)
    if suffix == ".csv":
        from .csv_table import CsvActuals

        csv_reader = CsvActuals(file, ruleset)
        assessment = Assessment(projects=tuple(csv_reader.projects()))
        notes.extend(csv_reader.notes)
        return assessment
    if suffix in (".xlsx", ".xlsm"):
        from .xlsx_table import XlsxActuals

        xlsx_reader = XlsxActuals(file, ruleset)
        assessment = Assessment(projects=tuple(xlsx_reader.projects()))
        notes.extend(xlsx_reader.notes)
        return assessment
    if suffix == ".json":
        return _read_json(file)
    raise SourceError(
        [
            Diagnostic(
                str(path),
                0,
                0,
                _(
                    "cannot read actual values from a {suffix} file: expected a .perf file with "
                    "an assessment block, a .csv or an .xlsx table",
                    suffix=suffix or _("suffix-less"),
                ),
            )
        ]
    )


def _read_json(path: Path) -> Assessment:
    """The JSON that `perfgoals import --assessment FILE.json` writes."""
    from pydantic import ValidationError

    try:
        return Assessment.model_validate_json(path.read_bytes())
    except ValidationError as e:
        first = e.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise SourceError(
            [
                Diagnostic(
                    str(path),
                    1,
                    1,
                    _("not an assessment: {field}: {reason}", field=where, reason=first["msg"]),
                )
            ]
        ) from None


def _read_perf(path: Path) -> Assessment:
    from ..language.parser import parse_document_file

    document = parse_document_file(path)
    if document.assessment is None:
        raise SourceError(
            [Diagnostic(str(path), 0, 0, _("the file holds no assessment { … } block"))]
        )
    return document.assessment
