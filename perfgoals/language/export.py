"""Export stage: a ruleset as the documented JSON contract."""

from __future__ import annotations

import json

from .model import Ruleset


def ruleset_json(ruleset: Ruleset) -> str:
    """The JSON export: `header`, then a `projects` list; decimals as strings, UTF-8 text."""
    return json.dumps(ruleset.to_json_dict(), ensure_ascii=False, indent=2) + "\n"


def ruleset_from_json(text: str) -> Ruleset:
    """Read an export back into the model."""
    return Ruleset.model_validate_json(text)
