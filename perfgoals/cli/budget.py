"""`perfgoals budget`: the budget tables of a disclosure, shown or exported as JSON."""

from __future__ import annotations

import json
import sys

import click

from ..language.budget import Budget
from .common import EXIT_UNUSABLE, reports_errors, write_output


@click.command("budget")
@click.argument("source", type=click.Path(dir_okay=False))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write here, not stdout.")
@reports_errors
def budget_command(source: str, fmt: str, output: str | None) -> None:
    """Show the budget tables of the disclosure text SOURCE (the nine 部门预算 tables, the
    explanation's figures, the 政府采购 rows), or export them with --format json.

    SOURCE may also be a .perf file with a 部门预算 block.

    Exit 2 when SOURCE holds no budget table.
    """
    from ..i18n import _

    if source.lower().endswith(".perf"):
        from ..language.parser import parse_file

        budget = parse_file(source).budget or Budget()
    else:
        from ..importer.budget import read_budget

        budget = read_budget(source)
    if not budget.tables:
        click.echo(
            _("{source}: no budget table found (部门预算收支总表 …)", source=source), err=True
        )
        sys.exit(EXIT_UNUSABLE)
    if fmt == "json":
        text = json.dumps(budget.to_json_dict(), ensure_ascii=False, indent=2) + "\n"
    else:
        from ..reports.budget import render_budget

        text = render_budget(budget)
    write_output(text, output)
