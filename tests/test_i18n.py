"""The interface's languages: the choice of language, and a catalog that is complete, agrees on
placeholders and is compiled from its source."""

from __future__ import annotations

import ast
import importlib
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import click
import pytest

from perfgoals import i18n
from tests.conftest import ROOT

PO = ROOT / "perfgoals" / "locale" / "zh_CN" / "LC_MESSAGES" / "perfgoals.po"

# The helpers whose literal arguments are msgids: name → how many leading arguments are.
MARKERS = {"_": 1, "N_": 1, "ngettext": 1}  # ngettext: its singular keys the entry


def catalog():  # type: ignore[no-untyped-def]
    from babel.messages.pofile import read_po

    with PO.open("rb") as stream:
        return read_po(stream, abort_invalid=True)


def source_msgids() -> Iterator[tuple[str, int, str]]:
    """(file, line, msgid) of every literal passed to _(), N_() or ngettext() in the package."""
    for path in sorted((ROOT / "perfgoals").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not isinstance(
                node.func, ast.Name | ast.Attribute
            ):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else node.func.attr
            for arg in node.args[: MARKERS.get(name, 0)]:
                # _(value) translates a text marked with N_() where it was written.
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    yield str(path.relative_to(ROOT)), node.lineno, arg.value


def cli_help_texts() -> Iterator[tuple[str, str]]:
    """(command, text) of every help text of the command group, its commands and options."""
    import inspect

    from perfgoals.cli.main import LAZY_COMMANDS, main

    def walk(name: str, command: click.Command) -> Iterator[tuple[str, str]]:
        for item in [command, *command.params]:
            for field in ("help", "short_help"):
                english = item.__dict__.get(f"_english_{field}", getattr(item, field, None))
                if english:
                    yield name, inspect.cleandoc(english) if item is command else english
        if isinstance(command, click.Group):
            for sub_name, sub in command.commands.items():
                yield from walk(f"{name} {sub_name}", sub)

    yield from walk("perfgoals", main)
    for name, target in LAZY_COMMANDS.items():
        module, _, attr = target.partition(":")
        yield from walk(f"perfgoals {name}", getattr(importlib.import_module(module), attr))


def test_every_wrapped_string_has_a_chinese_translation() -> None:
    messages = catalog()
    missing = [
        f"{where}:{line}: {msgid!r}"
        for where, line, msgid in source_msgids()
        if not _translated(messages, msgid)
    ]
    assert missing == [], "no Chinese translation in perfgoals.po for:\n" + "\n".join(missing)


def test_every_help_text_has_a_chinese_translation() -> None:
    messages = catalog()
    missing = [
        f"{cmd}: {text!r}" for cmd, text in cli_help_texts() if not _translated(messages, text)
    ]
    assert missing == [], "no Chinese translation in perfgoals.po for:\n" + "\n".join(missing)


def test_every_rule_summary_has_a_chinese_translation() -> None:
    """`perfgoals rules` and SARIF show each rule's summary in the user's language."""
    import perfgoals.checks.runner  # noqa: F401  (registers every rule)
    from perfgoals.checks.registry import REGISTRY

    messages = catalog()
    missing = [f"{r.code}: {r.summary!r}" for r in REGISTRY if not _translated(messages, r.summary)]
    assert missing == [], "no Chinese translation in perfgoals.po for:\n" + "\n".join(missing)


def test_every_rule_explanation_has_a_chinese_translation() -> None:
    """`perfgoals rules CODE` explains the rule, its example and the fix, in Chinese too."""
    import perfgoals.checks.runner  # noqa: F401  (registers every rule)
    from perfgoals.checks.registry import REGISTRY

    messages = catalog()
    missing = [r.code for r in REGISTRY if not _translated(messages, r.explanation)]
    assert missing == [], "no Chinese explanation in perfgoals.po for: " + ", ".join(missing)


def test_the_catalog_holds_no_unused_entries() -> None:
    """A text that changed leaves its old entry behind: remove it from the .po with the change.
    Click's own texts (Usage:, its errors) are in the catalog too, found in click's sources."""
    from babel.messages.extract import extract_from_file

    import perfgoals.checks.runner  # noqa: F401  (registers every rule)
    from perfgoals.checks.registry import REGISTRY

    used = {msgid for _where, _line, msgid in source_msgids()}
    used |= {text for _command, text in cli_help_texts()}
    used |= {r.summary for r in REGISTRY} | {r.explanation for r in REGISTRY}
    for path in Path(click.__file__).parent.glob("*.py"):
        for _line, msgid, _comments, _context in extract_from_file("python", str(path)):
            used.add(msgid[0] if isinstance(msgid, tuple) else msgid)
    unused = [m.id for m in catalog() if m.id and _english_key(m) not in used]
    assert unused == [], "entries of perfgoals.po that nothing shows:\n" + "\n".join(
        map(repr, unused)
    )


def _english_key(message) -> str:  # type: ignore[no-untyped-def]
    return message.id[0] if isinstance(message.id, tuple | list) else message.id


def _translated(messages, msgid: str) -> bool:  # type: ignore[no-untyped-def]
    message = messages.get(msgid)
    if message is None:
        return False
    strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
    return all(strings) and not message.fuzzy


def test_translations_keep_the_placeholders() -> None:
    wrong = []
    for message in catalog():
        if not message.id:
            continue  # the header
        ids = message.id if isinstance(message.id, tuple | list) else (message.id,)
        strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
        # Chinese has one plural form, used for every n: it carries the plural's placeholders.
        expected = i18n.placeholders(ids[-1])
        for text in strings:
            if i18n.placeholders(text) != expected:
                wrong.append(f"{ids[0]!r}: {text!r}")
    assert wrong == [], "placeholders differ between msgid and msgstr:\n" + "\n".join(wrong)


def test_the_compiled_catalog_is_up_to_date() -> None:
    sys.path.insert(0, str(ROOT))
    try:
        from hatch_build import compiled
    finally:
        sys.path.remove(str(ROOT))
    mo = PO.with_suffix(".mo")
    assert mo.is_file() and mo.read_bytes() == compiled(PO), (
        f"{mo.relative_to(ROOT)} is missing or older than the .po: run `python hatch_build.py`"
    )


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, "zh"),
        ({"LANG": "C.UTF-8"}, "zh"),
        ({"LANG": "POSIX"}, "zh"),
        ({"LANG": "zh_CN.UTF-8"}, "zh"),
        ({"LANG": "zh_TW.UTF-8"}, "zh"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LANG": "fr_FR.UTF-8"}, "en"),
        ({"LANG": "en_US.UTF-8", "LC_MESSAGES": "zh_CN.UTF-8"}, "zh"),
        ({"LC_MESSAGES": "en_GB", "LC_ALL": "zh_CN"}, "zh"),
        ({"LC_ALL": "en_US", "LANGUAGE": "zh_CN:en"}, "zh"),
        ({"LANGUAGE": "fr:en:zh", "LANG": "zh_CN"}, "en"),
        ({"LANGUAGE": "", "LANG": "en_US"}, "en"),
        ({"LANG": "en_US.UTF-8", "PERFGOALS_LANG": "zh"}, "zh"),
        ({"LANG": "zh_CN.UTF-8", "PERFGOALS_LANG": "en"}, "en"),
        ({"LANG": "zh_CN.UTF-8", "PERFGOALS_LANG": "klingon"}, "zh"),
    ],
)
def test_the_language_follows_the_locale_as_gettext_reads_it(
    environ: dict[str, str], expected: str
) -> None:
    assert i18n.language_from_environment(environ) == expected


def test_set_language_overrides_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PERFGOALS_LANG", "en")
    try:
        i18n.set_language("zh")
        assert i18n.current_language() == "zh"
        assert (
            i18n._("Performance targets of public budgets: write, check, score, import, store.")[:4]
            == "预算绩效"
        )
    finally:
        i18n.set_language(None)
    assert i18n.current_language() == "en"
    with pytest.raises(ValueError):
        i18n.set_language("fr")


def test_named_placeholders_are_filled_after_translation() -> None:
    assert i18n._("{n} of {m}", n=1, m=2) == "1 of 2"
    assert i18n.ngettext("{count} file", "{count} files", 2, count=2) == "2 files"
    assert i18n.placeholders("{a} and {b.c} and {d[0]!r:>3}") == {"a", "b", "d"}


def _perfgoals(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "perfgoals", *args],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", **env},
        cwd=ROOT,
        check=False,
    )


@pytest.mark.parametrize(
    ("args", "env", "chinese"),
    [
        (["--help"], {"LANG": "zh_CN.UTF-8"}, True),
        (["--help"], {}, True),
        (["--help"], {"LANG": "en_US.UTF-8"}, False),
        (["--lang", "en", "--help"], {"LANG": "zh_CN.UTF-8"}, False),
        (["--help", "--lang", "en"], {"LANG": "zh_CN.UTF-8"}, False),
        (["--lang=zh", "--help"], {"LANG": "en_US.UTF-8"}, True),
        (["--help"], {"LANG": "en_US.UTF-8", "PERFGOALS_LANG": "zh"}, True),
    ],
)
def test_the_command_group_speaks_the_chosen_language(
    args: list[str], env: dict[str, str], chinese: bool
) -> None:
    result = _perfgoals(*args, env=env)
    assert result.returncode == 0, result.stderr
    assert ("预算绩效目标管理" in result.stdout) is chinese, result.stdout


def test_the_language_is_not_machine_output() -> None:
    """--lang changes the words a person reads (the `message` fields), never the codes, keys,
    positions and severities a program reads."""
    seed = ROOT / "rulesets" / "xingtai-kfq-2023.perf"
    outputs = {
        lang: json.loads(
            _perfgoals("--lang", lang, "check", "--format", "json", str(seed), env={}).stdout
        )
        for lang in ("zh", "en")
    }
    messages = {lang: [f.pop("message") for f in found] for lang, found in outputs.items()}
    assert outputs["zh"] == outputs["en"]
    assert messages["zh"] != messages["en"]
    assert all(re.search("[\u4e00-\u9fff]", m) for m in messages["zh"])


GLOSSARY = ROOT / "docs" / "zh" / "术语.md"


def glossary() -> list[tuple[list[str], list[str], list[str]]]:
    """(official terms, English words, words not to use) of each row of docs/zh/术语.md."""
    rows = []
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 4 or cells[0] in ("规范用语", "") or set(cells[0]) <= set("-"):
            continue

        def words(cell: str, sep: str) -> list[str]:
            return [w.strip() for w in re.split(sep, cell) if w.strip() and "（" not in w]

        rows.append((words(cells[0], "/"), words(cells[1], "[/,]"), words(cells[3], "[、/]")))
    return rows


def _english_of(message) -> str:  # type: ignore[no-untyped-def]
    return " ".join(message.id) if isinstance(message.id, tuple | list) else message.id


def _chinese_of(message) -> str:  # type: ignore[no-untyped-def]
    return "".join(message.string) if isinstance(message.string, tuple | list) else message.string


def test_the_glossary_is_read() -> None:
    rows = glossary()
    assert len(rows) >= 15
    assert (["指标值"], ["target"], ["目标值", "标准值"]) in rows


def test_translations_use_no_word_the_glossary_rejects() -> None:
    wrong = [
        f"{_english_of(m)!r}: {_chinese_of(m)!r} uses {bad!r}, write {'/'.join(terms)}"
        for m in catalog()
        if m.id
        for terms, _english, rejected in glossary()
        for bad in rejected
        if bad in _chinese_of(m)
    ]
    assert wrong == [], "\n".join(wrong)


# The English words whose translation must be the glossary's term wherever they occur: the
# words with one meaning in this interface (others, such as "target", also name other things).
ALWAYS_THE_TERM = {
    "actual value": "实际完成值",
    "execution": "预算执行率",
    "ruleset": "绩效目标文件",
}


@pytest.mark.parametrize(("english", "term"), sorted(ALWAYS_THE_TERM.items()))
def test_the_glossary_term_translates_its_english_word(english: str, term: str) -> None:
    assert any(term in terms for terms, _e, _r in glossary())
    # The word in prose: not a placeholder ({ruleset}) nor a metavariable (RULESET).
    pattern = re.compile(rf"\b{re.escape(english)}\b")
    wrong = [
        f"{_english_of(m)!r}: {_chinese_of(m)!r}"
        for m in catalog()
        if m.id
        and pattern.search(re.sub(r"\{[^{}]*\}", "", _english_of(m)).replace("Ruleset", "ruleset"))
        and term not in _chinese_of(m)
    ]
    assert wrong == [], f"{english!r} is {term} in docs/zh/术语.md:\n" + "\n".join(wrong)
