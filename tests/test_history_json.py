"""``history --format json`` writes its indented JSON without ``json``'s pure-Python
encoder, and byte for byte as ``json.dumps(..., ensure_ascii=False, indent=2)`` does."""

from __future__ import annotations

import json
from enum import IntEnum, StrEnum
from typing import Any

import pytest

from bygdevekst_cli.present.history import indented_json


class Colour(StrEnum):
    RED = "raud"


class Level(IntEnum):
    HIGH = 3


VALUES: list[Any] = [
    {},
    [],
    "",
    None,
    True,
    0,
    -17,
    2**70,
    1.5,
    1e16,
    -0.0,
    float("nan"),
    float("inf"),
    'æøå «sitat» \u2028 \x00 \x1f \t\n \\ " ’ 😀',
    {"a": {}, "b": [], "c": [[]], "d": [{}], "e": {"f": {"g": [1, [2, [3, {}]]]}}},
    {"flat": {"x": 1, "y": "to", "z": None, "w": True, "v": 2.5}},
    {"keys": {7: "ein", 2.5: "to", True: "sann", None: "ingen"}},
    {"mixed": [1, "a", None, [1, 2], {"k": "v"}, (3, 4), ()]},
    {"enum": Colour.RED, "level": Level.HIGH, "in list": [Colour.RED, Level.HIGH]},
    {"nested keys": {"a": {1: [1, 2]}}},
    ("tuple", ("inner", 1)),
    [[[[["deep"]]]]],
    {"commits": [{"commit": "abc", "parents": ["d", "e"], "changes": [{"old": 1, "new": 2}]}]},
]


@pytest.mark.parametrize("value", VALUES, ids=lambda v: repr(v)[:40])
def test_the_same_text_as_json(value: Any) -> None:
    assert indented_json(value) == json.dumps(value, ensure_ascii=False, indent=2)


def test_what_json_refuses_is_refused_alike() -> None:
    for value in ({"set": {1, 2}}, {"x": [object()]}, {(1, 2): "tuple key"}):
        with pytest.raises(TypeError):
            json.dumps(value, ensure_ascii=False, indent=2)
        with pytest.raises(TypeError):
            indented_json(value)
