"""Reading year-end actual values: one entry point for every file form.

`read_actuals(path)` dispatches on the file's suffix. A `.perf` file holds an `assessment { … }`
block (docs/scoring.md); other forms are added here by their own readers.
"""

from __future__ import annotations

from pathlib import Path

from .assessment import Assessment
from .errors import Diagnostic, SourceError


def read_actuals(path: str | Path) -> Assessment:
    """The assessment in a file; SourceError (positioned) if it cannot be used."""
    file = Path(path)
    suffix = file.suffix.lower()
    if suffix == ".perf":
        return _read_perf(file)
    raise SourceError(
        [
            Diagnostic(
                str(path),
                0,
                0,
                f"cannot read actual values from a {suffix or 'suffix-less'} file: "
                "expected a .perf file with an assessment block",
            )
        ]
    )


def _read_perf(path: Path) -> Assessment:
    from .parser import parse_document_file

    document = parse_document_file(path)
    if document.assessment is None:
        raise SourceError([Diagnostic(str(path), 0, 0, "the file holds no assessment { … } block")])
    return document.assessment
