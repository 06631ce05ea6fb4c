"""A workbook as text, cell by cell, for golden files: what a reader of the form sees.

Values with their type, number format, named style, font, alignment and borders; merged
ranges; column widths and row heights; the print setup. Not the bytes of the file, which
change with openpyxl's version and the time of writing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


def _side(cell: Any) -> str:
    b = cell.border
    return "".join(
        "1" if getattr(b, edge) is not None and getattr(b, edge).style else "0"
        for edge in ("left", "right", "top", "bottom")
    )


def workbook_text(path: Path) -> str:
    from openpyxl import load_workbook

    workbook = load_workbook(path)
    out: list[str] = []
    for ws in workbook.worksheets:
        setup = ws.page_setup
        out.append(f"== sheet {ws.title!r}")
        out.append(
            f"print: paper={setup.paperSize} orientation={setup.orientation} "
            f"fit={ws.sheet_properties.pageSetUpPr.fitToPage} "
            f"width={setup.fitToWidth} height={setup.fitToHeight} "
            f"titles={ws.print_title_rows} footer={ws.oddFooter.center.text!r} "
            f"centred={ws.print_options.horizontalCentered} freeze={ws.freeze_panes}"
        )
        widths = {k: v.width for k, v in sorted(ws.column_dimensions.items()) if v.width}
        out.append(f"widths: {widths}")
        heights = {k: v.height for k, v in sorted(ws.row_dimensions.items()) if v.height}
        out.append(f"heights: {heights}")
        out.append(f"merged: {sorted(str(r) for r in ws.merged_cells.ranges)}")
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is None and cell.style == "Normal":
                    continue
                font = cell.font
                out.append(
                    f"{cell.coordinate}\t{cell.value!r}\t{cell.data_type}\t{cell.number_format}"
                    f"\t{cell.style}\tb={int(bool(font.b))} size={font.sz}"
                    f"\t{cell.alignment.horizontal}/{int(bool(cell.alignment.wrap_text))}"
                    f"\tborder={_side(cell)} quote={int(bool(cell.quotePrefix))}"
                )
    return "\n".join(out) + "\n"
