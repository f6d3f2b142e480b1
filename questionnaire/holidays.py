"""Holiday dates: parsing a typed list, and adding the workspace's holidays to each policy's own."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from questionnaire.domain import Assessment, ReminderPolicy
from questionnaire.ports import UnitOfWork

MAX_HOLIDAYS = 100  # per assessment and per workspace: a year of holidays with room to spare
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SEPARATORS = re.compile(r"[\s,;]+")


def parse_dates(text: str) -> tuple[list[date], list[str]]:
    """Dates typed as YYYY-MM-DD, separated by commas, semicolons or spaces.

    Returns (the valid dates, sorted and without repeats; the words that are not such dates)."""
    days: set[date] = set()
    bad: list[str] = []
    for word in _SEPARATORS.split(text.strip()):
        if not word:
            continue
        try:
            if not _ISO_DATE.match(word):
                raise ValueError(word)
            days.add(date.fromisoformat(word))
        except ValueError:
            bad.append(word)
    return sorted(days), bad


def with_holidays(policy: ReminderPolicy, days: Iterable[date]) -> ReminderPolicy:
    """The policy, also skipping `days`."""
    merged = tuple(sorted(set(policy.holidays).union(days)))
    return policy if merged == policy.holidays else policy.model_copy(update={"holidays": merged})


def policy_with_workspace_holidays(uow: UnitOfWork, assessment: Assessment) -> ReminderPolicy:
    """The assessment's reminder policy with its workspace's holidays added to its own.

    What the reminder sweep applies; never saved, so the assessment keeps its own list."""
    return with_holidays(assessment.reminder_policy, uow.holidays.list(assessment.team_id))
