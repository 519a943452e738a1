"""A package's YAML files, read with the line of every key so an error can point at it.

Package YAML is a plain tree of small values: anchors and aliases are refused
(one alias of an alias of ... makes a few hundred bytes expand to gigabytes for
whatever walks the data), so are nesting past ``MAX_DEPTH``, files over
``MAX_YAML_BYTES``, numbers that are not finite (``.inf``, ``.nan``) and integers
of more than ``MAX_INT_CHARS`` characters. Each is a PackageError with its line.
"""

from __future__ import annotations

import math
from typing import Any, cast

import yaml
from yaml.composer import ComposerError
from yaml.constructor import ConstructorError
from yaml.error import Mark

from problempkg.errors import PackageError

MAX_YAML_BYTES = 1 << 20
MAX_DEPTH = 50
MAX_INT_CHARS = 100  # far below float's range and Python's int-from-text limit

# Schema: key -> a kind name, a tuple of kind names (any of them), or a nested schema (a mapping).
Schema = dict[str, Any]

_KINDS = {
    "any": ("anything", lambda v: True),
    "string": ("a string", lambda v: isinstance(v, str)),
    "number": ("a number", lambda v: isinstance(v, int | float) and not isinstance(v, bool)),
    "integer": ("an integer", lambda v: isinstance(v, int) and not isinstance(v, bool)),
    "boolean": ("true or false", lambda v: isinstance(v, bool)),
    "list": ("a list", lambda v: isinstance(v, list)),
    "mapping": ("a mapping", lambda v: isinstance(v, dict)),
}

Keys = tuple[str, ...]


def dotted(keys: Keys) -> str:
    return ".".join(str(k) for k in keys)


class YamlFile:
    """Parsed YAML plus the 1-based line of every key path (``("limits", "memory")``)."""

    def __init__(self, path: str, data: Any, lines: dict[Keys, int]) -> None:
        self.path = path
        self.data = data
        self.lines = lines

    @classmethod
    def parse(cls, path: str, text: bytes) -> YamlFile:
        """Parse ``text``; a top level that is not a mapping is an error, an empty file is ``{}``."""
        if len(text) > MAX_YAML_BYTES:
            raise PackageError(
                path, f"{len(text)} bytes, more than the {MAX_YAML_BYTES} a YAML file may have"
            )
        loader = _PackageLoader(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else {}
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            problem = ", ".join(p for p in (exc.context, exc.problem) if p)
            raise PackageError(path, f"invalid YAML: {problem}", mark.line + 1 if mark else None) from None
        except yaml.YAMLError as exc:
            raise PackageError(path, f"invalid YAML: {exc}") from None
        finally:
            loader.dispose()
        lines: dict[Keys, int] = {}
        if node is not None:
            _key_lines(path, node, (), lines)
        if not isinstance(data, dict):
            raise PackageError(path, f"must be a mapping of keys to values, not {_kind_of(data)}", 1)
        return cls(path, data, lines)

    def line(self, keys: Keys) -> int | None:
        """The line of ``keys``, or of the nearest parent key the file has."""
        while keys:
            if keys in self.lines:
                return self.lines[keys]
            keys = keys[:-1]
        return None

    def error(self, keys: Keys, message: str) -> PackageError:
        return PackageError(self.path, message, self.line(keys))

    def type_error(self, keys: Keys, value: Any, description: str) -> PackageError:
        return self.error(keys, f"{dotted(keys)} must be {description}, not {value!r}")

    def check(self, schema: Schema, data: Any = None, keys: Keys = ()) -> None:
        """Raise on a key ``schema`` does not name or a value of the wrong kind."""
        data = self.data if data is None else data
        for key, value in data.items():
            here = (*keys, str(key))
            if key not in schema:
                known = ", ".join(sorted(schema))
                raise self.error(here, f"unknown key {dotted(here)!r} (known: {known})")
            kind = schema[key]
            if isinstance(kind, dict):
                if not isinstance(value, dict):
                    raise self.type_error(here, value, "a mapping")
                self.check(kind, value, here)
                continue
            kinds = kind if isinstance(kind, tuple) else (kind,)
            if not any(_KINDS[k][1](value) for k in kinds):
                raise self.type_error(here, value, " or ".join(_KINDS[k][0] for k in kinds))


class _PackageLoader(yaml.SafeLoader):
    """SafeLoader refusing what a package never needs and what makes parsing or walking blow up."""

    def __init__(self, stream: bytes) -> None:
        super().__init__(stream)
        self._depth = 0

    # PyYAML passes as index a sequence position, a mapping's key node or None.
    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        event = self.peek_event()
        mark = cast(Mark | None, event.start_mark)  # the pure-Python loader's (not libyaml's)
        if isinstance(event, yaml.AliasEvent):
            raise ComposerError(None, None, f"alias *{event.anchor} (aliases are not allowed)", mark)
        if getattr(event, "anchor", None) is not None:
            raise ComposerError(None, None, f"anchor &{event.anchor} (anchors are not allowed)", mark)
        if self._depth >= MAX_DEPTH:
            raise ComposerError(None, None, f"nested more than {MAX_DEPTH} levels deep", mark)
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        if len(node.value) > MAX_INT_CHARS:
            raise ConstructorError(
                None, None, f"integer of more than {MAX_INT_CHARS} characters", node.start_mark
            )
        return super().construct_yaml_int(node)

    def construct_yaml_float(self, node: yaml.ScalarNode) -> float:
        value = super().construct_yaml_float(node)
        if not math.isfinite(value):
            raise ConstructorError(None, None, f"{node.value} (numbers must be finite)", node.start_mark)
        return value


_PackageLoader.add_constructor("tag:yaml.org,2002:int", _PackageLoader.construct_yaml_int)
_PackageLoader.add_constructor("tag:yaml.org,2002:float", _PackageLoader.construct_yaml_float)


def _kind_of(value: Any) -> str:
    return "a list" if isinstance(value, list) else repr(value)


def _key_lines(path: str, node: yaml.Node, keys: Keys, lines: dict[Keys, int]) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: set[Keys] = set()
        for key_node, value_node in node.value:
            here = (*keys, str(key_node.value))
            line = key_node.start_mark.line + 1
            if here in seen:
                raise PackageError(path, f"duplicate key {dotted(here)!r}", line)
            seen.add(here)
            lines[here] = line
            _key_lines(path, value_node, here, lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines[(*keys, str(index))] = item.start_mark.line + 1
            _key_lines(path, item, (*keys, str(index)), lines)


def dump(data: dict[str, Any]) -> bytes:
    """YAML as a setter would write it: keys in their order, plain Unicode."""
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=False).encode()
