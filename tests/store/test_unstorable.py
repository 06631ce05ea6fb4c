"""A character PostgreSQL cannot keep (NUL) is refused when the input is read, for both stores.

Found by a property of test_roundtrip.py that sometimes drew an explanation '\\x00': SQLite
kept it and PostgreSQL refused it. Now every reader refuses it at its place, so the two
stores see the same inputs and nothing reaches either of them.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from perfgoals.cli import main
from tests.conftest import ROOT, SEED_RULESET, examples

RULESET = 'project "{name}" {{\n  产出 {{\n    数量 "场次" ≥888场\n  }}\n}}\n'


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.stdout, result.stderr


@given(
    before=st.text("放映资料ab ", max_size=4),
    after=st.text("放映资料ab ", max_size=4),
)
@example(before="", after="")
@example(before="印制", after="资料")
@settings(
    max_examples=examples(5),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
def test_nul_in_a_ruleset_is_a_positioned_error_for_both_stores(
    shared_db_url: str, tmp_path: Path, before: str, after: str
) -> None:
    path = tmp_path / "nul.perf"
    path.write_text(RULESET.format(name=before + "\x00" + after), encoding="utf-8")
    code, out, err = run("save", str(path), "--db", shared_db_url)
    assert code == 2, err
    assert out == ""
    column = len('project "') + len(before) + 1
    assert err.startswith(f"{path}:1:{column}: character U+0000 cannot be stored")
    assert "\x00" not in err  # shown as a symbol, with the caret under it
    assert "nul.perf" not in run("db", "list", "--db", shared_db_url)[1]


def test_nul_in_csv_actuals_is_refused_before_saving(db_url: str, tmp_path: Path) -> None:
    sample = ROOT / "samples" / "xingtai-kfq-2023-actuals.csv"
    lines = sample.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace("汛期", "汛\x00期", 1)
    actuals = tmp_path / "actuals.csv"
    actuals.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, err = run("score", str(SEED_RULESET), str(actuals), "--save", "--db", db_url)
    assert code == 2
    assert out == ""
    assert err.startswith(f"{actuals}:3:15: column 15: character U+0000 cannot be stored")


def test_nul_in_a_disclosure_text_is_refused(tmp_path: Path) -> None:
    text = tmp_path / "disclosure.txt"
    text.write_text("项目名称\n印制\x00资料\n", encoding="utf-8")
    code, _, err = run("import", str(text))
    assert code == 2
    assert err.startswith(f"{text}:2:3: character U+0000 cannot be stored")


def test_an_xlsx_cell_that_no_text_can_keep_is_positioned(tmp_path: Path) -> None:
    import zipfile

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "指标"
    sheet.append(["项目名称", "三级指标", "实际完成值"])
    sheet.append(["p", "n", "PLACEHOLDER"])
    plain = tmp_path / "plain.xlsx"
    book.save(plain)
    broken = tmp_path / "nul.xlsx"
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item).replace(b"PLACEHOLDER", b"A&#0;A"))
    code, _, err = run("score", str(SEED_RULESET), str(broken))
    assert code == 2
    assert err.startswith(f"{broken}[指标]:2: a cell holds a character no text can keep")
