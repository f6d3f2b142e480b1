"""`/maturity language [en|zh|off]`: the language of people whose Slack profile names none."""

from __future__ import annotations

from slack_bolt import Ack

from bot.blocks.messages import plain_reply
from bot.config.services import Services
from bot.i18n import LANGUAGE_NAMES, SUPPORTED, _, supported
from bot.listeners.invocation import Invocation
from bot.slack.mrkdwn import esc
from questionnaire.usecases.people import set_workspace_language, workspace_language

OFF = ("off", "none", "default")


def _usage() -> str:
    return _(
        "Usage: `/maturity language` shows the workspace's language; `/maturity language zh` "
        "or `/maturity language en` sets it for everyone whose Slack profile names none, "
        "`/maturity language off` goes back to the default (admins only)."
    )


def _name(locale: str | None) -> str:
    return LANGUAGE_NAMES[supported(locale)]


def handle(services: Services, inv: Invocation, ack: Ack) -> None:
    """Show or set the workspace's language; use-case errors reach the command's handler."""
    words = (inv.name or "").split()
    default = _name(services.settings.default_locale)
    if not words:
        current = workspace_language(services.uow, inv.team_id)
        text = (
            _("This workspace's language: %(language)s.") % {"language": _name(current)}
            if current
            else _("No workspace language set: people read their Slack language, else %(default)s.")
            % {"default": default}
        )
        ack(**plain_reply(f"{text} {_usage()}"))
        return
    word = words[0].lower()
    wanted = None if word in OFF else word.replace("_", "-")
    if wanted is not None and wanted.split("-")[0] not in SUPPORTED:
        known = ", ".join(f"`{code}`" for code in SUPPORTED)
        said = _("I don't speak `%(code)s` yet; pick one of %(known)s.")
        ack(**plain_reply(f"{said % {'code': esc(word[:20]), 'known': known}} {_usage()}"))
        return
    set_workspace_language(
        services.uow, services.clock, inv.team_id, wanted, inv.user_id, inv.admins
    )
    services.readers.forget(inv.team_id)
    text = _("Done: people whose Slack profile names no language now read %(language)s.") % {
        "language": _name(wanted) if wanted else default
    }
    ack(**plain_reply(text))
