"""Many versions of one plan, read fast: each top-level block and each measure once.

A plan's history is hundreds of versions of one file that differ by a line or two, and
reading a 10 KB plan whole costs about a millisecond. Here a version is cut at its
top-level keys and, inside ``measures``, at each measure, and each measure at its fields;
each distinct piece is parsed (by the same loader, with the same refusals) and each
distinct measure and top-level block validated once, and the plan is put together from
the pieces. An unchanged measure is then the very same object in both versions, so the
diff passes over it at once; a changed one reads again only the fields whose text changed.

Every piece keeps the line break that ends it, so that a block scalar (``|``) at the end
of a piece reads as it does in the whole file.

Anything out of the ordinary (a directive, a document marker, a key twice, a piece that
does not read or validate on its own) gives None: the caller then reads the file whole,
with the findings and line numbers of ``pilotset.read_document``.

What was read is kept as plain data in a ``PieceStore``: each plan blob as the digests of
its pieces, each piece's data by its digest. The history keeps the store in the cache
folder (``load_store``, ``save_store``); a blob id names its content, so an entry never goes
stale, and a later run builds the plans it has seen before without reading their YAML.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import marshal
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from bygdevekst_cli.loader import BOM, MAX_BYTES, load_yaml_bytes
from bygdevekst_cli.models import ActionPlan
from bygdevekst_cli.models.plan import Measure

MEASURES = "measures"
YEAR = "year"
# Each pattern starts with the newline before the line it looks for: re finds a literal
# prefix several times faster than a line start (``^``), and a plan has hundreds of lines.
_TOP_KEY = re.compile(r"\n(?=[A-Za-z_][A-Za-z0-9_-]*:(?: |\r?$))", re.MULTILINE)
_MARKER = re.compile(r"\n(?:---|\.\.\.|%)")
_ITEM = re.compile(r"^( *)- ", re.MULTILINE)
_FIRST_KEY = re.compile(r"( *)- (?=[A-Za-z_][A-Za-z0-9_-]*:(?: |\r?\n))")
_SOURCE = Path("plan.yaml")
_FINDINGS_LANGUAGE = "nb"

Skeleton = tuple[tuple[str, Any], ...]
"""A plan blob as its pieces: ``(key, digest)`` per top-level block, in the file's order;
for ``measures``, ``(key, (digest, ...))``, one digest per measure."""


def _validators_of(model: type[Any]) -> bool:
    decorators = model.__pydantic_decorators__
    return bool(
        decorators.model_validators
        or decorators.field_validators
        or decorators.root_validators
        or decorators.validators
    )


def _default_makers(model: type[Any]) -> dict[str, Callable[[], Any]] | None:
    """For each optional field, what makes its default as validation does (a fresh value
    from the factory, or a copy of the default); None when a factory needs the other
    fields' values."""
    makers: dict[str, Callable[[], Any]] = {}
    for name, info in model.model_fields.items():
        factory = info.default_factory
        if factory is not None:
            if info.default_factory_takes_validated_data:
                return None
            makers[name] = factory
        elif not info.is_required():
            makers[name] = functools.partial(copy.deepcopy, info.default)
    return makers


_DEFAULTS = _default_makers(ActionPlan)
_COMPOSABLE = _DEFAULTS is not None and not _validators_of(ActionPlan)
"""Whether a plan may be put together from its fields validated one by one: true while
``ActionPlan`` has no validator of its own that looks at several fields (each field is
then validated by itself, whole or alone). Else the pieces are validated as one plan."""


class _Invalid:
    """A block that does not validate (as a value, None is a valid field value)."""


_INVALID = _Invalid()


def _digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()


@dataclass
class PieceStore:
    """Everything read, as plain data (what ``marshal`` keeps): plan blobs as skeletons,
    pieces by digest, and documents read whole by blob id."""

    plans: dict[str, Skeleton] = field(default_factory=dict)
    blocks: dict[bytes, Any] = field(default_factory=dict)
    """A top-level block's digest → its value as read."""
    measures: dict[bytes, Any] = field(default_factory=dict)
    """A measure's digest → its data as read (a mapping)."""
    documents: dict[str, tuple[Any, ...]] = field(default_factory=dict)
    """A blob read whole → ``(kind name, path in the pilot, "read", data as read)``, or
    when it did not read, ``(kind name, path, language, its problem)``."""
    added: int = 0
    """Entries added since the store was loaded (nothing added: nothing to save)."""

    def has(self, sha: str) -> bool:
        return sha in self.plans or sha in self.documents

    def add_document(self, sha: str, document: tuple[Any, ...]) -> None:
        self.documents[sha] = document
        self.added += 1

    def encode(self) -> bytes:
        return marshal.dumps((self.plans, self.blocks, self.measures, self.documents))

    @classmethod
    def decode(cls, raw: bytes) -> PieceStore:
        plans, blocks, measures, documents = marshal.loads(raw)
        tables = (plans, blocks, measures, documents)
        if not all(isinstance(table, dict) for table in tables):
            raise TypeError("tables")
        return cls(plans, blocks, measures, documents)


def store_key() -> tuple[Any, ...]:
    """What stored pieces depend on besides their text: this tool (version and a stamp of
    its code), the YAML parser the loader uses (and its version), and the Python that wrote
    them."""
    import importlib

    from bygdevekst_cli.loader import default_backend
    from bygdevekst_cli.resultcache import code_stamp, tool_version

    parser = default_backend()
    package = importlib.import_module(parser.events.__package__ or parser.events.__name__)
    return (
        "plan-pieces-2",
        tool_version(),
        code_stamp(),
        parser.name,
        str(getattr(package, "__version__", "")),
        sys.version_info[:2],
    )


def load_store(name: str) -> PieceStore:
    """The store kept under ``name`` in the cache folder; empty when there is none, when
    it was written by other code, or when it is damaged in any way."""
    from bygdevekst_cli import cache

    if not cache.enabled():  # nothing to ask: not even what the key would be
        return PieceStore()
    found = cache.load_decoded(name, store_key(), PieceStore.decode)
    return PieceStore() if found is None else found


def save_store(name: str, store: PieceStore) -> None:
    """Keep ``store`` under ``name`` (when anything was added to it); a checksum makes a
    damaged entry a miss."""
    from bygdevekst_cli import cache

    if store.added and cache.enabled():
        cache.store_encoded(name, store_key(), store.encode)


@dataclass
class PlanPieces:
    """Parses plan versions, remembering every piece it has read (in ``store``) and every
    model it has built (for this run)."""

    store: PieceStore = field(default_factory=PieceStore)
    fields: dict[str, tuple[str, Any] | None] = field(default_factory=dict)
    """A measure field's text → ``(key, value)`` (None: it did not read on its own)."""
    blocks: dict[str, bytes | None] = field(default_factory=dict)
    """A top-level block's text → its digest (None: it did not read on its own)."""
    items: dict[str, bytes | None] = field(default_factory=dict)
    """A measure's text → its digest (None: it did not read or validate)."""
    values: dict[bytes, Any] = field(default_factory=dict)
    """A top-level block's digest → the plan's field it gives, validated (or ``_INVALID``)."""
    models: dict[bytes, Measure | None] = field(default_factory=dict)
    """A measure's digest → the validated measure (None: it does not validate)."""

    def parse(self, raw: bytes, sha: str | None = None) -> ActionPlan | None:
        """The plan ``raw`` holds, or None when it must be read whole; ``sha``, the blob's
        id, keeps its pieces in the store."""
        if len(raw) > MAX_BYTES:  # the whole-file reader refuses it: so must we
            return None
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            return None
        blocks = split_top_level(text)
        if blocks is None:
            return None
        skeleton: list[tuple[str, Any]] = []
        for key, block in blocks:
            ref = self._measures(block) if key == MEASURES else self._block(key, block)
            if ref is None:
                return None
            skeleton.append((key, ref))
        plan = self.compose(tuple(skeleton))
        if plan is not None and sha is not None and sha not in self.store.plans:
            self.store.plans[sha] = tuple(skeleton)
            self.store.added += 1
        return plan

    def stored(self, sha: str) -> ActionPlan | None:
        """The plan blob ``sha`` holds, from the store without reading it; None when the
        store does not have it (or has it damaged)."""
        skeleton = self.store.plans.get(sha)
        if skeleton is None:
            return None
        try:
            return self.compose(skeleton)
        except (KeyError, TypeError, ValueError, IndexError):
            return None

    def compose(self, skeleton: Skeleton) -> ActionPlan | None:
        """The plan put together from stored pieces; None when it does not validate."""
        refs = dict(skeleton)
        if YEAR not in refs or len(refs) != len(skeleton):
            return None  # no year (a required field), or a key twice: let the file say so
        values: dict[str, Any] = {}
        for key, ref in skeleton:
            if key == MEASURES:
                models = self.models
                measures = [models[r] if r in models else self._model(r) for r in ref]
                if any(m is None for m in measures):
                    return None
                values[key] = measures
            elif _COMPOSABLE:
                value = self._value(key, ref, refs[YEAR])
                if value is _INVALID:
                    return None
                values[key] = value
            else:
                values[key] = self.store.blocks[ref]
        if not _COMPOSABLE:
            try:
                return ActionPlan.model_validate(values)
            except ValidationError:
                return None
        assert _DEFAULTS is not None
        # every field given: model_construct's own defaults inspect each factory every time
        given = {name: make() for name, make in _DEFAULTS.items() if name not in values}
        return ActionPlan.model_construct(_fields_set=set(values), **given, **values)

    def _value(self, key: str, ref: bytes, year: bytes) -> Any:
        """One top-level block as the plan's field, validated once: as part of a plan that
        has only the year besides it (a year that validates, so that only the block's own
        problems count)."""
        if ref in self.values:
            return self.values[ref]
        if key != YEAR and self._value(YEAR, year, year) is _INVALID:
            return _INVALID  # not remembered for this block: its year is at fault
        data = {YEAR: self.store.blocks[year], key: self.store.blocks[ref]}
        try:
            value = getattr(ActionPlan.model_validate(data), key)
        except (ValidationError, AttributeError):
            value = _INVALID
        self.values[ref] = value
        return value

    def _model(self, ref: bytes) -> Measure | None:
        if ref not in self.models:
            try:
                self.models[ref] = Measure.model_validate(self.store.measures[ref])
            except ValidationError:
                self.models[ref] = None
        return self.models[ref]

    def _block(self, key: str, block: str) -> bytes | None:
        if block not in self.blocks:
            loaded = _load(block)
            value = loaded.get(key) if loaded is not None and len(loaded) == 1 else None
            ref = None
            if value is not None:
                ref = _digest(block)
                if ref not in self.store.blocks:
                    self.store.blocks[ref] = value
                    self.store.added += 1
            self.blocks[block] = ref
        return self.blocks[block]

    def _measures(self, block: str) -> tuple[bytes, ...] | None:
        items = split_items(block)
        if items is None:
            ref = self._block(MEASURES, block)
            return () if ref is not None and self.store.blocks[ref] == [] else None
        found = []
        for item in items:
            if item not in self.items:
                self.items[item] = self._measure(item)
            ref = self.items[item]
            if ref is None:
                return None
            found.append(ref)
        return tuple(found)

    def _measure(self, item: str) -> bytes | None:
        """The digest of the measure ``item`` holds, put together from its fields when
        they read on their own (else read whole); None when it does not validate."""
        data = self._measure_data(item)
        if data is None:
            return None
        ref = _digest(item)
        if ref not in self.models:
            try:
                self.models[ref] = Measure.model_validate(data)
            except ValidationError:
                self.models[ref] = None
        if self.models[ref] is None:
            return None
        if ref not in self.store.measures:
            self.store.measures[ref] = data
            self.store.added += 1
        return ref

    def _measure_data(self, item: str) -> Any:
        fields = split_fields(item)
        if fields is None:
            return _measure(item)
        data: dict[str, Any] = {}
        for text in fields:
            if text not in self.fields:
                self.fields[text] = _field(text)
            read = self.fields[text]
            if read is None:
                return _measure(item)
            data[read[0]] = read[1]
        return data


def split_top_level(text: str) -> list[tuple[str, str]] | None:
    """``(key, block)`` for each top-level key, the block with its key line; None when the
    file is not a plain block mapping (or uses a key twice)."""
    text = "\n" + text
    if text.startswith("\n" + BOM) or _MARKER.search(text):
        return None
    head, *blocks = _TOP_KEY.split(text)
    if not blocks or not _only_comments(head):
        return None
    keys = [block.split(":", 1)[0] for block in blocks]
    if len(set(keys)) != len(keys):
        return None
    return list(zip(keys, _with_line_ends(blocks), strict=True))


def split_items(block: str) -> list[str] | None:
    """The measures of a ``measures:`` block, each as the text of its list item; None when
    the block is not a plain block sequence."""
    header, _, body = block.partition("\n")
    first = _ITEM.search(body)
    if header.rstrip() != f"{MEASURES}:" or first is None:
        return None
    if not _only_comments(body[: first.start()]):
        return None
    return _with_line_ends(_item_starts(first[1]).split("\n" + body[first.start() :])[1:])


def split_fields(item: str) -> list[str] | None:
    """A measure's fields, each as the text of its key and value, indented as in the file;
    None when the item is not a plain block mapping that starts on the dash's line."""
    start = _FIRST_KEY.match(item)
    if start is None:
        return None
    indent = start[1] + "  "
    mapping = indent + item[start.end() :]  # the dash as the spaces it stands for
    fields = _with_line_ends(_field_starts(indent).split(mapping))
    keys = [text.split(":", 1)[0] for text in fields]
    if len(set(keys)) != len(keys):
        return None
    return fields


def _with_line_ends(pieces: list[str]) -> list[str]:
    """Pieces split at the line break before each: the break given back to each piece
    but the last (which ends where the text did)."""
    return [piece + "\n" for piece in pieces[:-1]] + pieces[-1:]


@functools.cache
def _item_starts(indent: str) -> re.Pattern[str]:
    return re.compile(f"\n(?={indent}- )")


@functools.cache
def _field_starts(indent: str) -> re.Pattern[str]:
    return re.compile(f"\n(?={indent}[A-Za-z_][A-Za-z0-9_-]*:(?: |\r?$))", re.MULTILINE)


def _only_comments(text: str) -> bool:
    return all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines())


def _load(text: str) -> dict[str, Any] | None:
    # A piece's findings are never shown (any finding sends the file to the whole-file
    # reader), so their language is fixed rather than looked up for every piece.
    loaded = load_yaml_bytes(text.encode("utf-8"), _SOURCE, "", _FINDINGS_LANGUAGE)
    return loaded.data if loaded.data is not None and not loaded.findings else None


def _field(text: str) -> tuple[str, Any] | None:
    """One field of a measure, read as a mapping of its own: ``(key, value)``."""
    loaded = _load(text)
    if loaded is None or len(loaded) != 1:
        return None
    return next(iter(loaded.items()))


def _measure(item: str) -> Any:
    """One list item, read as the only measure of a ``measures:`` block: its data, or None
    when it does not read so."""
    loaded = _load(f"{MEASURES}:\n{item}")
    values = loaded.get(MEASURES) if loaded is not None else None
    if not isinstance(values, list) or len(values) != 1:
        return None
    return values[0]
