"""Public holiday calendars: the workspace's country (and subdivision), and each person's own
country where their Slack time zone names one without doubt."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from questionnaire.phrases import N_, Phrase

# Time zones used by one country only (a small, explicit list: a zone shared by several
# countries, or a country's minority zone, is left out and falls back to the workspace's).
ZONE_COUNTRIES = {
    "Africa/Cairo": "EG",
    "Africa/Johannesburg": "ZA",
    "Africa/Lagos": "NG",
    "Africa/Nairobi": "KE",
    "America/Mexico_City": "MX",
    "America/Sao_Paulo": "BR",
    "America/Toronto": "CA",
    "America/New_York": "US",
    "America/Chicago": "US",
    "America/Denver": "US",
    "America/Los_Angeles": "US",
    "Asia/Bangkok": "TH",
    "Asia/Dubai": "AE",
    "Asia/Hong_Kong": "HK",
    "Asia/Jakarta": "ID",
    "Asia/Jerusalem": "IL",
    "Asia/Kolkata": "IN",
    "Asia/Manila": "PH",
    "Asia/Seoul": "KR",
    "Asia/Shanghai": "CN",
    "Asia/Singapore": "SG",
    "Asia/Taipei": "TW",
    "Asia/Tokyo": "JP",
    "Australia/Sydney": "AU",
    "Europe/Amsterdam": "NL",
    "Europe/Berlin": "DE",
    "Europe/Brussels": "BE",
    "Europe/Copenhagen": "DK",
    "Europe/Dublin": "IE",
    "Europe/Helsinki": "FI",
    "Europe/Istanbul": "TR",
    "Europe/Lisbon": "PT",
    "Europe/London": "GB",
    "Europe/Madrid": "ES",
    "Europe/Oslo": "NO",
    "Europe/Paris": "FR",
    "Europe/Prague": "CZ",
    "Europe/Rome": "IT",
    "Europe/Stockholm": "SE",
    "Europe/Vienna": "AT",
    "Europe/Warsaw": "PL",
    "Europe/Zurich": "CH",
    "Pacific/Auckland": "NZ",
}


@dataclass(frozen=True, slots=True)
class Calendar:
    """A country's public holidays (ISO 3166 code), optionally with a subdivision's own."""

    country: str
    subdivision: str | None = None

    def __str__(self) -> str:
        return f"{self.country}-{self.subdivision}" if self.subdivision else self.country


class UnknownCalendar(ValueError):
    """No such country or subdivision among the maintained calendars; the message says which."""


def parse_calendar(country: str, subdivision: str | None = None) -> Calendar:
    """The calendar named by a country code and an optional subdivision code, case-insensitive."""
    import holidays  # here and below only: a large package, needed by few commands

    code = country.strip().upper()
    supported = holidays.list_supported_countries()
    if len(code) != 2 or code not in supported:
        raise UnknownCalendar(
            Phrase(
                N_(
                    "No public holiday calendar for that country: "
                    "use a two-letter code (DE, CN, US)."
                )
            )
        )
    if not subdivision:
        return Calendar(code)
    names = {name.upper(): name for name in supported[code]}
    found = names.get(subdivision.strip().upper())
    if found is None:
        shown = ", ".join(supported[code][:40]) or "none"
        raise UnknownCalendar(
            Phrase(
                N_("%(country)s has no such region; its regions are: %(regions)s."),
                country=code,
                regions=shown,
            )
        )
    return Calendar(code, found)


def calendar_for(tz_name: str | None, workspace: Calendar | None) -> Calendar | None:
    """A person's calendar: their time zone's country when it names one (the workspace's
    subdivision too when it is the workspace's country), else the workspace's; None without a
    workspace calendar (calendars are off until a workspace picks one)."""
    if workspace is None:
        return None
    country = ZONE_COUNTRIES.get(tz_name or "")
    if country is None or country == workspace.country:
        return workspace
    return Calendar(country)


@lru_cache(maxsize=64)
def public_holidays(calendar: Calendar, years: tuple[int, ...]) -> frozenset[date]:
    """The calendar's public holidays in `years` (none when the calendar is no longer known)."""
    import holidays

    try:
        found: Iterable[date] = holidays.country_holidays(
            calendar.country, subdiv=calendar.subdivision, years=years
        )
    except NotImplementedError:  # a country or subdivision the package dropped since
        return frozenset()
    return frozenset(found)
