"""`perfgoals compare DEPT 2023-06 2023-07`: two months of stored monitoring runs."""

from __future__ import annotations

import json
import re

import click

from ..i18n import _

_MONTH_SPEC = re.compile(r"(\d{4})\s*[-/年]\s*(\d{1,2})\s*月?")


def month_spec(spec: str) -> tuple[int, int] | None:
    """2023-07, 2023/7 or 2023年7月 → (2023, 7); None for a year or version spec."""
    m = _MONTH_SPEC.fullmatch(spec.strip())
    if m is None or not 1 <= int(m[2]) <= 12:
        return None
    return int(m[1]), int(m[2])


def compare_months_command(
    department: str, old: tuple[int, int], new: tuple[int, int], db_url: str | None, fmt: str
) -> None:
    """`perfgoals compare DEPT 2023-06 2023-07`: colours that changed, what turned red."""
    from ..language.profile import COLOUR_WORDS, Colour
    from ..store import Store
    from ..store.monitoring import compare_months, load_month

    with Store(db_url) as store:
        diff = compare_months(
            load_month(store, department, *old), load_month(store, department, *new)
        )
    if fmt == "json":
        click.echo(json.dumps(diff.to_json_dict(), ensure_ascii=False, indent=2))
        return

    def word(colour: str | None) -> str:
        return "—" if colour is None else COLOUR_WORDS[Colour(colour)]

    a, b = diff.old, diff.new
    lines = [
        _(
            "{department}: {old} (run {old_run}, {old_profile}) → {new} (run {new_run}, "
            "{new_profile})",
            department=department,
            old=f"{a.year}-{a.month:02d}",
            old_run=a.run_id,
            old_profile=a.profile,
            new=f"{b.year}-{b.month:02d}",
            new_run=b.run_id,
            new_profile=b.profile,
        )
    ]
    for p in diff.projects:
        lines.append(
            "~ "
            + _(
                "project {project}: {old} → {new}",
                project=p["project"],
                old=word(p["old"]),
                new=word(p["new"]),
            )
        )
    for i in diff.indicators:
        lines.append(f"    {i['project']} / {i['name']}: {word(i['old'])} → {word(i['new'])}")
    red = diff.turned_red
    since = f"{a.year}-{a.month:02d}"
    lines.append(_("{count} turned red since {month}", count=len(red), month=since))
    click.echo("\n".join(lines))
