"""Project configuration of the checker: `[tool.perfgoals.check]` in pyproject.toml, or the
`[check]` table of a perfgoals.toml, found upward from the checked file.

    [tool.perfgoals.check]
    select = ["H", "V", "U001"]          # codes, code prefixes, families or rule names
    ignore = ["T001"]
    severity = { H005 = "warning", V005 = "error" }
    weight-totals = [100]                # what a project's indicator weights must add up to
    level1-weights = { output = 50, benefit = 30, satisfaction = 10 }
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..i18n import _
from ..language.errors import PerfgoalsError
from .context import Settings
from .findings import Severity
from .registry import REGISTRY


class ConfigError(PerfgoalsError):
    """A configuration file that cannot be used."""


@dataclass(frozen=True)
class Config:
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    severity: dict[str, Severity] = field(default_factory=dict)
    settings: Settings = field(default_factory=Settings)
    source: Path | None = None


@lru_cache(maxsize=256)
def find_config(directory: Path) -> Config:
    """The configuration that applies to files in directory (the nearest one upward)."""
    for folder in (directory, *directory.parents):
        own = folder / "perfgoals.toml"
        if own.is_file():
            return _load(own, ("check",))
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            data = _read(pyproject)
            if isinstance(data.get("tool", {}).get("perfgoals"), dict):
                return _from_table(pyproject, data["tool"]["perfgoals"].get("check", {}))
    return Config()


def _read(path: Path) -> dict[str, Any]:
    import tomllib  # only when there is a file to read: start-up stays light

    try:
        with path.open("rb") as f:
            return tomllib.load(f)
    except (OSError, tomllib.TOMLDecodeError) as e:
        raise ConfigError(
            _("{path}: cannot read the configuration: {reason}", path=path, reason=e)
        ) from None


def _load(path: Path, keys: tuple[str, ...]) -> Config:
    data: Any = _read(path)
    for key in keys:
        data = data.get(key, {}) if isinstance(data, dict) else {}
    return _from_table(path, data)


def _from_table(path: Path, table: Any) -> Config:
    if not isinstance(table, dict):
        raise ConfigError(_("{path}: the check settings must be a table", path=path))
    known = {"select", "ignore", "severity", "weight-totals", "level1-weights"}
    unknown = sorted(set(table) - known)
    if unknown:
        raise ConfigError(
            _("{path}: unknown check setting(s): {names}", path=path, names=", ".join(unknown))
        )
    select = table.get("select")
    selected = tuple(_words(path, "select", select)) if select is not None else None
    ignored = tuple(_words(path, "ignore", table.get("ignore", [])))
    severity: dict[str, Severity] = {}
    for code, level in dict(table.get("severity", {})).items():
        rule = REGISTRY.get(str(code))
        if rule is None:
            raise ConfigError(_("{path}: severity: unknown rule {code!r}", path=path, code=code))
        try:
            severity[rule.code] = Severity(str(level))
        except ValueError:
            raise ConfigError(
                _(
                    "{path}: severity of {code}: {level!r} is not error, warning or info",
                    path=path,
                    code=code,
                    level=level,
                )
            ) from None
    settings = Settings()
    if "weight-totals" in table:
        totals = tuple(_decimal(path, "weight-totals", v) for v in table["weight-totals"])
        settings = Settings(weight_totals=totals, level1_weights=settings.level1_weights)
    if "level1-weights" in table:
        split = {
            str(k): _decimal(path, "level1-weights", v) for k, v in table["level1-weights"].items()
        }
        if not set(split) <= {"output", "benefit", "satisfaction"}:
            raise ConfigError(
                _("{path}: level1-weights: keys are output, benefit, satisfaction", path=path)
            )
        settings = Settings(weight_totals=settings.weight_totals, level1_weights=split)
    return Config(selected, ignored, severity, settings, path)


def _words(path: Path, key: str, value: Any) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(_("{path}: {key} must be a list of codes", path=path, key=key))
    for word in value:
        if not REGISTRY.matching(word):
            raise ConfigError(
                _("{path}: {key}: {word!r} names no rule", path=path, key=key, word=word)
            )
    return value


def _decimal(path: Path, key: str, value: Any) -> Decimal:
    try:
        return Decimal(str(value))
    except InvalidOperation:
        raise ConfigError(
            _("{path}: {key}: {value!r} is not a number", path=path, key=key, value=value)
        ) from None
