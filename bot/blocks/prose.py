"""Prose in messages (summaries, digests): Jinja2 templates in `templates/`, every value escaped,
every string in the current language (`with speaking(...)`)."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from bot.i18n import install_jinja
from bot.slack.mrkdwn import channel_link, esc, mention

if TYPE_CHECKING:  # Jinja2 loads with the first prose drawn, not when the bot starts
    import jinja2


@cache
def environment() -> jinja2.Environment:
    """Templates for prose: no HTML autoescape, strict undefined, `esc` for every value."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("bot.blocks", "templates"),
        autoescape=False,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.filters["esc"] = esc
    env.filters["mention"] = mention
    env.filters["channel"] = channel_link
    install_jinja(env)  # `_()` and `ngettext()` speak the locale of the block rendering
    return env


def render(template: str, **values: Any) -> str:
    return environment().get_template(template).render(**values).strip()
