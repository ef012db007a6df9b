"""The walks the rules use look only where something can be, and miss nothing.

``texts`` skips fields that can hold no string (amounts, dates, numbers), a document walks
its model once for its strings, objects and references (``textwalk.walk``), and
``objects(kind)`` filters that walk: each must give exactly what its own walk, or a walk of
every field, gives, on every bundled and test pilot and on a generated one.
"""

from __future__ import annotations

import datetime as dt
import enum
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from bygdevekst_cli import textwalk
from bygdevekst_cli.annotations import item_type
from bygdevekst_cli.models.meta import field_meta
from bygdevekst_cli.pilotset import Document, read_pilot

REPO = Path(__file__).resolve().parent.parent


def _every_text(model: BaseModel, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every string under every field but codes (an enum's member, which is a ``str`` too:
    no text), as the walk did before it skipped any field."""
    found: list[tuple[Any, ...]] = []
    metas = field_meta(type(model))
    for name, field in type(model).model_fields.items():
        prose = metas[name].prose or textwalk.is_prose(field.annotation, field.metadata)
        _every_value(getattr(model, name), field.annotation, prose, (*path, name), found)
    return found


def _every_value(
    value: Any, annotation: Any, prose: bool, path: tuple[Any, ...], found: list[Any]
) -> None:
    if isinstance(value, enum.Enum):
        return
    if isinstance(value, str):
        found.append((path, value, prose))
    elif isinstance(value, BaseModel):
        found.extend(_every_text(value, path))
    elif isinstance(value, list | dict):
        inner = item_type(annotation)
        items = enumerate(value) if isinstance(value, list) else value.items()
        for key, item in items:
            _every_value(item, inner, textwalk.is_prose(inner), (*path, key), found)


def _every_class(model: BaseModel) -> set[type[BaseModel]]:
    return {type(found) for _, found in textwalk.objects(model, BaseModel)}


def _base_classes(model: BaseModel) -> set[type[BaseModel]]:
    """The model classes the objects' classes derive from (``BaseModel`` among them)."""
    return {
        base
        for cls in _every_class(model)
        for base in cls.__mro__[1:]
        if isinstance(base, type) and issubclass(base, BaseModel)
    }


def _documents(folder: Path) -> list[Document[Any]]:
    files = read_pilot(folder, folder.name, dt.date(2026, 6, 1))
    return list(files.documents())


def _pilot_folders(tmp_path: Path) -> list[Path]:
    subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "generate.py"), str(tmp_path), "--pilots", "1"],
        check=True,
        capture_output=True,
    )
    folders = [p.parent for p in sorted((REPO / "tests" / "data").rglob("pilot.yaml"))]
    folders += [p.parent for p in sorted((REPO / "pilots").glob("*/pilot.yaml"))]
    folders += [p.parent for p in sorted((tmp_path / "pilots").glob("*/pilot.yaml"))]
    return folders


def test_texts_and_objects_miss_nothing_on_every_pilot(tmp_path: Path) -> None:
    documents = [d for folder in _pilot_folders(tmp_path) for d in _documents(folder)]
    assert len(documents) > 15
    classes = set().union(*(_every_class(d.model) | _base_classes(d.model) for d in documents))
    texts = 0
    for document in documents:
        assert document.texts == _every_text(document.model), document.display
        texts += len(document.texts)
        for kind in _every_class(document.model):
            expected = textwalk.objects(document.model, kind)
            assert expected, (document.display, kind)
            assert document.objects(kind) == expected, (document.display, kind)
        # any class, also one that several classes derive from or one the document does
        # not hold: the walk's objects of that class, in document order (what
        # Document.objects gave before it grouped them)
        every = textwalk.walk(document.model).objects
        for kind in classes:
            expected = [(path, found) for path, found in every if isinstance(found, kind)]
            assert document.objects(kind) == expected, (document.display, kind)
        assert document.references == textwalk.references(document.model)
        walked = textwalk.walk(document.model)
        assert walked.texts == textwalk.texts(document.model)
        assert walked.objects == textwalk.objects(document.model, BaseModel)
    assert texts > 1000


@pytest.mark.parametrize(
    ("annotation", "expected"),
    [
        (int, False),
        (int | None, False),
        (dt.date, False),
        (list[int], False),
        (dict[str, int], False),
        (dict[int, str], True),
        (str, True),
        (list[str] | None, True),
        (Any, True),
    ],
)
def test_what_can_hold_text(annotation: Any, expected: bool) -> None:
    assert textwalk._may_hold_text(annotation) is expected
