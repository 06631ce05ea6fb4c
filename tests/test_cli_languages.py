"""The commands in both languages: the README's commands and the error paths a user meets, run
with --lang zh and --lang en. Both exit alike and print the same machine output; in Chinese no
English sentence is left."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from perfgoals.cli import main
from tests.conftest import ROOT, SEED_RULESET

SAMPLES = ROOT / "samples"
ACTUALS = SAMPLES / "xingtai-kfq-2023-actuals.perf"
BAD_SOURCE = """ruleset "x" {
  year 2023
}
project "测试项目" {
  产出 {
    数量 "放映场次" "≥ 美刀5"
    质量 "完成率" “100%”
  }
  满意度 { 服务对象 "满意度" ≥90% }
}
project "未完 {
"""
BAD_PROFILE = """profile "p" {
  budget { rule checkpoint colour red }
  positive { bands { red "[0, 60)" green "[50, 100)" } }
  gap { points 10 shade red }
}
"""
CORPUS = ROOT / "tests" / "data" / "corpus"
# Targets that hold a number but read as text (V011): the reason says what was found.
APPROXIMATE = """project "约数" {
  产出 {
    数量 "培训" "1-3项 左右"
    数量 "场次" "12 场左右"
    数量 "次数" "约3次"
  }
}
"""
BAD_ACTUALS = """assessment {
  year 2023
  project "没有这个项目" { executed 1万元 }
  project "2023 年老放映员区级生活补助金" { actual 数量 "不存在的指标" 9名 }
}
"""


def files(tmp: Path) -> dict[str, str]:
    (tmp / "bad.perf").write_text(BAD_SOURCE, encoding="utf-8")
    (tmp / "gbk.perf").write_bytes('project "公务用车" {}'.encode("gbk"))
    (tmp / "bad-actuals.perf").write_text(BAD_ACTUALS, encoding="utf-8")
    (tmp / "junk.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    (tmp / "folder").mkdir(exist_ok=True)
    # A table with no header row: the importer tells its columns apart by what they hold.
    (tmp / "headerless.csv").write_text(
        "产出指标,数量指标,放映场次,≥888场,900场\n效益指标,社会效益指标,群众满意,≥90%,95%\n",
        encoding="utf-8",
    )
    (tmp / "broken.xlsx").write_bytes(b"PK\x03\x04 cut short")  # a zip's head, then nothing
    (tmp / "text.xlsx").write_text("项目名称,指标值\n", encoding="utf-8")
    (tmp / "old.xls").write_text("not a workbook", encoding="utf-8")
    (tmp / "scan.pdf").write_text("not a pdf", encoding="utf-8")
    (tmp / "profile.perf").write_text(BAD_PROFILE, encoding="utf-8")
    (tmp / "approximate.perf").write_text(APPROXIMATE, encoding="utf-8")
    return {
        "seed": str(SEED_RULESET),
        "actuals": str(ACTUALS),
        "bad": str(tmp / "bad.perf"),
        "gbk": str(tmp / "gbk.perf"),
        "bad_actuals": str(tmp / "bad-actuals.perf"),
        "junk": str(tmp / "junk.csv"),
        "folder": str(tmp / "folder"),
        "db": str(tmp / "store.db"),
        "out": str(tmp / "out"),
        "disclosure": str(SAMPLES / "xingtai-kfq-2023-disclosure.txt"),
        "table": str(SAMPLES / "self-assessment-central.xlsx"),
        "progress": str(SAMPLES / "xingtai-kfq-2023-progress-07.perf"),
        "headerless": str(tmp / "headerless.csv"),
        "broken_xlsx": str(tmp / "broken.xlsx"),
        "text_xlsx": str(tmp / "text.xlsx"),
        "old_xls": str(tmp / "old.xls"),
        "scan_pdf": str(tmp / "scan.pdf"),
        "profile": str(tmp / "profile.perf"),
        "approximate": str(tmp / "approximate.perf"),
        "bad_cell": _workbook_with_a_bad_cell(tmp / "bad-cell.xlsx"),
        # Published tables: 得分 that follow no rule, columns not read, a row rejected.
        "slips": str(CORPUS / "14-shidian-nongye-xinxing-jingying-zhuti-2019.tsv"),
        "unread": str(CORPUS / "07-linyi-shifan-fuxiao-gongyong-jingfei-2025.tsv"),
        "rejected": str(CORPUS / "01-yuanzhou-nongji-malingshu-yuanzhong-2022.tsv"),
    }


def _workbook_with_a_bad_cell(path: Path) -> str:
    """A workbook whose true/false cell holds 7: the reader's cell-level error, at B2."""
    import zipfile

    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["项目名称", "不适用"])
    book.active.append(["项目", True])
    book.save(path)
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet] = parts[sheet].replace(b'<c r="B2" t="b"><v>1</v>', b'<c r="B2" t="b"><v>7</v>')
    with zipfile.ZipFile(path, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return str(path)


# Each: the arguments after `perfgoals --lang L`, with {name}s from files().
COMMANDS = [
    ["--help"],
    ["check", "--help"],
    ["db", "--help"],
    ["value", "≤7.55 万元", "≥", "5美刀", "95%-", "[80%, 90%"],
    ["fmt", "--check", "{bad}"],
    ["fmt", "--check", "{gbk}"],
    ["check", "{seed}"],
    ["check", "{disclosure}"],
    ["budget", "{disclosure}"],
    ["budget", "{junk}"],
    ["check", "{bad}"],
    ["check", "{gbk}", "no-such-file.perf"],
    ["check", "{folder}"],
    ["check", "--select", "ZZZ", "{seed}"],
    ["check", "--jobs", "x", "{seed}"],
    ["rules"],
    ["rules", "NOPE"],
    ["rules", "V002"],
    ["rules", "B001"],
    ["score", "{seed}", "{actuals}", "--explain"],
    ["score", "{seed}", "{bad_actuals}"],
    ["score", "{seed}", "{actuals}", "--policy", "no-such-policy"],
    ["template", "{seed}", "--format", "xlsx"],
    ["import", "{disclosure}", "-o", "{out}.perf", "--quiet"],
    ["import", "{junk}"],
    ["audit", "{table}", "--policy", "central", "--quiet"],
    ["db", "init", "--db", "{db}"],
    ["save", "{seed}", "{actuals}", "--db", "{db}"],
    ["db", "list", "--db", "{db}"],
    ["db", "show", "开发区综合办", "2023", "--db", "{db}"],
    ["db", "show", "开发区综合办", "twenty", "--db", "{db}"],
    ["compare", "开发区综合办", "2022", "2023", "--db", "{db}"],
    ["monitor", "--help"],
    ["monitor", "{seed}", "{progress}"],
    ["monitor", "{seed}", "{bad_actuals}"],
    ["monitor", "{seed}", "{progress}", "--explain"],
    ["monitor", "{seed}", "{progress}", "--profile", "{profile}"],
    ["check", "{profile}"],
    ["check", "{approximate}"],
    ["import", "{headerless}"],
    ["import", "{unread}"],
    ["import", "{rejected}"],
    ["audit", "{slips}"],
    ["import", "{broken_xlsx}"],
    ["audit", "{broken_xlsx}"],
    ["score", "{seed}", "{broken_xlsx}"],
    ["import", "{text_xlsx}"],
    ["import", "{bad_cell}"],
    ["import", "{old_xls}"],
    ["import", "{scan_pdf}"],
    ["score", "{seed}", "no-such-actuals.csv"],
    ["import", "no-such-table.csv"],
    ["nosuch"],
    [],
]

# Text a Chinese line may still carry in Latin letters: what the user wrote (quoted), paths,
# option and command names, rule codes and names, formats, units of the file language.
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"|`[^`]*`|“[^”]*”|\[[^\]]*\]")
_NAMES = re.compile(
    r"(?:/|\.{1,2}/|[\w.-]+/)[\w./+-]*|--?[\w-]+|\b[A-Z]\d{3}\b|\b[a-z]+\.[a-z0-9-]+\b"
)
_ENGLISH_RUN = re.compile(r"\b[A-Za-z]{2,}(?:[ ,;:]+[A-Za-z]{2,}){2,}\b")


def english_left(text: str) -> list[str]:
    """Lines with three English words in a row once quotes, paths and names are taken out."""
    left = []
    for line in text.splitlines():
        if line.startswith("  ") and not re.search(r"[\u4e00-\u9fff]", line[:8]):
            continue  # the quoted source line under a diagnostic, or a usage/option column
        if line.startswith("用法："):
            continue  # the usage line: the command's name and its metavariables
        bare = _NAMES.sub(" ", _QUOTED.sub(" ", line))
        if _ENGLISH_RUN.search(bare):
            left.append(line)
    return left


def invoke(args: list[str], names: dict[str, str], lang: str) -> tuple[int, str, str]:
    argv = ["--lang", lang, *(a.format(**names) for a in args)]
    result = CliRunner().invoke(main, argv)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a) or "(none)")
def test_a_command_speaks_chinese_and_english_alike(args: list[str], tmp_path: Path) -> None:
    names = files(tmp_path)

    def in_language(lang: str) -> tuple[int, str, str]:
        if args[:1] in (["db"], ["save"], ["compare"]) and "--help" not in args:
            (tmp_path / "store.db").unlink(missing_ok=True)  # the same database for both
            if args[:2] != ["db", "init"]:
                invoke(["save", "{seed}", "{actuals}", "--db", "{db}"], names, "en")
        return invoke(args, names, lang)

    en, zh = in_language("en"), in_language("zh")
    assert zh[0] == en[0], (zh, en)
    for stream in (1, 2):
        if args[:1] == ["value"] and stream == 1:
            continue  # JSON, the same in every language
        assert english_left(zh[stream]) == [], zh[stream]
        if en[stream].strip() and not _same_in_both(args):
            assert zh[stream] != en[stream] or not english_left(en[stream])


def _same_in_both(args: list[str]) -> bool:
    return args[:1] in (["value"],)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_json_is_the_same_in_both_languages_but_for_messages(lang: str, tmp_path: Path) -> None:
    names = files(tmp_path)
    code, out, _err = invoke(["check", "--format", "json", "{bad}", "{seed}"], names, lang)
    other = invoke(
        ["check", "--format", "json", "{bad}", "{seed}"], names, "en" if lang == "zh" else "zh"
    )
    assert code == other[0] == 2
    mine, theirs = json.loads(out), json.loads(other[1])
    assert [{k: v for k, v in f.items() if k != "message"} for f in mine] == [
        {k: v for k, v in f.items() if k != "message"} for f in theirs
    ]


def test_the_english_detector_finds_english() -> None:
    assert english_left("a.perf:1:2: cannot read value '≥': expected a number")
    assert not english_left("a.perf:1:2: E001 无法读取指标值 '≥ 美刀5'：≥ 后面应为数字")
    assert not english_left("用法： perfgoals check [OPTIONS] PATHS...")


# Texts that went out in English whatever the language, each with the Chinese that replaced it:
# (arguments, English in the English output, Chinese in the Chinese output). The Chinese output
# must not hold the English, so the test fails if an untranslated text comes back, also where
# english_left() does not look (an indented line, a single English phrase).
SENTINELS = [
    (
        ["import", "{headerless}"],
        "no header row: columns told apart",
        "没有表头行：已按各列内容识别",
    ),
    (["import", "{headerless}"], "(一级指标 1, 二级指标 2, 三级指标 3", "一级指标 1、二级指标 2"),
    (["import", "{unread}"], "is not a column perfgoals reads", "不是 perfgoals 读取的列"),
    (["import", "{rejected}"], "rejected (column target):", "已拒绝（指标值列）："),
    (["import", "{broken_xlsx}"], "a damaged zip archive", "zip 压缩包已损坏"),
    (
        ["import", "{text_xlsx}"],
        "not an .xlsx workbook (not a zip)",
        "不是 .xlsx 工作簿（不是 zip 压缩包）",
    ),
    (
        ["import", "{bad_cell}"],
        "B2: not a true/false value: '7'",
        "B2: 不是逻辑值（TRUE/FALSE）：'7'",
    ),
    (["import", "{old_xls}"], "not an old Excel .xls workbook", "不是旧版 Excel .xls 工作簿"),
    (
        ["import", "{scan_pdf}"],
        "not a PDF file (no %PDF header)",
        "不是 PDF 文件（缺少 %PDF 文件头）",
    ),
    (["import", "no-such-table.csv"], "No such file or directory", "没有这个文件或文件夹"),
    (
        ["monitor", "{seed}", "{progress}"],
        "缺少偏差原因说明 (explanation missing)",
        "! 缺少偏差原因说明\n",
    ),
    (
        ["monitor", "{seed}", "{progress}", "--explain"],
        "× 100 = 102.81 → green",
        "× 100 = 102.81 → 绿",
    ),
    (
        ["monitor", "{seed}", "{progress}", "--explain"],
        "(not pro-rated) → green",
        "（不按序时折算） → 绿",
    ),
    (["check", "{profile}"], "overlaps", "区间 [50, 100) 与 [0, 60) 重叠"),
    (["check", "{profile}"], "unknown gap setting 'shade'", "未知的 gap 设置 'shade'"),
    (
        ["check", "{approximate}"],
        "unexpected '左右' after the range (column 6)",
        "区间后面出现了意外的 '左右'（第 6 列）",
    ),
    (
        ["check", "{approximate}"],
        "after the number, found '左右' (column 5)",
        "数字后面应为单位或指标值结束，却是 '左右'（第 5 列）",
    ),
    (
        ["check", "{approximate}"],
        "('3次' at column 2 is inside the text)",
        "（第 2 列的 '3次' 在文字中间）",
    ),
]


@pytest.mark.parametrize(
    ("args", "english", "chinese"),
    SENTINELS,
    ids=lambda a: " ".join(a) if isinstance(a, list) else "",
)
def test_a_text_once_left_in_english_is_chinese(
    args: list[str], english: str, chinese: str, tmp_path: Path
) -> None:
    names = files(tmp_path)
    _code, en_out, en_err = invoke(args, names, "en")
    _code, zh_out, zh_err = invoke(args, names, "zh")
    assert english in en_out + en_err
    assert english not in zh_out + zh_err
    assert chinese in zh_out + zh_err, zh_out + zh_err


def _audit_lines(data: object) -> list[dict[str, object]]:
    if isinstance(data, dict):
        found = [data] if "notes" in data and "agrees" in data else []
        return found + [line for value in data.values() for line in _audit_lines(value)]
    if isinstance(data, list):
        return [line for value in data for line in _audit_lines(value)]
    return []


def test_the_audit_decides_its_findings_alike_in_both_languages(tmp_path: Path) -> None:
    """The audit's slips (a 得分 that follows no rule, one above its 分值, a score uncapped) are
    findings by their kind, not by their English words: the same lines disagree in Chinese."""
    names = files(tmp_path)
    audits = {
        lang: _audit_lines(
            json.loads(invoke(["audit", "{slips}", "--format", "json"], names, lang)[1])
        )
        for lang in ("en", "zh")
    }
    notes = {lang: [n for line in lines for n in line["notes"]] for lang, lines in audits.items()}
    assert any("follows no proportional rule" in n for n in notes["en"])
    assert any("with no cap" in n for n in notes["en"])
    assert any("不符合任何按比例计分的算法" in n for n in notes["zh"])
    assert any("不设上限" in n for n in notes["zh"])
    assert not any(english_left(n) for n in notes["zh"]), notes["zh"]
    assert [line["agrees"] for line in audits["zh"]] == [line["agrees"] for line in audits["en"]]
    assert not all(line["agrees"] for line in audits["zh"])


def test_help_lines_up_after_a_chinese_metavar() -> None:
    from perfgoals.language.width import display_width

    result = CliRunner().invoke(main, ["--lang", "zh", "monitor", "--help"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()

    def help_column(option: str) -> int:
        line = next(line for line in lines if line.lstrip().startswith(option))
        name, _help = re.match(r"(\s*\S.*?\s{2,})(\S.*)", line).groups()  # type: ignore[union-attr]
        return display_width(name)

    assert "文件" in next(line for line in lines if "--output" in line)
    assert help_column("-o, --output") == help_column("--save") == help_column("--profile")
