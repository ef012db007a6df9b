"""Command-line values without pydantic, where Typer's result is plain to see.

Typer (0.29) turns every parameter value that is not already a bool into its Python type
through a pydantic ``TypeAdapter``; building the first one imports pydantic (~100 ms of
CPU), which a command that needs no model (``validate --list-rules``, ``completion``,
``fmt``, a cached ``validate``) would pay for a list of paths or a ``--format`` choice.

``quick_coercion(command)`` gives each parameter of a built command a coercion that takes
the values whose result is certain, the way Typer's own adapters build it (a ``str``; a
number written in ASCII digits within ``min``/``max``; a choice of an enum, through Typer's
``coerce_cli_choice``; a ``Path``, checked by Typer's ``coerce_cli_path``; a ``parser=``
that returns; a list of those), and hands every other value, and every value those steps
reject, to Typer's own coercion (``build_runtime_param``), which words the error as it
always has. The result of a command line is therefore Typer's result: only the way to it
is shorter. ``tests/test_cli_coercion.py`` compares the two for every parameter.

The hook is Typer's lazily built ``_runtime_param`` of a parameter (Typer builds it on the
first value, "to avoid up-front costs"); a parameter that has none already set keeps it.
Typer's private modules are read here and nowhere else: a Typer that lacks them fails the
import, and ``app`` then leaves Typer's coercion as it is.
"""

from __future__ import annotations

from enum import Enum
from functools import cached_property
from pathlib import Path
from typing import Any

from typer._coercion import RuntimeParam, TypeDescriptor, build_runtime_param
from typer._param_types import coerce_cli_choice, coerce_cli_path

#: A value the quick steps leave to Typer.
_TYPER = object()


def quick_coercion(command: Any) -> Any:
    """Give every parameter of ``command`` (and of its sub-commands) the quick coercion."""
    for param in getattr(command, "params", []):
        descriptor = getattr(param, "type_descriptor", None)
        if (
            isinstance(descriptor, TypeDescriptor)
            and getattr(param, "_runtime_param", False) is None
            and descriptor.file_annotation is None
        ):
            param._runtime_param = QuickRuntimeParam(
                parameter_info=descriptor.parameter_info,
                annotation=descriptor.annotation,
                descriptor=descriptor,
            )
    for sub in getattr(command, "commands", {}).values():
        quick_coercion(sub)
    return command


class QuickRuntimeParam(RuntimeParam):
    """Typer's coercion of one parameter, without pydantic where the result is certain.

    ``RuntimeParam.coerce`` (Typer's) still handles ``None`` and the shape of a
    multiple value; this class only turns one present value. Not a dataclass of its own:
    Typer's frozen ``RuntimeParam`` keeps its two fields, and ``descriptor`` is set as
    frozen fields are, so that building the command line compiles no generated methods.
    """

    descriptor: TypeDescriptor

    def __init__(self, parameter_info: Any, annotation: Any, descriptor: TypeDescriptor) -> None:
        super().__init__(parameter_info, annotation)
        object.__setattr__(self, "descriptor", descriptor)

    @cached_property
    def typer(self) -> RuntimeParam:
        """Typer's own coercion of this parameter (pydantic), built when first needed."""
        return build_runtime_param(self.descriptor)

    def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
        quick = self._quick(value, param, ctx)
        if quick is _TYPER:
            return self.typer._coerce_value(value, param=param, ctx=ctx)
        return quick

    def _quick(self, value: Any, param: Any, ctx: Any) -> Any:
        if self.descriptor.is_list:
            if not isinstance(value, (list, tuple)):
                return _TYPER
            (item_type,) = getattr(self.annotation, "__args__", (None,))
            items = [self._leaf(item_type, item, param, ctx) for item in value]
            return _TYPER if any(item is _TYPER for item in items) else items
        if self.descriptor.is_tuple:
            return _TYPER
        return self._leaf(self.annotation, value, param, ctx)

    def _leaf(self, annotation: Any, value: Any, param: Any, ctx: Any) -> Any:
        """One value, in the order of Typer's ``build_leaf_adapter``; else ``_TYPER``."""
        info = self.parameter_info
        if info.parser is not None:
            try:
                return info.parser(value)
            except Exception:  # Typer words it (or raises it) itself
                return _TYPER
        if isinstance(annotation, type) and issubclass(annotation, Enum):
            try:
                return coerce_cli_choice(
                    value, choices=list(annotation), case_sensitive=info.case_sensitive, ctx=ctx
                )
            except Exception:  # not one of the choices: Typer words it
                return _TYPER
        if annotation is int and not info.clamp:
            return _whole_number(value, info.min, info.max)
        if annotation is str:
            return value if type(value) is str else _TYPER
        if annotation is Path and not (
            info.allow_dash or info.resolve_path or info.path_type is not None
        ):
            return _path(value, info, param, ctx)
        return _TYPER


def _whole_number(value: Any, low: float | None, high: float | None) -> Any:
    if type(value) is int:
        number = value
    elif type(value) is str and value.isascii() and value.isdigit():
        number = int(value)
    else:
        return _TYPER
    if (low is not None and number < low) or (high is not None and number > high):
        return _TYPER  # Typer words the limit
    return number


def _path(value: Any, info: Any, param: Any, ctx: Any) -> Any:
    if isinstance(value, Path):
        path = value
    elif type(value) is str and value:
        path = Path(value)
    else:
        return _TYPER
    try:
        return coerce_cli_path(path, info, path_type=Path, param=param, ctx=ctx)
    except Exception:  # a path that does not exist, a file for a folder, …: Typer words it
        return _TYPER
