"""The `perfgoals` command: a thin layer over the API, with named exit codes.

Subcommands are imported only when they run, so `perfgoals fmt` or `perfgoals check` never
pay for SQLModel, openpyxl or rich. Machine output goes to stdout alone, messages to stderr.
"""

from __future__ import annotations

import importlib

import click

# name → "module:function" of every command, one module per command family.
LAZY_COMMANDS: dict[str, str] = {
    "value": "perfgoals.cli.language:value",
    "export": "perfgoals.cli.language:export",
    "schema": "perfgoals.cli.language:schema",
    "fmt": "perfgoals.cli.language:fmt",
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
    "report": "perfgoals.cli.report:report_command",
}


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


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="perfgoals")
def main() -> None:
    """Performance targets of public budgets: write, check, score, import, store."""
