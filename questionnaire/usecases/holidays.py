"""Workspace holidays and public holiday calendar: list them, and let admins (or, without admins,
active leads) change them."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date

from questionnaire.calendars import Calendar, UnknownCalendar, parse_calendar
from questionnaire.domain import AssessmentStatus
from questionnaire.holidays import MAX_HOLIDAYS
from questionnaire.phrases import N_, Phrase
from questionnaire.ports import Clock, UnitOfWork, UnitOfWorkFactory
from questionnaire.usecases.errors import Invalid, NotAllowed


@dataclass(frozen=True, slots=True)
class HolidayChange:
    changed: list[date]  # added, or removed
    unchanged: list[date]  # already a holiday (add), or not one (remove)
    holidays: list[date]  # the workspace's list afterwards


def workspace_holidays(uow_factory: UnitOfWorkFactory, team_id: str) -> list[date]:
    """The workspace's holiday dates, earliest first."""
    with uow_factory() as uow:
        return uow.holidays.list(team_id)


def workspace_calendar(uow_factory: UnitOfWorkFactory, team_id: str) -> Calendar | None:
    """The workspace's public holiday calendar, None when it picked none."""
    with uow_factory() as uow:
        return uow.holidays.calendar(team_id)


def may_change_holidays(
    uow_factory: UnitOfWorkFactory, team_id: str, actor: str, admins: Collection[str] = ()
) -> bool:
    """Whether the actor may add or remove the workspace's holidays."""
    with uow_factory() as uow:
        return _is_editor(uow, team_id, actor, admins)


def _is_editor(uow: UnitOfWork, team_id: str, actor: str, admins: Collection[str]) -> bool:
    """Admins decide when there are any; otherwise the lead of any active assessment may."""
    if admins:
        return actor in admins
    return actor in {a.lead_id for a in uow.assessments.list(team_id, [AssessmentStatus.ACTIVE])}


def _require_editor(uow: UnitOfWork, team_id: str, actor: str, admins: Collection[str]) -> None:
    if _is_editor(uow, team_id, actor, admins):
        return
    if admins:
        raise NotAllowed(
            Phrase(
                N_(
                    "Only an admin of this workspace can change its holidays "
                    "(see `/maturity admins`)."
                )
            )
        )
    raise NotAllowed(
        Phrase(
            N_(
                "Only the lead of an active assessment can change the workspace holidays "
                "(the workspace has no admins)."
            )
        )
    )


def change_holidays(
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    team_id: str,
    days: Sequence[date],
    actor: str,
    admins: Collection[str] = (),
    *,
    add: bool,
) -> HolidayChange:
    """Add dates to the workspace's holidays (at most MAX_HOLIDAYS in all), or remove them."""
    if not days:
        raise Invalid({"days": Phrase(N_("Name at least one date, as YYYY-MM-DD."))})
    wanted = set(days)
    with uow_factory() as uow:
        _require_editor(uow, team_id, actor, admins)
        existing = set(uow.holidays.list(team_id))
        if add:
            changed, after = wanted - existing, existing | wanted
            if len(after) > MAX_HOLIDAYS:
                raise Invalid(
                    {
                        "days": Phrase(
                            N_(
                                "A workspace can have at most %(max)d holidays; it has %(num)d. "
                                "Remove past ones first."
                            ),
                            max=MAX_HOLIDAYS,
                            num=len(existing),
                        )
                    }
                )
            uow.holidays.add(team_id, sorted(changed), actor, clock.now())
        else:
            changed, after = wanted & existing, existing - wanted
            uow.holidays.remove(team_id, sorted(changed))
        uow.commit()
    return HolidayChange(sorted(changed), sorted(wanted - changed), sorted(after))


def change_calendar(
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    team_id: str,
    country: str | None,
    actor: str,
    admins: Collection[str] = (),
    subdivision: str | None = None,
) -> Calendar | None:
    """Follow a country's (and subdivision's) public holidays, or none (`country` None); each
    person follows their own time zone's country where it names one (see `calendar_for`)."""
    try:
        calendar = parse_calendar(country, subdivision) if country else None
    except UnknownCalendar as unknown:
        raise Invalid({"country": unknown.args[0]}) from None
    with uow_factory() as uow:
        _require_editor(uow, team_id, actor, admins)
        uow.holidays.set_calendar(team_id, calendar, actor, clock.now())
        uow.commit()
    return calendar
