"""DMs about role changes: to a new holder (what they are asked) and to a removed one."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.blocks.common import section
from bot.blocks.questions import intro
from bot.i18n import _, ngettext
from bot.slack.mrkdwn import esc, mention
from questionnaire.domain import Assessment
from questionnaire.framework import Framework, Located


def role_names(framework: Framework, roles: Sequence[str], locale: str) -> str:
    """`*Developer*, *Tester*`: the roles' names, bold and escaped."""
    return ", ".join(f"*{esc(framework.role(r).name.get(locale))}*" for r in roles)


def gave(
    actor: str,
    user_id: str,
    framework: Framework,
    assessment: Assessment,
    roles: Sequence[str],
    locale: str = "en",
) -> str:
    """`@lena gave you the *Test engineer* role in *X*.` (`You took …` when it was you)."""
    values = {
        "roles": role_names(framework, roles, locale),
        "name": esc(assessment.name),
        "actor": mention(actor),
    }
    if actor == user_id:
        took = ngettext(
            "You took the %(roles)s role in *%(name)s*.",
            "You took the %(roles)s roles in *%(name)s*.",
            len(roles),
        )
        return took % values
    given = ngettext(
        "%(actor)s gave you the %(roles)s role in *%(name)s*.",
        "%(actor)s gave you the %(roles)s roles in *%(name)s*.",
        len(roles),
    )
    return given % values


def role_given(
    actor: str,
    user_id: str,
    framework: Framework,
    assessment: Assessment,
    new_roles: Sequence[str],
    open_questions: Sequence[Located],
    seconds: int,
    locale: str = "en",
) -> dict[str, Any]:
    """The intro DM (roles, count, time, items, due date, Start) headed by who gave the role. No
    page is pushed: Start posts the first one when they are ready."""
    names = list({loc.item.id: loc.item.name.get(locale) for loc in open_questions}.values())
    routed = list(dict.fromkeys(loc.role for loc in open_questions))
    base = intro(framework, assessment, len(open_questions), seconds, names, routed, locale)
    head = section(gave(actor, user_id, framework, assessment, new_roles, locale))
    return {**base, "blocks": [head, *base["blocks"]]}


def taken(
    actor: str,
    framework: Framework,
    assessment: Assessment,
    role: str,
    asked: str,
    was_asked: bool,
    locale: str = "en",
) -> str:
    """To someone taken off a role: who is asked its questions now."""
    values = {
        "actor": mention(actor),
        "role": role_names(framework, [role], locale),
        "name": esc(assessment.name),
        "asked": mention(asked),
    }
    if was_asked:
        return _("%(actor)s gave your %(role)s questions in *%(name)s* to %(asked)s.") % values
    return (
        _("%(actor)s took you off %(role)s in *%(name)s*; %(asked)s is asked its questions.")
        % values
    )
