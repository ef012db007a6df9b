"""The floor of validating YAML files with libyaml and pydantic: read, parse, schema-check.

    python benchmarks/floor_read.py PILOTS_DIR

Reads every pilot file under ``PILOTS_DIR`` (``pilot.yaml``, ``agreement.yaml``,
``plans/<year>.yaml``), turns libyaml's events into plain data with the least Python a
reader can do (no positions, no checks of its own, the YAML 1.2 scalars a pilot's files
hold), and validates the data with the file's model, as ``validate`` does. Nothing is
reported. ``bench_validate.py --cpu-only`` runs it beside ``validate --no-cache --jobs 1``
on the same tree, so that the CPU time per file shows how much of ``validate``'s is the
parser and pydantic, which any tool of this design pays, and how much its rules and report.
It exits 1 if a file does not parse or does not validate (the generated pilots all do).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import yaml
from yaml._yaml import CParser

from bygdevekst_cli.cli import without_pydantic_plugins
from bygdevekst_cli.collector import collect_less

_INT = re.compile(r"-?[0-9]+\Z")
_PLAIN = {"true": True, "false": False, "null": None, "~": None, "": None}


def _scalar(event: Any) -> Any:
    if not event.implicit[0]:  # quoted or a block: text as written
        return event.value
    value = event.value
    if value in _PLAIN:
        return _PLAIN[value]
    return int(value) if _INT.match(value) else value


def _node(event: Any, next_event: Any) -> Any:
    kind = type(event)
    if kind is yaml.ScalarEvent:
        return _scalar(event)
    if kind is yaml.MappingStartEvent:
        mapping = {}
        key = next_event()
        while type(key) is not yaml.MappingEndEvent:
            mapping[_scalar(key)] = _node(next_event(), next_event)
            key = next_event()
        return mapping
    items = []
    item = next_event()
    while type(item) is not yaml.SequenceEndEvent:
        items.append(_node(item, next_event))
        item = next_event()
    return items


def read(raw: bytes) -> Any:
    """The data of a one-document file of mappings, sequences and scalars."""
    next_event = CParser(raw).get_event
    next_event(), next_event()  # the stream's and the document's start
    return _node(next_event(), next_event)


def main(argv: list[str]) -> int:
    collect_less()  # the process settings the command line makes, before the models
    without_pydantic_plugins()
    from pydantic import ValidationError

    from bygdevekst_cli.models import file_kind

    pilots = Path(argv[0])
    failed = 0
    for path in sorted(pilots.rglob("*.yaml")):
        kind = file_kind(_relative(path))
        if kind is None:
            continue
        try:
            kind.model.model_validate(read(path.read_bytes()))
        except (yaml.YAMLError, ValidationError) as error:
            print(f"{path}: {error}", file=sys.stderr)
            failed += 1
    return 1 if failed else 0


def _relative(path: Path) -> Path:
    """``path`` inside its pilot folder (``plans/2026.yaml``, ``pilot.yaml``)."""
    return Path(path.parent.name, path.name) if path.parent.name == "plans" else Path(path.name)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
