"""How the models are declared keeps building them cheap, without changing what they accept.

Every command that reads a pilot builds the pydantic models at start-up. Two ways of
declaring them cost time there for nothing and are easy to bring back unnoticed:

- string annotations (``from __future__ import annotations`` in a model module): pydantic
  then evaluates each field's annotation from its text;
- a built-in as ``default_factory`` (``list``, ``dict``): pydantic reads each factory's
  signature, and a built-in's is parsed from its text signature.

The tests below find either in the real model classes; ``test_bundled_pilots`` keeps the
exported JSON schemas byte for byte as committed.
"""

from __future__ import annotations

import builtins
import inspect
import subprocess
import sys

import pytest
from pydantic import BaseModel

from bygdevekst_cli.models import FILE_KINDS
from bygdevekst_cli.models.base import empty_dict, empty_list
from bygdevekst_cli.models.plan import ActionPlan, Measure


def _models() -> list[type[BaseModel]]:
    """Every model a pilot's files are read with: the file kinds and every model they hold."""
    found: list[type[BaseModel]] = []
    pending: list[type[BaseModel]] = [kind.model for kind in FILE_KINDS]
    while pending:
        model = pending.pop()
        if model in found:
            continue
        found.append(model)
        for info in model.model_fields.values():
            pending += _models_in(info.annotation)
    return found


def _models_in(annotation: object) -> list[type[BaseModel]]:
    if inspect.isclass(annotation) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in getattr(annotation, "__args__", ()) for m in _models_in(arg)]


MODELS = _models()


def test_the_walk_finds_the_nested_models() -> None:
    names = {model.__name__ for model in MODELS}
    assert {"Pilot", "Agreement", "ActionPlan", "Measure", "BudgetLine", "Point"} <= names
    assert len(MODELS) > 30


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_no_model_is_declared_with_string_annotations(model: type[BaseModel]) -> None:
    own = {
        name: annotation
        for cls in model.__mro__
        if issubclass(cls, BaseModel) and cls.__module__.startswith("bygdevekst_cli.")
        for name, annotation in vars(cls).get("__annotations__", {}).items()
    }
    assert own, model
    assert [name for name, annotation in own.items() if isinstance(annotation, str)] == []


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_no_field_has_a_builtin_default_factory(model: type[BaseModel]) -> None:
    builtin = [
        name
        for name, info in model.model_fields.items()
        if info.default_factory is not None
        and getattr(info.default_factory, "__module__", None) == builtins.__name__
    ]
    assert builtin == []


def test_the_empty_factories_give_a_new_value_each_time() -> None:
    first = Measure(id="a", number=1, title="T", status="planned")
    second = Measure(id="b", number=2, title="T", status="planned")
    assert first.partners == [] and first.budget == {} and first.assumed == {}
    assert first.partners is not second.partners
    assert first.budget is not second.budget
    assert empty_list() is not empty_list() and empty_dict() is not empty_dict()


def test_an_omitted_list_is_empty_and_a_given_one_kept() -> None:
    plan = ActionPlan.model_validate({"year": 2026, "contributors": ["Nav"]})
    assert plan.contributors == ["Nav"]
    assert plan.measures == [] and plan.notes == [] and plan.funding.grants == []


def test_building_the_models_parses_no_builtin_signature() -> None:
    """``tokenize`` compiles its patterns the first time a text signature is parsed."""
    probe = "import tokenize, bygdevekst_cli.models; print(tokenize._compile.cache_info().misses)"
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.strip() == "0"
