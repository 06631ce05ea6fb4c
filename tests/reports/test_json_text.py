"""The indented JSON writer makes json.dumps(…, ensure_ascii=False, indent=2)'s text exactly."""

from __future__ import annotations

import json
from enum import IntEnum, StrEnum
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perfgoals.reports.json_text import dumps_indented
from tests.conftest import examples

SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=8)
)
KEYS = st.text(max_size=6) | st.integers() | st.booleans() | st.none() | st.floats()
DOCUMENTS = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.lists(inner, max_size=3).map(tuple)
        | st.dictionaries(KEYS, inner, max_size=4)
    ),
    max_leaves=25,
)


def expected(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2)


@settings(max_examples=examples(400), deadline=None)
@given(DOCUMENTS)
def test_the_same_text_as_json_dumps(obj: Any) -> None:
    assert dumps_indented(obj) == expected(obj)


class Kind(StrEnum):
    MET = "met"


class Rank(IntEnum):
    FIRST = 1


def test_results_shapes_and_subclasses() -> None:
    obj = {
        "name": '项目\n"一"\t\\',
        "status": Kind.MET,
        "rank": Rank.FIRST,
        "reasons": [],
        "groups": {},
        "nested": [{"a": [1, 2.5, None, True]}, ()],
    }
    assert dumps_indented(obj) == expected(obj)
    # A deeper start indents every line after the first, as a document's member is.
    assert dumps_indented({"a": [1]}, "\n    ") == '{\n      "a": [\n        1\n      ]\n    }'


def test_what_json_refuses_is_refused() -> None:
    from decimal import Decimal

    with pytest.raises(TypeError):
        dumps_indented({"x": Decimal(1)})
    with pytest.raises(TypeError):
        dumps_indented({(1, 2): 1})
