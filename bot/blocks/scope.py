"""The start modal's framework note (its provenance, short) and, for a framework with `scope`,
the "Modules in scope" multi-select and its parsing."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from bot.blocks.common import Block, context, input_block, option
from bot.i18n import _
from bot.slack.mrkdwn import clip, esc
from questionnaire.domain import Assessment
from questionnaire.framework import Framework

SCOPE = "scope"  # block id of the multi-select
NOTE_MAX = 600  # the short provenance: a sentence, far inside a context element's 3000


def framework_note(framework: Framework, locale: str = "en") -> Block | None:
    """One context line on where the framework comes from (its provenance's first sentence);
    None when it has no provenance."""
    summary = framework.provenance_summary(locale)
    if not summary:
        return None
    return context(f"{_('About this framework:')} {esc(clip(summary, NOTE_MAX))}")


def scope_input(framework: Framework, locale: str = "en") -> Block | None:
    """The modules (domains) to assess, all picked by default; None when the framework has no
    `scope` (every domain is then assessed)."""
    if framework.scope is None:
        return None
    options = [
        option(clip(domain.name.get(locale), 75), domain.id) for domain in framework.domains[:100]
    ]
    element: Block = {
        "type": "multi_static_select",
        "action_id": "value",
        "options": options,
        "initial_options": options,
    }
    hint = _(
        "Leave out the modules the product does not cover: they are not asked and are reported "
        "as not in scope."
    )
    return input_block(SCOPE, _("Modules in scope"), element, hint=hint)


def parse_scope(
    values: Mapping[str, Any], framework: Framework
) -> tuple[tuple[str, ...], str | None]:
    """The domain ids left out of scope and an error for the field, if any. A form without the
    field (a framework without `scope`) leaves nothing out."""
    if SCOPE not in values:
        return (), None
    picked = (values[SCOPE].get("value") or {}).get("selected_options") or []
    chosen = {o.get("value") for o in picked if isinstance(o, dict)}
    known = framework.domain_ids()
    if framework.scope is None or not chosen <= set(known):
        return (), _("Pick modules from the list.")
    if not chosen:
        return (), _("Keep at least one module in scope.")
    return tuple(d for d in known if d not in chosen), None


def continuable(previous: Sequence[Assessment], framework: Framework) -> list[Assessment]:
    """The earlier assessments a new one of `framework` may continue: those of the same
    framework id, whatever its version."""
    return [a for a in previous if a.framework_id == framework.id]
