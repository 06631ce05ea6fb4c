"""`perfgoals template`: a fill-in file of actual values for every indicator of a ruleset.

Nobody types an indicator name by hand: the file lists each project's indicators with their
targets, the 同名序号 of repeated names, and empty cells for the actual values and the funds.
"""

from __future__ import annotations

from pathlib import Path

import click

from ..actuals.template import perf_template
from ..i18n import _
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
@reports_errors
def template_command(ruleset_file: str, fmt: str | None, output: str | None) -> None:
    """Write a fill-in file of actual values for every indicator of RULESET."""
    from ..language.parser import parse_file

    if fmt is None:
        suffix = Path(output).suffix.lower().lstrip(".") if output else ""
        fmt = suffix if suffix in FORMATS else "csv"
    if fmt == "xlsx" and (output is None or output == "-"):
        raise click.UsageError(_("an .xlsx workbook needs a file name: -o FILE.xlsx"))
    ruleset = parse_file(ruleset_file)
    if fmt == "xlsx":
        from ..actuals.xlsx_table import write_actuals_xlsx

        assert output is not None
        write_actuals_xlsx(output, ruleset)
    elif fmt == "csv":
        from ..actuals.csv_table import actuals_csv_text, write_actuals_csv

        text = actuals_csv_text(ruleset)
        if output is None or output == "-":
            write_output(text, None)
        else:
            write_actuals_csv(output, text)
    else:
        write_output(perf_template(ruleset), output)
