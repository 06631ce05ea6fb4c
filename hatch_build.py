"""Compile the message catalogs (.po → .mo) when a wheel is built, editable or not.

The .po sources are the only committed form; the wheel build compiles them with Babel and ships
the .mo files. An editable install gets them written next to the .po, where perfgoals.i18n reads
them. After editing a .po, run `python hatch_build.py` to rebuild them in place.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

ROOT = Path(__file__).resolve().parent
LOCALE = ROOT / "perfgoals" / "locale"


def compiled(po: Path) -> bytes:
    """The .mo bytes of one catalog; refuses fuzzy or empty translations."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as stream:
        catalog = read_po(stream, abort_invalid=True)
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def compile_catalogs() -> list[Path]:
    """Write the .mo beside every .po under perfgoals/locale; the paths written."""
    written = []
    for po in sorted(LOCALE.rglob("*.po")):
        mo = po.with_suffix(".mo")
        data = compiled(po)
        if not mo.is_file() or mo.read_bytes() != data:
            mo.write_bytes(data)
        written.append(mo)
    return written


class CatalogBuildHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        for mo in compile_catalogs():
            # The .mo files are ignored by git, so hatchling would leave them out: name them.
            build_data["force_include"][str(mo)] = str(mo.relative_to(ROOT))


if __name__ == "__main__":
    for path in compile_catalogs():
        print(path.relative_to(ROOT))
