"""The interface's languages: Chinese first, English on request (stdlib gettext, loaded lazily).

Every text a user reads goes through `_()` (or `ngettext()`), with the English text as the msgid
and its Chinese translation in the catalog. Machine output (JSON, SARIF, codes, keys, statuses)
never does: it stays the same in every language.

How to add a user-facing string
-------------------------------
1. Wrap it, with named placeholders (never f-strings or positional `{}` inside the msgid)::

       from perfgoals.i18n import _, ngettext
       raise SourceError(_("unknown unit {unit}", unit=name), span)
       ngettext("{count} file checked", "{count} files checked", n, count=n)

   A text defined at import time (a table of labels, a rule's explanation) is marked with
   `N_("...")` where it is written and translated with `_(value)` where it is shown. Click help
   (a command's docstring, `help=` of an option) is written as plain English: the CLI translates
   it when it renders the help, so only step 2 is needed for it.
2. Add the msgid and its msgstr to perfgoals/locale/zh_CN/LC_MESSAGES/perfgoals.po, keeping the
   same placeholders, and using the terms of docs/zh/术语.md (绩效指标, 指标值, 实际完成值…).
   Changing an English text changes its msgid: edit the entry, do not leave the old one.
   A rule's summary and explanation (its docstring, shown by `perfgoals rules`) are msgids
   too. Positional `{}` (formula templates) keep their order in the translation.
3. Rebuild the compiled catalog: `.venv/bin/python hatch_build.py` (the wheel build does the
   same through the hatch build hook; the .mo is not committed, and `pip install -e .` builds
   it too). tests/test_i18n.py fails when a wrapped string, a help text or a rule has no
   translation, when placeholders differ, when an entry is no longer used, when a translation
   uses a word the glossary rejects, or when the .mo is older than the .po; and
   tests/test_cli_languages.py runs the commands in both languages.

Tests that assert wording run in English unless they ask otherwise (tests/conftest.py sets
PERFGOALS_LANG=en); a test that wants Chinese sets it to `zh`.

Which language
--------------
`--lang zh|en` on the command group (set_language), else PERFGOALS_LANG, else the locale as
gettext reads it: the first set of LANGUAGE (a colon-separated list), LC_ALL, LC_MESSAGES, LANG.
`zh*` is Chinese, `en*` English; a list is walked until one of the two is found, and a locale
naming neither is English, as gettext falls back to the msgid. No locale, or the C/POSIX
locale, is Chinese.
"""

from __future__ import annotations

import os
from functools import cache
from gettext import GNUTranslations, NullTranslations
from pathlib import Path

LANGUAGES = ("zh", "en")
DOMAIN = "perfgoals"
LOCALE_DIR = Path(__file__).parent / "locale"
# The catalog of each language that is not the msgids' own.
CATALOGS = {"zh": LOCALE_DIR / "zh_CN" / "LC_MESSAGES" / f"{DOMAIN}.mo"}
LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")

_override: str | None = None


def set_language(language: str | None) -> None:
    """Use `language` ("zh" or "en") from now on; None goes back to the environment's choice."""
    global _override
    if language is not None and language not in LANGUAGES:
        raise ValueError(f"language must be one of {LANGUAGES}, not {language!r}")
    _override = language


def _language_of(value: str) -> str | None:
    """ "zh" or "en" for a locale or language name (zh_CN.UTF-8, en, en_US@euro), else None."""
    code = value.strip().partition(".")[0].partition("@")[0].partition("_")[0].lower()
    return code if code in LANGUAGES else None


def language_from_environment(environ: dict[str, str] | None = None) -> str:
    """The language PERFGOALS_LANG and the locale variables choose (see the module's docs)."""
    env = os.environ if environ is None else environ
    chosen = _language_of(env.get("PERFGOALS_LANG", ""))
    if chosen is not None:
        return chosen
    for variable in LOCALE_VARIABLES:
        value = env.get(variable, "")
        if not value:
            continue
        names = [n for n in value.split(":") if n and n.partition(".")[0] not in ("C", "POSIX")]
        if not names:
            return "zh"  # the C locale: no language chosen
        for name in names:
            language = _language_of(name)
            if language is not None:
                return language
        return "en"
    return "zh"


def current_language() -> str:
    """ "zh" or "en": the override when one is set, else what the environment chooses."""
    return _override if _override is not None else language_from_environment()


@cache
def _translations(language: str) -> NullTranslations:
    """The compiled catalog of `language`, read once, on first use."""
    path = CATALOGS.get(language)
    if path is None or not path.is_file():
        return NullTranslations()
    with path.open("rb") as stream:
        return GNUTranslations(stream)


def _(message: str, /, **params: object) -> str:
    """`message` in the current language, its `{name}` placeholders filled from `params`."""
    text = message if current_language() == "en" else _translations("zh").gettext(message)
    return text.format(**params) if params else text


def in_every_language(message: str, /) -> tuple[str, ...]:
    """`message` as each language writes it: to recognise a text made in another language
    (a stored run's reasons shown with `--lang` other than the one that scored it)."""
    return tuple(
        message if language == "en" else _translations(language).gettext(message)
        for language in LANGUAGES
    )


def alternatives(items: tuple[str, ...] | list[str]) -> str:
    """`.csv, .tsv or .pdf` in the user's punctuation (`.csv、.tsv 或 .pdf`)."""
    if len(items) < 2:
        return "".join(items)
    return _(", ").join(items[:-1]) + _(" or ") + items[-1]


def ngettext(singular: str, plural: str, n: int, /, **params: object) -> str:
    """The singular or plural text for `n`, translated, its placeholders filled from `params`."""
    if current_language() == "en":
        text = singular if n == 1 else plural
    else:
        text = _translations("zh").ngettext(singular, plural, n)
    return text.format(**params) if params else text


def os_reason(error: OSError) -> str:
    """Why a file could not be read or written: the system's words in English, Chinese for the
    common cases (the system's words otherwise: they are not in the catalog)."""
    import errno

    if current_language() == "en":
        return str(error.strerror or error)
    common = {
        errno.ENOENT: N_("no such file or folder"),
        errno.EACCES: N_("permission denied"),
        errno.EPERM: N_("permission denied"),
        errno.EISDIR: N_("a folder, not a file"),
        errno.ENOTDIR: N_("a part of the path is not a folder"),
        errno.ENOSPC: N_("no space left on the disk"),
    }
    message = common.get(error.errno or 0)
    return _(message) if message is not None else str(error.strerror or error)


def N_(message: str) -> str:
    """Mark `message` for the catalog where it is defined; `_()` translates it where shown."""
    return message


def placeholders(text: str) -> set[str]:
    """The placeholders of `text`: `{name}` by name, `{}` and `{0}` by position as "{0}"..."""
    from string import Formatter

    found: set[str] = set()
    position = 0
    try:
        fields = list(Formatter().parse(text))
    except ValueError:  # braces that are text, as in a DSL example: `{ … }`
        import re

        return set(re.findall(r"\{[^{}]*\}", text))
    for _text, name, _spec, _conv in fields:
        if name is None:
            continue
        if name == "" or name.isdigit():
            found.add("{%s}" % (name or position))
            position += 1
        else:
            found.add(name.split(".")[0].split("[")[0])
    return found
