"""The bounds a problem may ask of the judge (queues/limits.py) and web's schema
fields that hold values to what the database columns store (web/fields.py)."""

from __future__ import annotations

import marshmallow as ma
import pytest
from werkzeug.exceptions import NotFound
from werkzeug.routing import Map

from queues import limits
from web.fields import MAX_ID, MAX_INT32, MAX_OFFSET, Id, IdConverter, Int32, Limit, Offset, Points, Text


def test_the_limits() -> None:
    assert (limits.MIN_TIME_LIMIT_MS, limits.MAX_TIME_LIMIT_MS) == (50, 60_000)
    assert (limits.MIN_MEMORY_LIMIT_KB, limits.MAX_MEMORY_LIMIT_KB) == (16 * 1024, 4 * 1024 * 1024)
    assert limits.MAX_POINTS == 1_000_000.0
    # A sum of a million tests' maximum points stays a finite float.
    assert float("inf") > limits.MAX_POINTS * 1_000_000


def load(field: ma.fields.Field, value: object) -> object:
    return ma.Schema.from_dict({"value": field})().load({"value": value})["value"]


def refused(field: ma.fields.Field, value: object) -> str:
    with pytest.raises(ma.ValidationError) as caught:
        load(field, value)
    return str(caught.value.messages["value"])


def test_an_id_is_a_positive_int32() -> None:
    assert MAX_ID == MAX_INT32 == 2**31 - 1
    assert load(Id(), 1) == 1 and load(Id(), MAX_ID) == MAX_ID
    assert "greater than or equal to 1" in refused(Id(), 0)
    assert "less than or equal to 2147483647" in refused(Id(), MAX_ID + 1)


def test_an_offset_and_a_page_size_have_defaults_and_bounds() -> None:
    schema = ma.Schema.from_dict({"offset": Offset(), "limit": Limit()})()
    assert schema.load({}) == {"offset": 0, "limit": 50}
    assert schema.load({"offset": MAX_OFFSET, "limit": 100}) == {"offset": 2**63 - 1, "limit": 100}
    with pytest.raises(ma.ValidationError) as caught:
        schema.load({"offset": MAX_OFFSET + 1, "limit": 101})
    assert set(caught.value.messages) == {"offset", "limit"}


def test_int32_takes_a_narrower_minimum_and_more_validators() -> None:
    assert load(Int32(), -(2**31)) == -(2**31)
    assert "greater than or equal to 0" in refused(Int32(minimum=0), -1)
    even = Int32(validate=ma.validate.OneOf([2, 4]))
    assert load(even, 4) == 4
    assert "Must be one of" in refused(even, 3)
    assert "less than or equal to" in refused(even, 2**31)  # the bound still applies


def test_points_are_finite_and_within_max_points() -> None:
    assert load(Points(), 2.5) == 2.5
    assert load(Points(), limits.MAX_POINTS) == limits.MAX_POINTS
    assert "less than or equal to" in refused(Points(), limits.MAX_POINTS * 2)
    assert "greater than or equal to 0" in refused(Points(), -0.5)
    assert "nan or infinity" in refused(Points(), "nan")
    assert "nan or infinity" in refused(Points(), "inf")


def test_text_refuses_nul() -> None:
    assert load(Text(), "a\tb") == "a\tb"
    assert refused(Text(), "a\x00b") == "['must not contain NUL (U+0000) characters']"


def test_the_id_converter_is_404_outside_the_id_range() -> None:
    converter = IdConverter(Map())
    assert converter.to_python("42") == 42
    assert converter.to_python(str(MAX_ID)) == MAX_ID
    for value in ("0", str(MAX_ID + 1), "9" * 5000):
        with pytest.raises(NotFound):
            converter.to_python(value)
