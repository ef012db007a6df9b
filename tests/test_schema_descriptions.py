"""Field descriptions (the editors' tooltips in the JSON schemas) come from the word
catalogues, ``schema.<ModelClass>.<field>``, in both written standards."""

from __future__ import annotations

import ast
import inspect
import json
from pathlib import Path

import pytest

from bygdevekst_cli.language import words
from bygdevekst_cli.models import (
    FILE_KINDS,
    FileKind,
    agreement,
    base,
    indicators,
    links,
    pilot,
    plan,
)
from bygdevekst_cli.models.base import Model
from bygdevekst_cli.schema_export import (
    SCHEMA_LANGUAGE,
    description_key,
    schema_for,
    schema_text,
)
from tests.helpers import copy_minimal, edit, line_of, run_cli

#: Models whose descriptions are still in Python: none (a set to keep empty). The test below
#: fails for a class here that no longer needs its place.
PENDING: frozenset[str] = frozenset()


def _models() -> list[type[Model]]:
    found = []
    for module in (base, pilot, agreement, plan, indicators, links):
        found += [
            cls
            for cls in vars(module).values()
            if inspect.isclass(cls) and issubclass(cls, Model) and cls.__module__ == module.__name__
        ]
    return found


MODELS = _models()


def _undescribed(cls: type[Model], language: str) -> list[str]:
    w = words(language)
    return [field for field in cls.model_fields if description_key(cls, field, w) is None]


@pytest.mark.parametrize("language", ["nn", "nb"])
def test_every_field_of_every_model_has_a_description(language: str) -> None:
    missing = {
        cls.__name__: fields
        for cls in MODELS
        if cls.__name__ not in PENDING and (fields := _undescribed(cls, language))
    }
    assert missing == {}


def test_every_pending_model_still_lacks_descriptions() -> None:
    done = sorted(
        cls.__name__
        for cls in MODELS
        if cls.__name__ in PENDING and not _undescribed(cls, "nb") and cls.model_fields
    )
    assert done == []


def test_no_description_names_a_field_the_model_lacks() -> None:
    classes = {cls.__name__: cls for cls in MODELS}
    stale = []
    for key in words("nb").keys():  # noqa: SIM118 (Words is not a mapping)
        parts = key.split(".")
        if len(parts) != 3 or parts[0] != "schema" or parts[1] not in classes:
            continue
        # a mixin's key describes a field its users declare (``AssumedValues.assumed``)
        users = [c for c in MODELS if issubclass(c, classes[parts[1]])]
        if not any(parts[2] in c.model_fields for c in users):
            stale.append(key)
    assert stale == []


def test_the_models_hold_no_description_of_their_own() -> None:
    """No ``description=`` in the model modules done (the catalogue holds them)."""
    done = [module for module in (base, pilot, agreement) if module.__name__ not in PENDING]
    held = {
        module.__name__: [
            node.lineno
            for node in ast.walk(ast.parse(Path(str(module.__file__)).read_text("utf-8")))
            if isinstance(node, ast.keyword) and node.arg == "description"
        ]
        for module in done
    }
    assert {name: lines for name, lines in held.items() if lines} == {}


def test_the_schema_is_described_in_bokmaal_by_default_and_in_nynorsk_on_request() -> None:
    kind = next(k for k in FILE_KINDS if k.name == "pilot")
    nb, nn = schema_for(kind), schema_for(kind, "nn")
    assert nb["$defs"]["Party"]["properties"]["name"]["description"] == words("nb")(
        "schema.Party.name"
    )
    assert nn["$defs"]["Party"]["properties"]["name"]["description"] == words("nn")(
        "schema.Party.name"
    )
    assert "namn" in nn["$defs"]["Party"]["properties"]["name"]["description"]
    # an inherited field is described under the class that declares it
    assert nb["properties"]["schema_version"]["description"] == words("nb")(
        "schema.Versioned.schema_version"
    )


def test_the_exported_schema_files_carry_the_descriptions(tmp_path: Path) -> None:
    code, _ = run_cli("schema", "--output", str(tmp_path))
    assert code == 0
    exported = json.loads((tmp_path / "agreement.schema.json").read_text(encoding="utf-8"))
    props = exported["$defs"]["SubGoal"]["properties"]
    assert props["weight"]["description"] == words("nb")("schema.SubGoal.weight")


def test_a_rule_between_fields_is_worded_from_the_catalogue(tmp_path: Path) -> None:
    folder = copy_minimal(tmp_path)
    text = edit(
        folder / "pilot.yaml",
        "    kind: county\n    role: main\n",
        '    kind: county\n    role: main\n    municipality_number: "4000"\n',
    )
    code, output = run_cli("validate", str(folder))
    assert code == 1
    assert words("nn")("schema.Party.errors.municipal_only") in output
    assert f"pilot.yaml:{line_of(text, 'kind: county') - 2}" in output
    assert "Traceback" not in output


def _descriptions(node: object) -> list[str]:
    if isinstance(node, dict):
        own = [node["description"]] if isinstance(node.get("description"), str) else []
        return own + [d for value in node.values() for d in _descriptions(value)]
    if isinstance(node, list):
        return [d for value in node for d in _descriptions(value)]
    return []


def test_every_description_in_the_exported_schemas_is_the_catalogues() -> None:
    # pydantic gave each class the description of its docstring, written in English for
    # the code's readers: «The chapters of KDD's agreement template …» in a Norwegian editor
    w = words(SCHEMA_LANGUAGE)
    described = ("schema.", "cli.help.schema.")  # the fields', and the shared types'
    keys = w.keys()
    from_catalogue = {w(key) for key in keys if key.startswith(described)}
    found = [d for kind in FILE_KINDS for d in _descriptions(json.loads(schema_text(kind)))]
    assert len(found) > 100
    assert sorted(set(found) - from_catalogue) == []


@pytest.mark.parametrize("kind", FILE_KINDS, ids=lambda kind: kind.name)
def test_a_nynorsk_schema_has_no_bokmaal_description(kind: FileKind) -> None:
    """The shared types (``Id``, ``Kroner``, ``Year`` …) carry their Bokmål description,
    bound when the models are defined: an nn schema said «små bokstaver, tall … (f.eks.»
    under every ID and «Beløp i hele kroner» under every amount. A description the two
    catalogues share is fine («Styringsgruppe.»), unless it holds a Bokmål word."""
    from bygdevekst_cli.models import Language
    from bygdevekst_cli.rules.language import marker_words

    nb = set(_descriptions(schema_for(kind, "nb")))
    nn = _descriptions(schema_for(kind, "nn"))
    markers = marker_words()
    bokmaal = sorted({d for d in nn if d in nb and markers.find(d, Language.NYNORSK)})
    assert bokmaal == []
    in_nynorsk = {words("nn")(f"cli.help.schema.{key}") for key in ("id", "kroner", "year")}
    assert in_nynorsk & set(nn)  # the types' own nn text took the Bokmål one's place
