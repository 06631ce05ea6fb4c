"""The language commands: `value`, `export`, `schema`, `fmt`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..i18n import _
from ..language.errors import SourceError
from .common import EXIT_FINDINGS, EXIT_UNUSABLE, reports_errors, ruleset_files, write_output


@click.command()
@click.argument("expressions", nargs=-1, required=True)
def value(expressions: tuple[str, ...]) -> None:
    """Print what each value EXPRESSION means, one JSON object a line."""
    from ..language.errors import Diagnostic, ValueSyntaxError
    from ..language.values import parse_value, value_to_json

    failed = False
    for i, text in enumerate(expressions, start=1):
        try:
            click.echo(json.dumps(value_to_json(parse_value(text)), ensure_ascii=False))
        except ValueSyntaxError as e:
            failed = True
            where = Diagnostic(_("<argument {i}>", i=i), 1, e.column, e.message, text, e.end_column)
            click.echo(where.render(), err=True)
    if failed:
        sys.exit(EXIT_UNUSABLE)


@click.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["json"]), default="json", show_default=True)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False), help="Write here instead of stdout."
)
@reports_errors
def export(file: str, fmt: str, output: str | None) -> None:
    """Export a ruleset FILE as JSON (the documented contract; see `perfgoals schema`)."""
    from ..language.export import ruleset_json
    from ..language.parser import parse_file

    write_output(ruleset_json(parse_file(file)), output)


@click.command()
def schema() -> None:
    """Print the JSON Schema of `perfgoals export`."""
    from ..language.model import json_schema

    click.echo(json.dumps(json_schema(), ensure_ascii=False, indent=2))


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option(
    "--check", is_flag=True, help="Change nothing; list files that would change (exit 1)."
)
@reports_errors
def fmt(paths: tuple[str, ...], check: bool) -> None:
    """Rewrite ruleset files in the canonical layout (folders: every .perf file inside)."""
    from ..language.formatter import format_document
    from ..language.parser import parse_document_file

    changed: list[Path] = []
    unusable = False
    for path in ruleset_files(paths):
        try:
            document = parse_document_file(path)
        except SourceError as error:
            click.echo(str(error), err=True)
            unusable = True
            continue
        old = path.read_text(encoding="utf-8-sig")
        new = format_document(document)
        if new != old:
            changed.append(path)
            if not check:
                path.write_text(new, encoding="utf-8")
    for path in changed:
        if check:
            click.echo(_("would reformat {path}", path=path), err=True)
        else:
            click.echo(_("reformatted {path}", path=path), err=True)
    if unusable:
        sys.exit(EXIT_UNUSABLE)
    if check and changed:
        sys.exit(EXIT_FINDINGS)
