"""Result types: JSON round trips, lookups, and structure validation."""

from __future__ import annotations

import json

import pytest

from scoring import (
    AnswerValue,
    DomainSpec,
    EvidenceState,
    ItemSpec,
    NodeKind,
    ScoreResult,
    Structure,
    evaluate,
)

from .builders import req, single, staircase, sub, tree


def test_result_is_frozen_and_round_trips_through_json() -> None:
    structure = tree({"D": {"I": [staircase("A"), sub("B", req("b", 1, "qa", evidence=True))]}})
    result = evaluate(structure, {"A.L1": AnswerValue.MET, "b": AnswerValue.MET},
                      {"b": EvidenceState.REJECTED}, target_level=2)  # fmt: skip
    text = result.model_dump_json()
    assert ScoreResult.model_validate_json(text) == result
    data = json.loads(text)
    assert data["overall"]["level"] == 0
    assert data["requirements"][3]["reason"] == "evidence_rejected"
    assert data["gaps"][0]["requirement_id"] == "b"
    with pytest.raises(ValueError):
        result.overall.level = 3  # type: ignore[misc]


def test_lookups() -> None:
    result = evaluate(single(req("x", 1), req("y", 2)), {"x": AnswerValue.PARTIAL})
    assert result.requirement_status("y").answer is AnswerValue.UNANSWERED
    assert result.node(NodeKind.OVERALL, "fw") is result.overall
    assert result.node("item", "I") is result.item("I")  # type: ignore[arg-type]
    with pytest.raises(KeyError):
        result.requirement_status("nope")
    with pytest.raises(KeyError):
        result.subitem("I")
    thirds = single(req("x1", 1), req("x2", 1), req("x3", 1))
    node = evaluate(thirds, {"x1": AnswerValue.PARTIAL}).subitem("S")
    assert node.score == 1 / 6 + 2  # L1 scores 1/6; empty L2 and L3 score 1 each
    assert node.display_score == 2.17


def test_repeated_evaluations_are_equal() -> None:
    structure = single(req("x", 1), req("y", 2))
    assert evaluate(structure, {"x": AnswerValue.MET}) == evaluate(structure, {"x": "met"})  # type: ignore[dict-item]


@pytest.mark.parametrize(
    ("levels", "domains", "message"),
    [
        ((), (), "levels"),
        ((0, 1), (), "levels"),
        ((1, 1), (), "levels"),
        ((1, 2, 4), (DomainSpec("D", (ItemSpec("I", (sub("S", req("r", 3)),)),)),), "level 3"),
        ((1,), (DomainSpec("D", (ItemSpec("I", (sub("S", req("r", 1), req("r", 1)),)),)),),
         "duplicate requirement"),
        ((1,), (DomainSpec("D", (ItemSpec("I", (sub("S"), sub("S"))),)),), "duplicate subitem"),
        ((1,), (DomainSpec("D", ()), DomainSpec("D", ())), "duplicate domain"),
    ],
)  # fmt: skip
def test_structure_validation(
    levels: tuple[int, ...], domains: tuple[DomainSpec, ...], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        Structure(id="fw", levels=levels, domains=domains)


def test_sparse_declared_levels() -> None:
    structure = Structure(
        id="fw",
        levels=(1, 2, 4),
        domains=(DomainSpec("D", (ItemSpec("I", (sub("S", req("a", 1), req("b", 4)),)),)),),
    )
    assert structure.max_level == 4
    result = evaluate(structure, {"a": AnswerValue.MET})
    assert result.subitem("S").level == 3  # the undeclared L3 has no requirements
