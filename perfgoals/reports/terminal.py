"""What every report drawn for people shares: text that stays text, and the width to draw at.

Rich reads `[red]` as a style and `:100:` as an emoji code in any string it is given; a project
named `印制[red]资料[/red]` or a problem at row 100 of a sheet (`…xlsx[指标]:100:1`) must print
as written. Every console here has markup and emoji codes off, and every cell is a Text.
Markdown escapes what a renderer would read as syntax, emoji codes included.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import IO, Any

NARROW = 100  # below this many columns, tables drop the level-1/level-2 columns


def console(out: IO[str], width: int, color: bool) -> Any:
    """A rich Console writing to out that never interprets the text it prints."""
    from rich.console import Console

    return Console(
        file=out,
        width=width,
        color_system="auto" if color else None,
        force_terminal=color,
        highlight=False,
        markup=False,
        emoji=False,
    )


def text(value: str, style: str | None = None) -> Any:
    """A table cell or title exactly as written."""
    from rich.text import Text

    return Text(value, style=style or "")


_MARKDOWN_SYNTAX = re.compile(r"([\\`*_\[\]<>|])")
_EMOJI_CODE = re.compile(r":(?=[\w+-]+:)")


def markdown(value: str | None) -> str:
    """Text for a Markdown table cell or heading, read by any renderer as written."""
    escaped = _MARKDOWN_SYNTAX.sub(r"\\\1", value or "")
    return _EMOJI_CODE.sub(r"\\:", escaped).replace("\n", " ")


def markdown_row(cells: Iterable[str | None]) -> str:
    """A Markdown table row, every cell as written."""
    return "| " + " | ".join(markdown(cell) for cell in cells) + " |"


def markdown_table(columns: Sequence[str], rows: Iterable[Iterable[str | None]]) -> list[str]:
    """The lines of a Markdown table: the header, its rule, then one line per row."""
    return [markdown_row(columns), "|" + "---|" * len(columns), *map(markdown_row, rows)]
