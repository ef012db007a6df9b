"""Comment surgery on ruamel.yaml round-trip trees: delete and reorder entries, keep comments.

ruamel keeps a comment with the entry *before* it: the full-line comments between two keys
hang, as text lines, on the last scalar of the first key's value (its "post slot"). So a
comment that introduces a key moves with the wrong key when keys are reordered, and goes
with it when the entry above it is deleted. The functions here sort that out by column:

* lines at the entry's own column or to its left that end an entry's block are *not* part
  of it: they introduce the next entry (or close an outer block) and are moved to wherever
  the next entry ends up;
* deeper-indented lines are part of the block and go where it goes;
* an end-of-line comment stays on its line.

ruamel has two more homes for such comments: after a flow value (``partners: [a]``) it
hangs them on the *next* key, and at the end of a nested block on the block itself;
``hoist_key_comments`` moves both onto the post slot above, so there is one rule.

Columns are those of the canonical layout (``layout.normalise_comments`` first moves every
comment line onto them), so a mapping's keys at depth *d* stand at column ``2 * d`` in a
map and one step further inside a list item.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString
from ruamel.yaml.tokens import CommentToken

Lines = list[str]
"""Full-line comments and blank lines as raw text, with their indentation, without ``\\n``."""

Container = CommentedMap | CommentedSeq
AddBefore = Callable[[Lines], None]
"""Places lines just before a node (above its first line)."""


def is_block(value: Any) -> bool:
    """A non-empty block mapping or sequence (empty ones are written in flow style)."""
    return (
        isinstance(value, CommentedMap | CommentedSeq)
        and len(value) > 0
        and not value.fa.flow_style()
    )


def last_key(container: Container) -> Hashable:
    return next(reversed(container)) if isinstance(container, CommentedMap) else len(container) - 1


def indent_of(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _at_most(line: str, column: int) -> str:
    return " " * column + line.lstrip(" ") if indent_of(line) > column else line


def clamp(add: AddBefore, column: int) -> AddBefore:
    """``add``, after moving lines indented beyond ``column`` onto it (a list item's dash)."""

    def clamped(lines: Lines) -> None:
        add([_at_most(line, column) for line in lines])

    return clamped


def ends_with_newline(value: Any) -> bool:
    """A block scalar (``|``, ``>``) ends its own line: a comment after it has no line to end."""
    return isinstance(value, LiteralScalarString | FoldedScalarString)


def split_post(token: CommentToken, after_block: bool) -> tuple[str | None, Lines, int]:
    """A post comment as ``(end-of-line comment, full lines below, its column)``."""
    first, _, rest = token.value.partition("\n")
    lines = rest.split("\n")
    if lines[-1] == "":
        lines.pop()
    if after_block:
        head = " " * token.column + first if first.strip() else ""
        return None, [head, *lines], 0
    return (first if first.strip() else None), lines, token.column


def join_post(eol: str | None, lines: Lines, column: int, after_block: bool) -> CommentToken:
    if after_block:
        assert eol is None and lines
        head, rest = lines[0], lines[1:]
        text = head.lstrip(" ") + "\n" + "".join(line + "\n" for line in rest)
        return _token(text, indent_of(head) if head.strip() else 0)
    text = (eol or "") + "\n" + "".join(line + "\n" for line in lines)
    return _token(text, column if eol is not None else 0)


def _token(text: str, column: int) -> CommentToken:
    return CommentToken(text, CommentMark(column))


@dataclass(frozen=True)
class PostSlot:
    """The comment after one entry's value: an end-of-line comment and the lines below it."""

    container: Container
    key: Hashable

    @property
    def _index(self) -> int:
        return 2 if isinstance(self.container, CommentedMap) else 0

    def read(self) -> tuple[str | None, Lines, int]:
        """``(end-of-line comment or None, following lines, column of the end-of-line one)``."""
        entry = self.container.ca.items.get(self.key)
        token = entry[self._index] if entry else None
        if token is None:
            return None, [], 0
        after_block = ends_with_newline(self.container[self.key])
        return split_post(token, after_block)

    def write(self, eol: str | None, lines: Lines, column: int) -> None:
        items = self.container.ca.items
        if eol is None and not lines:
            if self.key in items:
                items[self.key][self._index] = None
            return
        entry = items.setdefault(self.key, [None, None, None, None])
        entry[self._index] = join_post(
            eol, lines, column, ends_with_newline(self.container[self.key])
        )

    def add(self, lines: Lines) -> None:
        if lines:
            eol, old, column = self.read()
            self.write(eol, old + lines, column)

    def take_tail(self, column: int) -> Lines:
        """Remove and return the trailing blank lines and comments at ``column`` or left of it."""
        eol, lines, eol_column = self.read()
        cut = len(lines)
        while cut > 0 and (not lines[cut - 1].strip() or indent_of(lines[cut - 1]) <= column):
            cut -= 1
        tail = lines[cut:]
        if tail:
            self.write(eol, lines[:cut], eol_column)
        return tail


def post_slot(container: Container, key: Hashable) -> PostSlot:
    """The slot that holds whatever follows the entry ``key`` (on its deepest last scalar)."""
    value = container[key]
    while is_block(value):
        container, key = value, last_key(value)
        value = container[key]
    return PostSlot(container, key)


@dataclass(frozen=True)
class PreSlot:
    """Comments between ``key:`` and the first entry of its block value."""

    parent: CommentedMap
    key: Hashable

    def read(self) -> Lines:
        entry = self.parent.ca.items.get(self.key)
        tokens = entry[3] if entry and len(entry) > 3 and entry[3] else []
        return _token_lines(tokens)

    def write(self, lines: Lines) -> None:
        tokens = _lines_tokens(lines)
        entry = self.parent.ca.items.setdefault(self.key, [None, None, None, None])
        entry[3] = tokens or None
        child = self.parent[self.key]
        if isinstance(child, CommentedMap | CommentedSeq):  # ruamel keeps a copy on the child
            child.ca.comment = [child.ca.comment[0] if child.ca.comment else None, tokens or None]

    def add(self, lines: Lines) -> None:
        if lines:
            self.write(self.read() + lines)

    def take(self) -> Lines:
        lines = self.read()
        if lines:
            self.write([])
        return lines


@dataclass(frozen=True)
class HeaderSlot:
    """The comments above the first key of the file (schema line, description)."""

    root: CommentedMap

    def read(self) -> Lines:
        comment = self.root.ca.comment
        return _token_lines(comment[1] if comment and comment[1] else [])

    def add(self, lines: Lines) -> None:
        if lines:
            old = self.read()
            comment = self.root.ca.comment
            self.root.ca.comment = [comment[0] if comment else None, _lines_tokens(old + lines)]


def _token_lines(tokens: Sequence[CommentToken]) -> Lines:
    """Pre-comment tokens as raw lines (a token's first line is written at its column)."""
    lines: Lines = []
    for token in tokens:
        text = token.value
        first_indent = " " * token.column if not text.startswith("\n") else ""
        parts = (first_indent + text).split("\n")
        if parts[-1] == "":
            parts.pop()
        lines.extend(parts)
    return lines


def _lines_tokens(lines: Lines) -> list[CommentToken]:
    return [_token(line.lstrip(" ") + "\n", indent_of(line)) for line in lines]


def delete_entry(container: Container, key: Hashable, column: int, add_before: AddBefore) -> None:
    """Delete one entry; comments that introduce the entries after it stay in place.

    ``column`` is the entry's own column (a key's column, or a list item's content column);
    comments inside the entry's block, and its end-of-line comments, go with it.
    """
    keys = list(container) if isinstance(container, CommentedMap) else list(range(len(container)))
    position = keys.index(key)
    tail = post_slot(container, key).take_tail(column)
    if isinstance(container, CommentedMap):
        if not is_block(container[key]):  # an emptied block: keep what was moved into it
            kept = PreSlot(container, key).read()
            tail = [_at_most(line, column) for line in kept] + tail
        del container[key]
        container.ca.items.pop(key, None)
    else:
        del container[key]
    if position > 0:
        post_slot(container, keys[position - 1]).add(tail)
    else:
        add_before(tail)


def reorder(
    mapping: CommentedMap,
    order: Sequence[Hashable],
    column: int,
    add_before: AddBefore,
    pre: PreSlot | None = None,
) -> bool:
    """Put the keys of ``mapping`` in ``order``; each key keeps the comments above it.

    The comments above the first key move with that key only when they sit between a
    ``key:`` line and the mapping (``pre``); above a list item or at the top of the file
    they describe the whole and stay. Returns whether anything moved.
    """
    keys = list(mapping)
    if keys == list(order):
        return False
    leading: dict[Hashable, Lines] = {keys[0]: pre.take() if pre is not None else []}
    for previous, key in itertools.pairwise(keys):
        leading[key] = post_slot(mapping, previous).take_tail(column)
    tail = post_slot(mapping, keys[-1]).take_tail(column)
    for key in order:
        mapping.move_to_end(key)
    for index, key in enumerate(order):
        lines = leading.get(key, [])
        if index > 0:
            post_slot(mapping, order[index - 1]).add(lines)
        elif pre is not None:
            pre.add(lines)
        else:
            add_before(lines)
    post_slot(mapping, order[-1]).add(tail)
    return True


def hoist_key_comments(root: CommentedMap) -> None:
    """Move comments ruamel keeps *on* a key (after a flow value) onto the entry above it.

    After ``key: [a, b]`` ruamel hangs the following comment lines on the next key instead
    of on the flow value; moving them to the post slot above gives every comment between
    two entries the one home the rest of this module expects.
    """
    _hoist(root, HeaderSlot(root).add)


def _hoist(node: Any, add_before: AddBefore, *, root: bool = True) -> None:
    if not root and node.ca.end:  # after a flow value that ends a block
        lines = _token_lines(node.ca.end)
        node.ca.end = []
        post_slot(node, last_key(node)).add(lines)
    if isinstance(node, CommentedMap):
        keys = list(node)
        for index, key in enumerate(keys):
            entry = node.ca.items.get(key)
            if entry and len(entry) > 1 and entry[1]:
                lines = _token_lines(entry[1])
                entry[1] = None
                if index > 0:
                    post_slot(node, keys[index - 1]).add(lines)
                else:
                    add_before(lines)
            if is_block(node[key]):
                _hoist(node[key], PreSlot(node, key).add, root=False)
    elif isinstance(node, CommentedSeq):
        for index, item in enumerate(node):
            if is_block(item):
                before = post_slot(node, index - 1).add if index > 0 else add_before
                _hoist(item, before, root=False)
