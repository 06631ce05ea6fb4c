"""LibreOffice (Debian's libreoffice-calc-nogui) and poppler, as the report tests use them."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path


def to_pdf(workbook: Path, folder: Path) -> tuple[Path, str]:
    """Convert with a private LibreOffice profile (runs beside another soffice do not clash)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is not installed: .ci/run installs libreoffice-calc-nogui"
    profile = folder / "lo-profile"
    done = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(workbook),
        ],
        capture_output=True,
        text=True,
        timeout=240,
    )
    pdf = folder / (workbook.stem + ".pdf")
    assert done.returncode == 0 and pdf.exists(), done.stdout + done.stderr
    return pdf, done.stderr


def page_count(pdf: Path) -> int:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return int(
        next(line.split()[1] for line in out.stdout.splitlines() if line.startswith("Pages:"))
    )


def page_texts(pdf: Path) -> list[str]:
    out = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    )
    return out.stdout.split("\f")[: page_count(pdf)]
