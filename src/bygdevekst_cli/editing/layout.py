"""The canonical layout of a pilot's YAML files (``bygdevekst fmt``).

* 2-space indentation, block sequences indented under their key (``  - ``);
* keys in the order the model declares them, each with the comments above it;
  keys the model does not know come after the known ones, in the user's order;
* every full-line comment on the column of the entry it stands beside;
* the editor's schema line first (added when missing);
* UTF-8 without byte order mark, LF line endings, exactly one final newline (a file git
  checked out with CRLF and stores with LF, as ``core.autocrlf=true`` does, keeps its CRLF;
  a ``|+`` block ending the file keeps its final line breaks, which are its text);
* scalars as written: quoting, literal blocks (``|-``) and flow lists (``[a, b]``) stay.

Formatting never changes content: the result is read back and compared with the input,
and a difference is an error, not a write.
"""

from __future__ import annotations

import os
from collections.abc import Hashable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from pydantic import BaseModel
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.tokens import CommentToken

from bygdevekst_cli.annotations import item_type, strip_annotated
from bygdevekst_cli.editing import roundtrip
from bygdevekst_cli.editing.comments import (
    AddBefore,
    HeaderSlot,
    PreSlot,
    clamp,
    ends_with_newline,
    hoist_key_comments,
    indent_of,
    is_block,
    join_post,
    post_slot,
    reorder,
    split_post,
)
from bygdevekst_cli.errors import UserError
from bygdevekst_cli.filesize import FileTooLarge, read_within_limit
from bygdevekst_cli.language import cli_words
from bygdevekst_cli.loader import load_yaml_bytes
from bygdevekst_cli.models import FileKind, file_kind

Levels = list[tuple[int, int]]
"""Columns of the enclosing entries: ``(column in the file, canonical column)``, outermost first."""


# --- comments onto the canonical columns -------------------------------------------------


def normalise_comments(root: CommentedMap) -> None:
    """Move every full-line comment onto the canonical column of the entry it belongs to.

    A comment is mapped by the nearest enclosing entry whose column in the file is not to
    its right; trailing spaces are removed. In a file already in canonical layout nothing
    moves.
    """
    hoist_key_comments(root)
    seen: set[int] = set()
    levels: Levels = [(0, 0)]
    comment = root.ca.comment
    if comment and comment[1]:
        _retoken_pre(comment[1], levels, seen)
    if root.ca.end:
        _retoken_pre(root.ca.end, levels, seen)
    _map_comments(root, levels, 0, seen)


def _map_comments(mapping: CommentedMap, levels: Levels, column: int, seen: set[int]) -> None:
    here = _inner_levels(mapping, levels, column)
    for key, value in mapping.items():
        entry = mapping.ca.items.get(key)
        if entry and entry[2] is not None:
            _retoken_post(entry[2], here, seen, value)
        if isinstance(value, CommentedMap):
            inner = _inner_levels(value, here, column + 2)
            if entry and len(entry) > 3 and entry[3]:
                _retoken_pre(entry[3], inner, seen)
            _map_comments(value, here, column + 2, seen)
        elif isinstance(value, CommentedSeq):
            dash = value.lc.col if _has_position(value) else column + 2
            inner = [*here, (dash, column + 2)]
            if entry and len(entry) > 3 and entry[3]:
                _retoken_pre(entry[3], inner, seen)
            _seq_comments(value, inner, column + 4, seen)


def _seq_comments(sequence: CommentedSeq, levels: Levels, column: int, seen: set[int]) -> None:
    original = sequence.lc.item(0)[1] if sequence and _has_position(sequence) else column
    here = [*levels, (original, column)]
    for index, value in enumerate(sequence):
        entry = sequence.ca.items.get(index)
        if entry and entry[0] is not None:
            _retoken_post(entry[0], here, seen, value)
        if entry and entry[1]:
            _retoken_pre(entry[1], levels, seen)
        if isinstance(value, CommentedMap):
            _map_comments(value, levels, column, seen)
        elif isinstance(value, CommentedSeq):
            _seq_comments(value, here, column + 2, seen)


def _inner_levels(mapping: CommentedMap, levels: Levels, column: int) -> Levels:
    first = next(iter(mapping), None)
    original = mapping.lc.key(first)[1] if first is not None and _has_position(mapping) else column
    return [*levels, (original, column)]


def _has_position(node: CommentedMap | CommentedSeq) -> bool:
    return getattr(node.lc, "line", None) is not None and bool(node.lc.data)


def _canonical(column: int, levels: Levels) -> int:
    fitting = [(original, canonical) for original, canonical in levels if original <= column]
    if not fitting:
        return levels[0][1]
    deepest = max(original for original, _ in fitting)
    return next(canonical for original, canonical in fitting if original == deepest)


def _reindent(line: str, levels: Levels) -> str:
    stripped = line.strip()
    if not stripped:
        return ""
    return " " * _canonical(indent_of(line), levels) + stripped


def _retoken_post(token: CommentToken, levels: Levels, seen: set[int], value: Any) -> None:
    if id(token) in seen:
        return
    seen.add(id(token))
    after_block = ends_with_newline(value)
    eol, lines, column = split_post(token, after_block)
    if eol is not None:
        original, canonical = levels[-1]
        column = max(0, column + canonical - original)
        eol = eol.rstrip()
    fixed = join_post(eol, [_reindent(line, levels) for line in lines], column, after_block)
    token.value, token.start_mark = fixed.value, fixed.start_mark


def _retoken_pre(tokens: list[CommentToken], levels: Levels, seen: set[int]) -> None:
    for token in tokens:
        if id(token) in seen or token is None:
            continue
        seen.add(id(token))
        lead = "" if token.value.startswith("\n") else " " * token.column
        lines = (lead + token.value).split("\n")
        if lines[-1] == "":
            lines.pop()
        fixed = [_reindent(line, levels) for line in lines]
        text = fixed[0].lstrip(" ") + "\n" + "".join(line + "\n" for line in fixed[1:])
        fresh = CommentToken(text, CommentMark(indent_of(fixed[0]) if fixed[0] else 0))
        token.value, token.start_mark = fresh.value, fresh.start_mark


# --- keys in the model's order ----------------------------------------------------------


def order_keys(root: CommentedMap, model: type[BaseModel]) -> bool:
    """Put the keys of every mapping the model describes in its declared order."""
    header = HeaderSlot(root)
    return _order(root, model, 0, header.add, None)


def _order(
    node: Any, annotation: Any, column: int, add_before: AddBefore, pre: PreSlot | None
) -> bool:
    target = strip_annotated(annotation) if annotation is not None else None
    changed = False
    if isinstance(node, CommentedMap):
        fields: dict[str, Any] = {}
        if isinstance(target, type) and issubclass(target, BaseModel):
            fields = {name: info.annotation for name, info in target.model_fields.items()}
            known = [key for key in fields if key in node]
            order: list[Hashable] = [*known, *(key for key in node if key not in fields)]
            changed = reorder(node, order, column, add_before, pre)
        values = item_type(target) if not fields and target is not None else None
        for key in list(node):
            child_annotation = fields.get(str(key)) if fields else values
            changed |= _order_child(node, key, child_annotation, column)
    elif isinstance(node, CommentedSeq):
        items = item_type(target) if target is not None else None
        for index, item in enumerate(node):
            if is_block(item):
                before = clamp(_before_item(node, index, add_before), column - 2)
                changed |= _order(item, items, column, before, None)
    return changed


def _order_child(mapping: CommentedMap, key: Hashable, annotation: Any, column: int) -> bool:
    value = mapping[key]
    if not is_block(value):
        return False
    pre = PreSlot(mapping, key)
    inner = column + 2 if isinstance(value, CommentedMap) else column + 4
    return _order(value, annotation, inner, pre.add, pre)


def _before_item(sequence: CommentedSeq, index: int, add_before: AddBefore) -> AddBefore:
    if index == 0:
        return add_before
    return post_slot(sequence, index - 1).add


# --- the file as a whole ----------------------------------------------------------------


@dataclass(frozen=True)
class Formatted:
    path: Path
    display: str
    text: str
    changed: bool


def schema_reference(path: Path, relative: PurePosixPath, kind: FileKind) -> str:
    """The schema line for a file: to the repository's ``schemas/`` when there is one."""
    folder = path.resolve().parent
    for candidate in (folder, *folder.parents):
        if (candidate / "schemas").is_dir():
            target = os.path.relpath(candidate / "schemas" / kind.schema_file, folder)
            return roundtrip.SCHEMA_LINE + PurePosixPath(Path(target)).as_posix()
    ups = "../" * (len(relative.parts) + 1)
    return f"{roundtrip.SCHEMA_LINE}{ups}schemas/{kind.schema_file}"


def schema_line_first(text: str, wanted: str | None) -> str:
    """Move the schema comment to the first line, or add ``wanted`` there when it is missing."""
    lines = text.split("\n")
    header_end = next(
        (i for i, line in enumerate(lines) if line.strip() and not line.startswith("#")),
        len(lines),
    )
    found = next((i for i in range(header_end) if lines[i].startswith(roundtrip.SCHEMA_LINE)), None)
    if found == 0 or (found is None and wanted is None):
        return text
    line = lines.pop(found) if found is not None else wanted
    assert line is not None
    return "\n".join([line, *lines])


def format_text(text: str, display: str, model: type[BaseModel] | None, schema: str | None) -> str:
    """``text`` in the canonical layout (raises ``UserError`` for a file it cannot read)."""
    data = roundtrip.loads(text, display)
    normalise_comments(data)
    if model is not None:
        order_keys(data, model)
    return schema_line_first(roundtrip.keep_comment_separators(text, roundtrip.dumps(data)), schema)


def same_content(before: str, after: str) -> bool:
    """Whether two texts hold the same data (compared as plain values, not layout)."""
    first = load_yaml_bytes(before.encode("utf-8"), Path("before.yaml"), "before")
    second = load_yaml_bytes(after.encode("utf-8"), Path("after.yaml"), "after")
    if first.data is None or second.data is None:
        return first.data is None and second.data is None
    return bool(first.data == second.data)


def format_file(path: Path, display: str, pilot_folder: Path | None) -> Formatted:
    """Format one file; pilot files get their keys ordered and their schema line."""
    raw = _read(path, display)
    text = roundtrip.decode(raw, display)
    kind = _kind(path, pilot_folder)
    model = kind.model if kind is not None else None
    schema = None
    if kind is not None and pilot_folder is not None:
        relative = PurePosixPath(path.resolve().relative_to(pilot_folder.resolve()).as_posix())
        schema = schema_reference(path, relative, kind)
    result = format_text(text, display, model, schema)
    if not same_content(text, result):
        raise UserError(cli_words()("cli.msg.file.changes_content", file=display))
    roundtrip.refuse_lost_comments(text, result, display)
    if _line_ends_by_git(path, raw):
        result = result.replace("\n", "\r\n")
    return Formatted(path, display, result, result.encode("utf-8") != raw)


def _line_ends_by_git(path: Path, raw: bytes) -> bool:
    """Whether ``raw`` ends every line with CRLF because git wrote it so on checkout, and
    stores it with LF: the layout's LF line ends are in the repository, and the file keeps
    the CRLF git gave it (else ``fmt --check``, the pre-commit hook, failed every file on a
    Windows laptop with Git's default ``core.autocrlf=true``, and ``fmt`` wrote LF files git
    shows no change in)."""
    if not roundtrip.crlf_throughout(raw):
        return False
    from bygdevekst_cli.gitsource import stores_crlf_as_lf

    return stores_crlf_as_lf(path, raw)


def _read(path: Path, display: str) -> bytes:
    try:
        return read_within_limit(path)  # a file too large (BV007) is refused unread
    except FileTooLarge as exc:
        raise roundtrip.too_large_error(exc.size, display) from None
    except OSError as exc:
        raise UserError(cli_words()("cli.msg.file.cannot_read", file=display, reason=exc)) from None


def _kind(path: Path, pilot_folder: Path | None) -> FileKind | None:
    if pilot_folder is None:
        return None
    try:
        relative = path.resolve().relative_to(pilot_folder.resolve())
    except ValueError:
        return None
    return file_kind(PurePosixPath(relative.as_posix()))
