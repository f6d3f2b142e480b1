"""The small models in button values and private_metadata keep the JSON Slack already holds."""

from __future__ import annotations

import pytest

from bot.slack.ids import AssessmentRef, BadRef, row_id


def test_assessment_ref_reads_and_writes_the_shape_of_the_refs_it_replaced() -> None:
    # Settings, assign-roles and delete modals opened, and Reassign buttons posted, before the
    # three one-field refs became AssessmentRef carry `{"a": id}`.
    assert AssessmentRef.load('{"a":42}') == AssessmentRef(a=42)
    assert AssessmentRef(a=42).dump() == '{"a":42}'


@pytest.mark.parametrize(
    "text",
    [
        '{"a":42,"cmd":"delete"}',
        '{"assessment":42}',
        "not json{",
        '{"a":1099511627776}',  # 2^40: over PostgreSQL's integer, a forged id
        '{"a":0}',
        '{"a":-1}',
    ],
)
def test_assessment_ref_refuses_other_shapes(text: str) -> None:
    with pytest.raises(BadRef):
        AssessmentRef.load(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("42", 42),
        ("2147483647", 2**31 - 1),
        ("2147483648", None),
        ("9" * 30, None),
        ("0", None),
        ("-1", None),
        ("4a", None),
        ("", None),
        (None, None),
    ],
)
def test_an_id_typed_in_an_option_value_is_read_only_within_the_databases_range(
    text: str | None, expected: int | None
) -> None:
    """The picker's, the attach shortcut's and the start modal's option values name rows: one
    a PostgreSQL integer cannot hold is no id at all."""
    assert row_id(text) == expected
