"""`perfgoals import` and `perfgoals export-table`: the CLI side of the import stage."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .common import EXIT_FINDINGS, reports_errors, write_output


@click.command("import")
@click.argument("source", type=click.Path(dir_okay=False))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    help="Write the ruleset here instead of stdout.",
)
@click.option(
    "--assessment",
    "assessment_out",
    type=click.Path(dir_okay=False),
    help="Self-assessment tables: write the actual values (JSON) here.",
)
@click.option(
    "--published",
    "published_out",
    type=click.Path(dir_okay=False),
    help="Self-assessment tables: write the published 分值/得分 (JSON) here.",
)
@click.option(
    "--policy",
    default="central",
    show_default=True,
    help="Scoring policy named in the ruleset header.",
)
@click.option("-q", "--quiet", is_flag=True, help="Print only the summary line, not each note.")
@reports_errors
def import_command(
    source: str,
    output: str | None,
    assessment_out: str | None,
    published_out: str | None,
    policy: str,
    quiet: bool,
) -> None:
    """Import published tables from SOURCE into a ruleset.

    SOURCE is disclosure text extracted from a PDF (.txt), or target / self-assessment tables
    (.csv, .xlsx). The ruleset goes to stdout (or -o); every source row left out is listed on
    stderr with its row number and reason, then a summary line. Exit 1 when a row was rejected.
    """
    from ..importer import import_file
    from ..importer.build import checked
    from ..language.formatter import format_ruleset

    result = import_file(source, policy=policy)
    ruleset = checked(result.ruleset, source)
    write_output(format_ruleset(ruleset), output)
    if result.assessment is not None and assessment_out:
        Path(assessment_out).write_text(
            result.assessment.model_dump_json(indent=2) + "\n", encoding="utf-8"
        )
    if result.published is not None and published_out:
        Path(published_out).write_text(
            result.published.model_dump_json(indent=2) + "\n", encoding="utf-8"
        )
    lines = result.report.lines()
    for line in lines[-1:] if quiet else lines:
        click.echo(line, err=True)
    if result.report.rejected:
        sys.exit(EXIT_FINDINGS)


@click.command("export-table")
@click.argument("ruleset_file", type=click.Path(dir_okay=False))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    required=True,
    help="The .xlsx (or .csv) file to write.",
)
@click.option(
    "--layout",
    type=click.Choice(["official", "flat"]),
    default="official",
    show_default=True,
    help="official: the performance-target form, one sheet per project; flat: one sheet, one "
    "row per indicator, every column `import` reads (a .csv is always flat).",
)
@reports_errors
def export_table_command(ruleset_file: str, output: str, layout: str) -> None:
    """Write a ruleset as a target table: the official form, one sheet per project, or the flat
    table (.xlsx with merged cells, or .csv) that `import` reads back."""
    from ..language.parser import parse_file

    ruleset = parse_file(ruleset_file)
    if layout == "official" and not output.lower().endswith(".csv"):
        from ..reports.target_table import write_target_table

        write_target_table(output, ruleset)
        return
    from ..importer.layout import ruleset_rows

    rows, merges = ruleset_rows(ruleset)
    if output.lower().endswith(".csv"):
        from ..tables.delimited import write_csv

        write_csv(output, rows)
    else:
        from ..tables.workbook import SheetData, write_workbook

        write_workbook(output, [SheetData("绩效目标表", rows, merges)])


@click.command("audit")
@click.argument("table", type=click.Path(dir_okay=False))
@click.option(
    "--policy",
    "policy_name",
    default="central",
    show_default=True,
    help="Policy name or .perf file to re-score by.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "markdown"]),
    default="table",
    show_default=True,
)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write here, not stdout.")
@reports_errors
def audit_command(table: str, policy_name: str, fmt: str, output: str | None) -> None:
    """Re-score a self-assessment TABLE (绩效自评表, .csv or .xlsx) and compare its published
    分值 and 得分 with the policy's: per indicator, per level 1, budget execution and 总分.

    Exit 0 when every published number agrees (within the policy's rounding), 1 when one
    differs or a row could not be imported, 2 when the input is unusable.
    """
    from ..importer import import_file
    from ..importer.audit import audit_import
    from ..importer.build import checked
    from ..reports.audit import render_audit
    from ..scoring.policies import load_policy

    policy = load_policy(policy_name)
    result = import_file(table, policy=policy.name)
    ruleset = checked(result.ruleset, table)
    audit = audit_import(ruleset, result.assessment, result.published, result.report, policy)
    text = render_audit(audit, fmt, color=output is None and sys.stdout.isatty())
    write_output(text, output)
    for line in result.report.lines():
        click.echo(line, err=True)
    if not audit.agrees:
        sys.exit(EXIT_FINDINGS)
