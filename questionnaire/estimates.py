"""Time estimates: how long a person's open questions and owed evidence take, said roughly."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence

from questionnaire.conversation import has_evidence, is_open, needs_evidence
from questionnaire.domain import Evidence, RequirementState
from questionnaire.framework import Framework, Located, Timing
from questionnaire.phrases import N_, Phrase


def seconds_left(
    framework: Framework,
    requirements: Iterable[Located],
    states: Mapping[str, RequirementState],
    evidence: Sequence[Evidence],
) -> int:
    """Seconds to answer the open questions among `requirements`, plus the evidence time of
    each open one that requires evidence and each answered one that owes it (none where
    evidence already stands)."""
    timing = framework.timing or Timing()
    total = 0
    for loc in requirements:
        req, state = loc.requirement, states.get(loc.requirement.id)
        opened = is_open(state)
        if opened:
            total += req.seconds or timing.answer_seconds
        owes = req.evidence.required if opened else needs_evidence(loc, state)
        if owes and not has_evidence(req.id, evidence):
            total += timing.evidence_seconds
    return total


def rough_time(seconds: int) -> str:
    """`under a minute`, `about 7 min`, `about 1 h 20 min`: whole minutes up to half an hour,
    then rounded up to 5 minutes, so an estimate never looks more precise than it is."""
    if seconds < 60:
        return Phrase(N_("under a minute"))
    minutes = math.ceil(seconds / 60)
    if minutes > 30:
        minutes = math.ceil(minutes / 5) * 5
    hours, rest = divmod(minutes, 60)
    if not hours:
        return Phrase(N_("about %(minutes)d min"), minutes=rest)
    if not rest:
        return Phrase(N_("about %(hours)d h"), hours=hours)
    return Phrase(N_("about %(hours)d h %(minutes)d min"), hours=hours, minutes=rest)
