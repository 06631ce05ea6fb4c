"""`perfgoals template`: a fill-in file of actual values for every indicator of a ruleset.

Nobody types an indicator name by hand: the file lists each project's indicators with their
targets, the 同名序号 of repeated names, and empty cells for the actual values and the funds.
"""

from __future__ import annotations

from pathlib import Path

import click

from ..actuals.template import perf_template
from ..i18n import _
from ..language.model import Ruleset
from .common import reports_errors, write_output

FORMATS = ("csv", "xlsx", "perf")


@click.command("template")
@click.argument("ruleset_file", metavar="RULESET", type=click.Path(dir_okay=False))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    help="File form; by default taken from the -o name, else csv.",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write here (xlsx needs it).")
@click.option(
    "--progress", is_flag=True, help="A mid-year progress template (运行监控) instead of actuals."
)
@click.option(
    "--month", type=click.IntRange(1, 12), default=7, show_default=True, help="With --progress."
)
@reports_errors
def template_command(
    ruleset_file: str, fmt: str | None, output: str | None, progress: bool, month: int
) -> None:
    """Write a fill-in file of actual values (or, with --progress, of the month's progress) for
    every indicator of RULESET."""
    from ..language.parser import parse_file

    if fmt is None:
        suffix = Path(output).suffix.lower().lstrip(".") if output else ""
        fmt = suffix if suffix in FORMATS else "csv"
    if fmt == "xlsx" and (output is None or output == "-"):
        raise click.UsageError(_("an .xlsx workbook needs a file name: -o FILE.xlsx"))
    ruleset = parse_file(ruleset_file)
    if progress:
        _progress_template(ruleset, fmt, output, month)
    elif fmt == "xlsx":
        from ..actuals.xlsx_table import write_actuals_xlsx

        assert output is not None
        write_actuals_xlsx(output, ruleset)
    elif fmt == "csv":
        from ..actuals.csv_table import actuals_csv_text

        write_output(actuals_csv_text(ruleset), output, "csv")
    else:
        write_output(perf_template(ruleset), output)


def _progress_template(ruleset: Ruleset, fmt: str, output: str | None, month: int) -> None:
    from ..monitoring.table import template_headers, template_rows

    if fmt == "perf":
        from ..monitoring.template import perf_progress_template

        write_output(perf_progress_template(ruleset, month), output)
        return
    headers, rows = template_headers(month), template_rows(ruleset)
    if fmt == "xlsx":
        from ..tables.workbook import FormSheet, write_form_workbook

        assert output is not None
        inputs = frozenset(range(7, len(headers)))
        write_form_workbook(output, [FormSheet(f"1-{month}月运行监控", headers, rows, inputs)])
        return
    import csv
    import io

    from ..tables.cells import inert_row

    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(headers)
    writer.writerows(inert_row(row) for row in rows)  # names never run as formulas
    write_output(text.getvalue(), output, "csv")
