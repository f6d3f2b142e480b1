"""The weekly progress digest message: what changed since the previous digest, who owes what."""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any

from bot.blocks.common import Block, context, header, message, section
from bot.blocks.prose import render
from bot.blocks.summary import progress_text
from bot.slack.mrkdwn import day, esc
from questionnaire.readmodels.digest import DigestData

PEOPLE_MAX = 10  # people named in the "answered" line
LEVELS_MAX = 15  # level changes listed
OWING_MAX = 20  # people listed under "still open"


def local_date(moment: datetime, tz: tzinfo) -> str:
    """`Mon 2 Mar 2026, 09:00 CET`: unambiguous, in the digest's time zone."""
    local = moment.astimezone(tz)
    zone = local.tzname() or ""
    return f"{local:%a} {local.day} {local:%b %Y}, {local:%H:%M} {zone}".strip()


def slack_date(moment: datetime, tz: tzinfo) -> str:
    """Slack's date token: each reader sees the moment in their own time zone; clients that
    can't show it fall back to `local_date` in `tz`."""
    fallback = local_date(moment, tz)
    return f"<!date^{int(moment.timestamp())}^{{date_short_pretty}} {{time}}|{fallback}>"


def due_text(days_left: int | None, due: str) -> str:
    """`due in 5 days (Fri 13 Mar)`, `due today`, `*overdue* by 2 days`, or ``."""
    if days_left is None:
        return ""
    if days_left < 0:
        return f"*overdue* by {-days_left} {'day' if days_left == -1 else 'days'} ({due})"
    if days_left == 0:
        return f"due today ({due})"
    if days_left == 1:
        return f"due tomorrow ({due})"
    return f"due in {days_left} days ({due})"


def period_text(digest: DigestData) -> str:
    """`this week`, or `in 3 weeks` when digests were missed (the bot was down on the day)."""
    weeks = round((digest.until - digest.since).days / 7)
    return "this week" if weeks <= 1 else f"in {weeks} weeks"


def digest_message(digest: DigestData) -> dict[str, Any]:
    """The weekly progress digest: changes since the previous one, where things stand, and who
    still owes answers or evidence (named even in a quiet week: that is the nudge)."""
    data = digest.summary
    c = data.completion
    since = slack_date(digest.since, digest.tz)
    due = data.assessment.due_date
    body = render(
        "digest.j2",
        quiet=digest.quiet,
        period=period_text(digest),
        since=since,
        first=digest.first,
        answered=sum(digest.newly_answered.values()),
        people=[f"<@{p}> {n}" for p, n in list(digest.newly_answered.items())[:PEOPLE_MAX] if p],
        changed=digest.changed_answers,
        evidence=digest.evidence_added,
        levels=digest.level_changes[:LEVELS_MAX],
        more_levels=max(0, len(digest.level_changes) - LEVELS_MAX),
        closed=len(digest.delta.gaps_closed),
        opened=len(digest.delta.gaps_opened),
        goal=data.label(data.goal),
        level=data.overall.label,
        provisional=data.result.provisional,
        progress=progress_text(data),
        answered_now=c.answered,
        total=c.total,
        open=c.unanswered,
        not_assessed=c.not_assessed,
        due=due_text(digest.days_left, day(due) if due else ""),
    )
    owing = render(
        "digest_owing.j2",
        owing=digest.owing[:OWING_MAX],
        more=max(0, len(digest.owing) - OWING_MAX),
        mark_idle=not digest.quiet,  # in a quiet week everyone is idle: the headline says so
        period=period_text(digest),
    )
    title = f"Weekly progress: {data.assessment.name}"
    start = "the start of the assessment" if digest.first else "the previous digest"
    blocks: list[Block] = [
        header(title),
        section(body),
        section(owing),
        context(f"Changes from {since} ({start}) to {slack_date(digest.until, digest.tz)}."),
    ]
    summary = "no progress" if digest.quiet else f"{sum(digest.newly_answered.values())} answered"
    fallback = (
        f"{esc(title)}: {summary} since {local_date(digest.since, digest.tz)}; "
        f"{c.answered} of {c.total} answered"
    )
    return message(fallback, blocks)
