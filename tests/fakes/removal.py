"""Deleting one assessment and every row that belongs to it (twin of storage's removal.py)."""

from __future__ import annotations

import copy
from dataclasses import replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .store import Tables


def delete_assessment(t: Tables, team_id: str, assessment_id: int) -> None:
    """Drop the assessment, its rows and its reminder claims; its successors forget it."""
    aid = assessment_id
    del t.assessments[aid]
    t.states = {k: v for k, v in t.states.items() if k[0] != aid}
    t.evidence = {k: v for k, v in t.evidence.items() if v.assessment_id != aid}
    t.history = [(team, e) for team, e in t.history if e.assessment_id != aid]
    t.positions = {k: v for k, v in t.positions.items() if k[0] != aid}
    t.prompts = {k: v for k, v in t.prompts.items() if v.assessment_id != aid}
    t.pending = {k: v for k, v in t.pending.items() if v[1].assessment_id != aid}
    t.claims = {
        (team, user, slot): when
        for (team, user, slot), when in t.claims.items()
        if team != team_id or not slot.startswith(f"force:{aid}:")
    }
    for other in [a for a in t.assessments.values() if a.previous_id == aid]:
        t.assessments[other.id or 0] = replace(copy.deepcopy(other), previous_id=None)
