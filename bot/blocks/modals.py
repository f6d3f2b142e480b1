"""Modals: start an assessment, evidence, comment, hand on, roles, guidance, pick, attach."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from bot.blocks.adaptive import adaptive_input
from bot.blocks.channel_language import language_input
from bot.blocks.common import (
    Block,
    context,
    input_block,
    line_sections,
    modal,
    option,
    plain,
    section,
)
from bot.blocks.policy import start_policy_blocks
from bot.blocks.questions import attached, evidence_what
from bot.blocks.scope import continuable, framework_note, scope_input
from bot.i18n import N_, _, ngettext, said
from bot.slack.ids import View
from bot.slack.mrkdwn import clip, esc
from questionnaire.domain import Assessment, Evidence, EvidencePolicy
from questionnaire.framework import Framework, Located
from questionnaire.registry import FrameworkInfo
from questionnaire.usecases.answering import COMMENT_MAX

ROLE_BLOCK = "role:"
STRICT = N_("Strict: required evidence must be attached to count")
LENIENT = N_("Lenient: evidence is reported, levels ignore it")


def _text_input(
    action_id: str,
    *,
    initial: str = "",
    multiline: bool = False,
    max_length: int = 150,
    placeholder: str | None = None,
) -> Block:
    element: Block = {
        "type": "plain_text_input",
        "action_id": action_id,
        "multiline": multiline,
        "max_length": max_length,
    }
    if initial:
        element["initial_value"] = initial
    if placeholder:
        element["placeholder"] = plain(placeholder, 150)
    return element


def _users_input(role_key: str, label: str, initial: Sequence[str], hint: str) -> Block:
    element: Block = {"type": "multi_users_select", "action_id": "users", "max_selected_items": 10}
    if initial:
        element["initial_users"] = list(initial)
    return input_block(f"{ROLE_BLOCK}{role_key}", label, element, optional=True, hint=hint)


def parse_roles(values: dict[str, Any]) -> dict[str, list[str]]:
    """Role key -> picked users, from the state of a modal built with `role_blocks`."""
    return {
        block[len(ROLE_BLOCK) :]: list(state.get("users", {}).get("selected_users") or [])
        for block, state in values.items()
        if block.startswith(ROLE_BLOCK)
    }


def role_blocks(
    framework: Framework, roles: dict[str, list[str]] | None = None, locale: str = "en"
) -> list[Block]:
    roles = roles or {}
    return [
        _users_input(
            role.key,
            role.name.get(locale),
            roles.get(role.key, []),
            clip(role.description.get(locale) if role.description else "", 150)
            or _("Leave empty: you answer."),
        )
        for role in framework.roles
    ]


def start_modal(
    frameworks: Sequence[FrameworkInfo],
    framework: Framework,
    previous: Sequence[Assessment] = (),
    roles: dict[str, list[str]] | None = None,
    locale: str = "en",
    channel_language: str | None = None,
) -> dict[str, Any]:
    """The `/maturity start` form; role pickers follow the chosen framework; the channel
    language starts at `channel_language` (the lead's locale), else `locale`."""
    fw_options = [
        option(
            f"{clip(str(f.title), 55)} ("
            + ngettext("%(num)d question", "%(num)d questions", f.requirement_count)
            % {"num": f.requirement_count}
            + ")",
            f.id,
        )
        for f in frameworks[:100]
    ]
    chosen = next((o for o in fw_options if o["value"] == framework.id), fw_options[0])
    levels = [
        option(said(framework.level_label(lv.number, locale)), str(lv.number))
        for lv in framework.levels
    ]
    strict = option(_(STRICT), EvidencePolicy.STRICT)
    blocks: list[Block] = [
        input_block(
            "name",
            _("Assessment name"),
            _text_input("value", placeholder=_("e.g. Fraud model Q4 2026"), max_length=80),
        ),
        input_block(
            "project",
            _("Project"),
            _text_input("value", placeholder=_("The ML project being assessed"), max_length=120),
        ),
        input_block(
            "framework",
            _("Framework"),
            {
                "type": "static_select",
                "action_id": "value",
                "options": fw_options,
                "initial_option": chosen,
            },
            dispatch=True,
        ),
        *_present(framework_note(framework, locale), scope_input(framework, locale)),
        input_block(
            "channel",
            _("Summary channel"),
            {
                "type": "conversations_select",
                "action_id": "value",
                "default_to_current_conversation": True,
                "filter": {"include": ["public", "private"], "exclude_bot_users": True},
            },
            hint=_("Kickoff and summaries are posted here."),
        ),
        language_input(channel_language or locale),
        input_block(
            "target_level",
            _("Target level"),
            {"type": "static_select", "action_id": "value", "options": levels},
            optional=True,
            hint=_(
                "Gaps are shown against this level; without one, against each item's next level."
            ),
        ),
        input_block(
            "due_date", _("Due date"), {"type": "datepicker", "action_id": "value"}, optional=True
        ),
        input_block(
            "evidence_policy",
            _("Evidence policy"),
            {
                "type": "radio_buttons",
                "action_id": "value",
                "options": [strict, option(_(LENIENT), EvidencePolicy.LENIENT)],
                "initial_option": strict,
            },
        ),
        adaptive_input(on=True),
        *start_policy_blocks(),
    ]
    previous = continuable(previous, framework)
    if previous:
        blocks.append(
            input_block(
                "previous",
                _("Continue a previous assessment"),
                {
                    "type": "static_select",
                    "action_id": "value",
                    "options": [
                        option(clip(f"{a.name} ({a.project})", 75), str(a.id))
                        for a in previous[:100]
                    ],
                },
                optional=True,
                hint=_("Its answers come over to confirm, its evidence stays attached."),
            )
        )
    blocks.append(
        section(_("*Who holds each role?* Questions are routed by role; empty roles fall to you."))
    )
    blocks += role_blocks(framework, roles, locale)
    return modal(View.START, _("Start an assessment"), blocks, submit=_("Start"))


def _present(*blocks: Block | None) -> list[Block]:
    return [block for block in blocks if block is not None]


def evidence_modal(loc: Located, private_metadata: str, locale: str = "en") -> dict[str, Any]:
    req = loc.requirement
    examples = _("; ").join(esc(e.get(locale)) for e in req.evidence.examples[:4])
    blocks: list[Block] = [
        section(f"`{esc(req.id)}` {esc(clip(req.text.get(locale), 600))}"),
    ]
    if examples:
        blocks.append(context(_("Good evidence: %(examples)s") % {"examples": examples}))
    blocks += [
        input_block(
            "url",
            _("Link"),
            _text_input("value", max_length=2000, placeholder="https://…"),
            optional=True,
        ),
        input_block("title", _("Title"), _text_input("value", max_length=200), optional=True),
        input_block(
            "note", _("Note"), _text_input("value", multiline=True, max_length=2000), optional=True
        ),
    ]
    return modal(
        View.EVIDENCE,
        _("Add evidence"),
        blocks,
        submit=_("Attach"),
        private_metadata=private_metadata,
    )


def comment_modal(
    loc: Located, current: str | None, private_metadata: str, locale: str = "en"
) -> dict[str, Any]:
    """Add or edit the comment on one requirement's answer; emptying the box removes it."""
    req = loc.requirement
    blocks: list[Block] = [
        section(f"`{esc(req.id)}` {esc(clip(req.text.get(locale), 600))}"),
        input_block(
            "comment",
            _("Comment"),
            _text_input(
                "value",
                initial=current or "",
                multiline=True,
                max_length=COMMENT_MAX,
                placeholder=_("e.g. Partially met: we version data but not features"),
            ),
            optional=True,
            hint=_(
                "Shown with the answer on the question and in the reports. "
                "Empty the box to remove it."
            ),
        ),
    ]
    title = _("Edit comment") if current else _("Add a comment")
    return modal(View.COMMENT, title, blocks, submit=_("Save"), private_metadata=private_metadata)


def handoff_modal(summary: str, private_metadata: str) -> dict[str, Any]:
    blocks: list[Block] = [
        section(summary),
        input_block("user", _("Hand it to"), {"type": "users_select", "action_id": "value"}),
        input_block(
            "note",
            _("Note for them"),
            _text_input("value", multiline=True, max_length=500),
            optional=True,
        ),
    ]
    return modal(
        View.HANDOFF,
        _("Hand on"),
        blocks,
        submit=_("Hand on"),
        private_metadata=private_metadata,
    )


def assign_modal(
    framework: Framework, assessment: Assessment, private_metadata: str, locale: str = "en"
) -> dict[str, Any]:
    blocks: list[Block] = [
        section(
            _("Role holders for *%(name)s*. Unanswered questions follow the new holders.")
            % {"name": esc(assessment.name)}
        ),
        *role_blocks(framework, assessment.roles, locale),
    ]
    return modal(
        View.ASSIGN,
        _("Assign roles"),
        blocks,
        submit=_("Save"),
        private_metadata=private_metadata,
    )


def guidance_modal(framework: Framework, loc: Located, locale: str = "en") -> dict[str, Any]:
    req = loc.requirement
    lines = [
        f"*{said(framework.level_label(req.level, locale))}* · `{esc(req.id)}`",
        esc(req.text.get(locale)),
        "",
        "*" + _("What “met” looks like") + f"*\n{esc(req.guidance.get(locale))}",
    ]
    for guidance in (req.not_applicable_when, loc.subitem.not_applicable_when):
        if guidance is not None:
            label = _("When “not applicable” is right")
            lines.append(f"*{label}*\n{esc(guidance.get(locale))}")
    if req.evidence.examples:
        need = _("Evidence (required)") if req.evidence.required else _("Evidence (optional)")
        lines.append(
            f"*{need}*\n" + "\n".join(f"• {esc(e.get(locale))}" for e in req.evidence.examples)
        )
    where = f"{loc.domain.name.get(locale)} › {loc.item.name.get(locale)} › {loc.subitem.name.get(locale)}"
    blocks = [*line_sections(lines), context(esc(where))]  # long guidance: split, not cut
    return modal(View.INFO, _("Guidance"), blocks, close=_("Close"))


def pick_modal(
    title: str, assessments: Sequence[Assessment], private_metadata: str
) -> dict[str, Any]:
    options = [option(clip(f"{a.name} ({a.project})", 75), str(a.id)) for a in assessments[:100]]
    blocks = [
        input_block(
            "assessment",
            _("Assessment"),
            {"type": "static_select", "action_id": "value", "options": options},
        )
    ]
    return modal(View.PICK, title, blocks, submit=_("Go"), private_metadata=private_metadata)


def attach_modal(
    assessments: Sequence[Assessment], excerpt: str, private_metadata: str
) -> dict[str, Any]:
    """One requirement picker over every assessment the user may attach in: Slack does not tell
    an options request what another select holds, so the assessment is part of each option."""
    names = ", ".join(clip(a.name, 40) for a in assessments[:3])  # plain text: no escaping
    more = _(" and %(num)d more") % {"num": len(assessments) - 3} if len(assessments) > 3 else ""
    shown = esc(clip(excerpt, 300)) or _("(no text)")
    hint = _("Type a requirement id or words from its text. In: %(names)s%(more)s.")
    blocks: list[Block] = [
        context(_("Message: %(text)s") % {"text": shown}),
        input_block(
            "requirement",
            _("Requirement"),
            {"type": "external_select", "action_id": "value", "min_query_length": 0},
            hint=clip(hint % {"names": names, "more": more}, 150),
        ),
        input_block("title", _("Title"), _text_input("value", max_length=200), optional=True),
    ]
    return modal(
        View.ATTACH,
        _("Attach as evidence"),
        blocks,
        submit=_("Attach"),
        private_metadata=private_metadata,
    )


def attached_modal(
    assessment: Assessment, evidence: Evidence, private_metadata: str
) -> dict[str, Any]:
    """The shortcut's modal once the message is attached: it says so where the person looks.
    It keeps the modal's callback and metadata, so a repeat of the submission is still read."""
    what = evidence_what(evidence.url, evidence.title)
    blocks = [section(attached(assessment, evidence.requirement_id, what))]
    return modal(
        View.ATTACH, _("Attached"), blocks, close=_("Done"), private_metadata=private_metadata
    )


def parse_date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None
