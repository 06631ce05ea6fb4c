"""The `perfgoals` command: a thin layer over the API, with named exit codes.

Subcommands are imported only when they run, so `perfgoals fmt` or `perfgoals check` never
pay for SQLModel, openpyxl or rich. Machine output goes to stdout alone, messages to stderr.
"""

from __future__ import annotations

import importlib
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from ..language.errors import PerfgoalsError, SourceError

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_UNUSABLE = 2

# name → "module:function" of the commands that live beside the stage they drive.
LAZY_COMMANDS: dict[str, str] = {
    "import": "perfgoals.cli.importer:import_command",
    "export-table": "perfgoals.cli.importer:export_table_command",
    "audit": "perfgoals.cli.importer:audit_command",
    "score": "perfgoals.cli.score:score",
    "policies": "perfgoals.cli.score:policies",
    "template": "perfgoals.cli.template:template_command",
    "check": "perfgoals.cli.check:check",
    "rules": "perfgoals.cli.check:rules",
    "compare": "perfgoals.cli.store:compare_command",
    "db": "perfgoals.cli.store:db",
    "save": "perfgoals.cli.store:save",
}

F = TypeVar("F", bound=Callable[..., Any])


class LazyGroup(click.Group):
    """A group whose listed commands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *LAZY_COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in LAZY_COMMANDS:
            module_name, _, attr = LAZY_COMMANDS[cmd_name].partition(":")
            command = getattr(importlib.import_module(module_name), attr)
            assert isinstance(command, click.Command)
            return command
        return super().get_command(ctx, cmd_name)


def fail(error: PerfgoalsError) -> NoReturn:
    """Report unusable input on stderr and exit 2."""
    click.echo(str(error), err=True)
    sys.exit(EXIT_UNUSABLE)


def reports_errors(func: F) -> F:
    """Turn the project's own errors into a message and exit code 2, never a traceback."""
    import functools

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except PerfgoalsError as error:
            fail(error)
        except OSError as error:
            # An output that cannot be written (no such folder, no permission, disk full):
            # the same one line as any other unusable input.
            where = error.filename if error.filename is not None else "perfgoals"
            click.echo(f"{where}: {error.strerror or error}", err=True)
            sys.exit(EXIT_UNUSABLE)

    return wrapper  # type: ignore[return-value]


def ruleset_files(paths: tuple[str, ...]) -> Iterator[Path]:
    """The files named, and the .perf files under the folders named, in a stable order."""
    for name in paths:
        path = Path(name)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*.perf") if p.is_file())
        else:
            yield path


def write_output(text: str, output: str | None) -> None:
    if output is None or output == "-":
        click.echo(text, nl=not text.endswith("\n"))
    else:
        Path(output).write_text(text, encoding="utf-8")


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="perfgoals")
def main() -> None:
    """Performance targets of public budgets: write, check, score, import, store."""


@main.command()
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
            where = Diagnostic(f"<argument {i}>", 1, e.column, e.message, text, e.end_column)
            click.echo(where.render(), err=True)
    if failed:
        sys.exit(EXIT_UNUSABLE)


@main.command()
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


@main.command()
def schema() -> None:
    """Print the JSON Schema of `perfgoals export`."""
    from ..language.model import json_schema

    click.echo(json.dumps(json_schema(), ensure_ascii=False, indent=2))


@main.command()
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
        click.echo(f"{'would reformat' if check else 'reformatted'} {path}", err=True)
    if unusable:
        sys.exit(EXIT_UNUSABLE)
    if check and changed:
        sys.exit(EXIT_FINDINGS)
