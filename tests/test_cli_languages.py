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
    }


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
