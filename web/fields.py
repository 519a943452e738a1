"""Schema fields and the path converter every resource shares, bounded to what
the databases store: our id columns are INTEGER (PostgreSQL refuses a
parameter past 2^31 - 1 for them), and SQLite raises OverflowError for any
integer past 2^63 - 1 (an offset, say)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import marshmallow as ma
from werkzeug.exceptions import NotFound
from werkzeug.routing import IntegerConverter, Map

from queues.limits import MAX_POINTS  # per test or group, as the package reader bounds scores

MIN_INT32, MAX_INT32 = -(2**31), 2**31 - 1  # an INTEGER column
MAX_ID = MAX_INT32  # every id column is INTEGER
MAX_OFFSET = 2**63 - 1  # a 64-bit signed integer, as SQL's OFFSET takes
MAX_PAGE = 100


def _validators(bound: Callable[[Any], Any], kwargs: dict[str, Any]) -> list[Any]:
    """``bound`` first, then whatever ``validate=`` the caller adds."""
    extra = kwargs.pop("validate", None)
    if extra is None:
        return [bound]
    return [bound, *(extra if isinstance(extra, (list, tuple)) else [extra])]


def _no_nul(value: str) -> None:
    if "\x00" in value:
        raise ma.ValidationError("must not contain NUL (U+0000) characters")


class Text(ma.fields.String):
    """A string stored in a text column: PostgreSQL's cannot hold NUL."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(validate=_validators(_no_nul, kwargs), **kwargs)


class Id(ma.fields.Integer):
    """A row id: 1 to ``MAX_ID``."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(validate=_validators(ma.validate.Range(min=1, max=MAX_ID), kwargs), **kwargs)


class Offset(ma.fields.Integer):
    """How many rows a page skips: 0 to ``MAX_OFFSET``."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("load_default", 0)
        super().__init__(validate=_validators(ma.validate.Range(min=0, max=MAX_OFFSET), kwargs), **kwargs)


class Limit(ma.fields.Integer):
    """How many rows a page holds: 1 to ``MAX_PAGE``."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("load_default", 50)
        super().__init__(validate=_validators(ma.validate.Range(min=1, max=MAX_PAGE), kwargs), **kwargs)


class Int32(ma.fields.Integer):
    """A value stored in an INTEGER column; ``minimum`` narrows the lower bound."""

    def __init__(self, *, minimum: int = MIN_INT32, **kwargs: Any) -> None:
        super().__init__(
            validate=_validators(ma.validate.Range(min=minimum, max=MAX_INT32), kwargs), **kwargs
        )


class Points(ma.fields.Float):
    """A test's or a group's points: finite, 0 to ``MAX_POINTS``."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("load_default", 0.0)
        super().__init__(validate=_validators(ma.validate.Range(min=0, max=MAX_POINTS), kwargs), **kwargs)


class IdConverter(IntegerConverter):
    """``<int:...>`` in our routes is always a row id, 1 to ``MAX_ID`` (also in
    the OpenAPI document); an id of thousands of digits never reaches int()."""

    min: int  # always bounded, unlike werkzeug's
    max: int

    def __init__(self, map: Map, fixed_digits: int = 0, min: int = 1, max: int = MAX_ID) -> None:
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max)

    def to_python(self, value: str) -> int:
        # NotFound, not werkzeug's ValidationError: that makes the matcher
        # answer 405 when the path has a route for another method.
        if len(value) > len(str(self.max)) or not self.min <= int(value) <= self.max:
            raise NotFound(f"no such id: {value[:32]}")
        return int(value)
