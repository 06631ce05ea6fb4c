"""`perfgoals template`: a fill-in file of actual values for every indicator of a ruleset.

Nobody types an indicator name by hand: the file lists each project's indicators with their
targets, the 同名序号 of repeated names, and empty cells for the actual values and the funds.
"""

from __future__ import annotations

from pathlib import Path

import click

from ..language.model import Ruleset
from .main import reports_errors, write_output

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
        raise click.UsageError("an .xlsx workbook needs a file name: -o FILE.xlsx")
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
        write_output(_perf_template(ruleset), output)


def _perf_template(ruleset: Ruleset) -> str:
    """An assessment block with every indicator's `actual` line commented out.

    An actual line needs a value, so each one waits behind `# ` with its target beside it:
    delete the `# `, type the value after the name, and add tier, points, na or explain.
    """
    from ..actuals.rows import occurrences
    from ..language.formatter import quote
    from ..language.model import LEVEL1_LABELS, LEVEL2_LABELS

    pad = "  "
    lines = [
        "# 绩效自评: uncomment each actual line, write the value after the indicator name",
        '# (then tier 达成|部分达成|未达成, points N, na, explain "…" as needed).',
        "assessment {",
    ]
    if ruleset.year is not None:
        lines.append(f"{pad}year {ruleset.year}")
    if ruleset.header is not None and ruleset.header.title is not None:
        lines.append(f"{pad}ruleset {quote(ruleset.header.title)}")
    for project in ruleset.projects:
        lines.append(f"{pad}project {quote(project.name)} {{")
        inner = pad * 2
        if project.code is not None:
            lines.append(f"{inner}code {quote(project.code)}")
        if project.budget is not None:
            lines.append(f"{inner}initial {format(project.budget.value, 'f')}元")
        lines.append(f"{inner}# budget 元      (全年预算数, adjusted)")
        lines.append(f"{inner}# executed 元    (全年执行数)")
        for indicator, occurrence in zip(project.indicators, occurrences(project), strict=True):
            words = [
                "actual",
                LEVEL1_LABELS[indicator.level1],
                LEVEL2_LABELS[indicator.level2],
                quote(indicator.name),
            ]
            if occurrence is not None:
                words.append(f"occurrence {occurrence}")
            lines.append(f"{inner}# {' '.join(words)}    # 目标 {indicator.target.text}")
        lines.append(f"{pad}}}")
    lines.append("}")
    return "\n".join(lines) + "\n"
