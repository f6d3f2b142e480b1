"""The weekly progress digest message: what changed since the previous digest, who owes what."""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any

from bot.blocks.common import Block, context, header, message, section
from bot.blocks.prose import render
from bot.blocks.summary import goal_label, overall_label, progress_text
from bot.i18n import _, format_day, ngettext
from bot.slack.mrkdwn import esc
from questionnaire.readmodels.digest import DigestData
from scoring import NodeKind

PEOPLE_MAX = 10  # people named in the "answered" line
LEVELS_MAX = 15  # level changes listed
OWING_MAX = 20  # people listed under "still open"


def local_date(moment: datetime, tz: tzinfo) -> str:
    """`Mon 2 Mar 2026, 09:00 CET`: unambiguous, in the digest's time zone."""
    local = moment.astimezone(tz)
    zone = local.tzname() or ""
    moment_text = _("%(day)s, %(time)s") % {
        "day": format_day(local.date()),
        "time": f"{local:%H:%M}",
    }
    return f"{moment_text} {zone}".strip()


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
        late = -days_left
        return ngettext(
            "*overdue* by %(num)d day (%(due)s)", "*overdue* by %(num)d days (%(due)s)", late
        ) % {"num": late, "due": due}
    if days_left == 0:
        return _("due today (%(due)s)") % {"due": due}
    if days_left == 1:
        return _("due tomorrow (%(due)s)") % {"due": due}
    return ngettext("due in %(num)d day (%(due)s)", "due in %(num)d days (%(due)s)", days_left) % {
        "num": days_left,
        "due": due,
    }


def period_text(digest: DigestData) -> str:
    """`this week`, or `in 3 weeks` when digests were missed (the bot was down on the day)."""
    weeks = round((digest.until - digest.since).days / 7)
    if weeks <= 1:
        return _("this week")
    return ngettext("in %(num)d week", "in %(num)d weeks", weeks) % {"num": weeks}


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
        levels=[
            (_("Overall") if change.kind is NodeKind.OVERALL else change.name, change)
            for change in digest.level_changes[:LEVELS_MAX]
        ],
        more_levels=max(0, len(digest.level_changes) - LEVELS_MAX),
        closed=len(digest.delta.gaps_closed),
        opened=len(digest.delta.gaps_opened),
        goal=goal_label(data),
        level=overall_label(data),
        provisional=data.result.provisional,
        progress=progress_text(data),
        answered_now=c.answered,
        total=c.total,
        open=c.unanswered,
        not_assessed=c.not_assessed,
        due=due_text(digest.days_left, format_day(due) if due else ""),
    )
    owing = render(
        "digest_owing.j2",
        owing=digest.owing[:OWING_MAX],
        more=max(0, len(digest.owing) - OWING_MAX),
        mark_idle=not digest.quiet,  # in a quiet week everyone is idle: the headline says so
        period=period_text(digest),
    )
    title = _("Weekly progress: %(name)s") % {"name": data.assessment.name}
    values = {"since": since, "until": slack_date(digest.until, digest.tz)}
    changes = (
        _("Changes from %(since)s (the start of the assessment) to %(until)s.")
        if digest.first
        else _("Changes from %(since)s (the previous digest) to %(until)s.")
    )
    blocks: list[Block] = [
        header(title),
        section(body),
        section(owing),
        context(changes % values),
    ]
    answered = sum(digest.newly_answered.values())
    summary = _("no progress") if digest.quiet else _("%(num)d answered") % {"num": answered}
    fallback = _("%(title)s: %(summary)s since %(since)s; %(answered)d of %(total)d answered") % {
        "title": esc(title),
        "summary": summary,
        "since": local_date(digest.since, digest.tz),
        "answered": c.answered,
        "total": c.total,
    }
    return message(fallback, blocks)
