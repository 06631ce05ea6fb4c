"""Which files `import` and `audit` read: one list in perfgoals.importer, the one their folders
are searched for and their messages name, so the three cannot disagree."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from perfgoals.cli import main
from perfgoals.importer import SOURCE_SUFFIXES, TABLE_SUFFIXES, import_file
from perfgoals.language.errors import PerfgoalsError

UNKNOWN_SUFFIX = "cannot import a"


@pytest.mark.parametrize("suffix", SOURCE_SUFFIXES)
def test_every_suffix_listed_has_a_reader(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"empty{suffix}"
    path.write_bytes(b"")
    try:
        import_file(path)
    except PerfgoalsError as error:  # an empty file is unusable, but read as what it is
        assert UNKNOWN_SUFFIX not in str(error)


def test_a_suffix_not_listed_has_none(tmp_path: Path) -> None:
    path = tmp_path / "notes.docx"
    path.write_bytes(b"")
    with pytest.raises(PerfgoalsError, match=f"{UNKNOWN_SUFFIX} .docx file"):
        import_file(path)


def invoke(*args: str, language: str = "en") -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), env={"PERFGOALS_LANG": language})
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.stderr


@pytest.fixture
def no_sources(tmp_path: Path) -> Path:
    folder = tmp_path / "tables"
    folder.mkdir()
    (folder / "notes.docx").write_bytes(b"")
    return folder


def test_import_of_a_folder_without_sources_names_every_suffix_it_reads(
    no_sources: Path, tmp_path: Path
) -> None:
    out = str(tmp_path / "rulesets")
    code, err = invoke("import", str(no_sources), "-o", out)
    assert code == 2
    assert err == "no .txt, .text, .csv, .tsv, .xlsx, .xlsm, .xls or .pdf files found\n"
    assert all(suffix in err for suffix in SOURCE_SUFFIXES)
    _, err = invoke("import", str(no_sources), "-o", out, language="zh")
    assert err == "没有找到 .txt、.text、.csv、.tsv、.xlsx、.xlsm、.xls 或 .pdf 文件\n"


def test_audit_of_a_folder_without_tables_names_every_suffix_it_reads(no_sources: Path) -> None:
    code, err = invoke("audit", str(no_sources))
    assert code == 2
    assert err == "no .csv, .tsv, .xlsx, .xlsm, .xls or .pdf tables found\n"
    assert all(suffix in err for suffix in TABLE_SUFFIXES)
    _, err = invoke("audit", str(no_sources), language="zh")
    assert err == "未找到 .csv、.tsv、.xlsx、.xlsm、.xls 或 .pdf 表格\n"
