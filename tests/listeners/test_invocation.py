"""The /maturity command's words as the person typed them, from the text Slack sends."""

from __future__ import annotations

import pytest

from bot.listeners.invocation import parse


def body(text: str) -> dict[str, str]:
    return {"team_id": "T1", "user_id": "U1", "text": text}


@pytest.mark.parametrize(
    ("sent", "name"),
    [
        ("status R&amp;D risk model", "R&D risk model"),  # Slack encodes & < > as entities
        ("status Search &lt;v2&gt;", "Search <v2>"),
        ("status “Fraud model” --preview", "Fraud model"),  # a phone's curly quotes
        ("status ‘Fraud model’", "Fraud model"),
        ('status "A &amp; B"', "A & B"),
        ("status Dan's model", "Dan's model"),  # an apostrophe is not an open quote
        ("status Dan’s model", "Dan's model"),
    ],
)
def test_names_read_as_typed(sent: str, name: str) -> None:
    inv = parse(body(sent))
    assert inv.subcommand == "status"
    assert inv.name == name


def test_flags_survive_curly_quotes() -> None:
    inv = parse(body("report “Fraud model” --preview"))
    assert inv.flags == frozenset({"--preview"})
    assert inv.name == "Fraud model"
