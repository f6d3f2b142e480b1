"""A whole assessment played through the real app: start, answer, evidence, hand-off, remind, close."""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from bot.blocks.questions import EDIT_COMMENT, MORE_MENU
from bot.listeners.start import DEFAULT_FRAMEWORK
from bot.slack.ids import Action, More, MoreRef
from devkit.demo.harness import Harness
from devkit.demo.inbox import Inbox
from devkit.demo.reading import as_read
from devkit.standin import Message, options_value, plain_text_value, users_value

LEAD = ("U0LENA", "lena", "Europe/Berlin")
HOLDERS = {
    "product_owner": ("U0PAUL", "paul", "Asia/Shanghai"),
    "project_manager": ("U0MARIA", "maria", "America/New_York"),
    "test_engineer": ("U0TESS", "tess", "Europe/London"),
    "data_engineer": ("U0DAN", "dan", "Asia/Shanghai"),
    "data_owner": ("U0PRIYA", "priya", "Asia/Singapore"),
    "algorithm_engineer": ("U0ALEX", "alex", "Europe/Berlin"),
    "platform_engineer": ("U0PIA", "pia", "Europe/Berlin"),
}
# A team that reads the bot in two languages (`play(..., locales=BILINGUAL)`): paul and dan's
# Slack is set to Chinese; everyone else's, and everyone's by default, to English.
BILINGUAL = {"U0PAUL": "zh-CN", "U0DAN": "zh-CN"}
CHANNEL = ("C0MLQ", "ml-maturity")
ASSESSMENT = "Fraud detection Q4 2026"
PROJECT = "fraud-detect: card-payment fraud scoring"
# Chance of "met" by level: real teams are solid at the basics and thin at the top.
# A team sound at the basics, partway through Professional and Leading, with few Excellent.
MET_BY_LEVEL = {1: 1.0, 2: 0.85, 3: 0.55, 4: 0.25, 5: 0.08}
# What the first person to answer "partially met" says about it (from the question's ⋯ menu).
PARTIAL_COMMENT = "In place for the main scoring pipeline, not yet for the nightly batch jobs."


@dataclass
class Outcome:
    """What the scenario did, for the demo's printout and the end-to-end test's checks."""

    assessment_id: int = 0
    answers: dict[str, str] = field(default_factory=dict)
    evidence_kinds: dict[str, int] = field(default_factory=dict)
    handed_off: str = ""
    commented: dict[str, str] = field(default_factory=dict)  # requirement -> comment
    reminders_sent: int = 0
    none_met: list[str] = field(default_factory=list)  # answered by "None of the rest is met"
    picked: str = ""  # the question a thread reply's picker attached evidence to
    inboxes: dict[str, Inbox] = field(default_factory=dict)  # each person's DM, after the play


def setup_workspace(h: Harness, locales: Mapping[str, str] | None = None) -> None:
    """The team and its channel; `locales`: people's Slack locales (en-US for the others)."""
    locales = locales or {}
    h.slack.add_user(LEAD[0], LEAD[1], tz=LEAD[2], locale=locales.get(LEAD[0], "en-US"))
    for user_id, name, tz in HOLDERS.values():
        h.slack.add_user(user_id, name, tz=tz, locale=locales.get(user_id, "en-US"))
    members = [LEAD[0], *(u for u, _, _ in HOLDERS.values())]
    h.slack.add_channel(CHANNEL[0], CHANNEL[1], members=members, bot_member=False)


def start_assessment(
    h: Harness,
    framework: str | None = None,
    *,
    adaptive: bool = True,
    name: str = ASSESSMENT,
    project: str = PROJECT,
    previous: int | None = None,
    channel_language: str | None = None,
) -> int:
    """The lead runs `/maturity start` and fills in the modal (picking `framework` if given,
    else leaving the modal's default, the bundled CAICT framework; adaptive questioning left
    ticked unless `adaptive` is False; continuing the `previous` assessment if given; the
    channel's language if given, else the modal's default, the lead's)."""
    h.users.slash_command(LEAD[0], "start", channel_id=CHANNEL[0])
    due = (h.clock.now().date() + timedelta(days=14)).isoformat()
    values: dict[str, Any] = {
        "name": {"value": plain_text_value(name)},
        "project": {"value": plain_text_value(project)},
        "channel": {"value": {"type": "conversations_select", "selected_conversation": CHANNEL[0]}},
        "target_level": {"value": {"type": "static_select", "selected_option": {"value": "3"}}},
        "due_date": {"value": {"type": "datepicker", "selected_date": due}},
        "adaptive": {"value": options_value(["on"] if adaptive else [])},
    }
    if previous is not None:
        values["previous"] = {
            "value": {"type": "static_select", "selected_option": {"value": str(previous)}}
        }
    if channel_language is not None:
        values["channel_language"] = {
            "value": {"type": "static_select", "selected_option": {"value": channel_language}}
        }
    if framework is not None:
        values["framework"] = {
            "value": {"type": "static_select", "selected_option": {"value": framework}}
        }
    # The modal shows a people picker for each role of the framework picked, and no others.
    shown = h.services.registry.get(framework or DEFAULT_FRAMEWORK).roles
    for role in (r.key for r in shown if r.key in HOLDERS):
        values[f"role:{role}"] = {"users": users_value([HOLDERS[role][0]])}
    response = h.users.view_submission(LEAD[0], "start_assessment", values)
    if response.status != 200 or response.body or h.users.view_errors:
        raise RuntimeError(f"start failed: {response.body} {h.users.view_errors}")
    with h.services.uow() as uow:
        found = uow.assessments.by_name(h.team_id, name)
    assert found is not None and found.id is not None
    return found.id


def buttons(message: Message) -> list[tuple[str, dict[str, Any]]]:
    """(block_id, element) for every button and menu in a message's actions blocks."""
    return [
        (block.get("block_id", ""), element)
        for block in message.blocks or []
        if block.get("type") == "actions"
        for element in block.get("elements", [])
    ]


def _requirement(element: dict[str, Any]) -> str | None:
    """The requirement id a button carries, if it carries one."""
    try:
        value = json.loads(element.get("value") or "{}")
    except json.JSONDecodeError:
        return None
    return value.get("r") if isinstance(value, dict) else None


def click(h: Harness, user_id: str, action_id: str, *, requirement: str | None = None) -> None:
    """Click a button the user can see in their DM (newest message first)."""
    for message in reversed(h.slack.messages(user_id)):
        for block_id, element in buttons(message):
            if element.get("action_id") != action_id:
                continue
            if requirement and _requirement(element) != requirement:
                continue
            h.users.block_action(
                user_id, action_id, value=element.get("value"), block_id=block_id, message=message
            )
            return
    raise LookupError(f"{user_id} sees no button {action_id} for {requirement}")


def pick_from_menu(
    h: Harness, user_id: str, label: str, *, requirement: str, page: Message | None = None
) -> None:
    """Pick `label` ("Guidance", "Add evidence", "Add a comment", "Not me (hand on)"...) from the
    ⋯ menu of a question on `page`, or on the newest page in the user's DM that shows it. The
    option is found by what it does, so the menu may be in any language."""
    verbs = {label: verb for verb, label in MORE_MENU} | {EDIT_COMMENT: More.COMMENT}
    block_id = f"a:{requirement}"
    pages = [page] if page is not None else list(reversed(h.slack.messages(user_id)))
    for message in pages:
        for found, element in buttons(message):
            if found == block_id and element.get("type") == "overflow":
                option = next(
                    o for o in element["options"] if MoreRef.load(o["value"]).v == verbs[label]
                )
                h.users.block_action(
                    user_id, Action.MORE, selected_option=option, block_id=block_id, message=message
                )
                return
    raise LookupError(f"{user_id} sees no menu for {requirement}")


def open_questions(h: Harness, user_id: str) -> list[str]:
    """Requirement ids on the newest question page in the user's DM that still look open."""
    for message in reversed(h.slack.messages(user_id)):
        refs = [
            block_id[2:]
            for block_id, e in buttons(message)
            if e.get("action_id") == "answer:met" and block_id.startswith("a:")
        ]
        if refs:
            answered = {
                b["block_id"][2:]
                for b in message.blocks or []
                if b.get("type") == "section" and b.get("block_id", "").startswith("q:")
            }
            chosen = {
                block_id[2:] for block_id, e in buttons(message) if e.get("style") == "primary"
            }
            return [r for r in refs if r in answered and r not in chosen]
    return []


def choose(seed: int, requirement: str, level: int) -> str:
    """What the team says to one requirement: fixed per seed and requirement id, so the answers
    do not depend on the order the questions are asked in (nor on which are asked at all)."""
    roll = random.Random(f"{seed}:{requirement}").random()
    if roll < 0.03:
        return "not_applicable"
    met = MET_BY_LEVEL.get(level, 0.1)
    if roll < met:
        return "met"
    return "partial" if roll < met + 0.12 else "not_met"


def page_showing(h: Harness, user_id: str, requirement: str) -> Message:
    """The newest question page in the user's DM that shows `requirement`."""
    return next(
        m
        for m in reversed(h.slack.messages(user_id))
        if any(block_id == f"a:{requirement}" for block_id, _ in buttons(m))
    )


def reply_in_thread(h: Harness, user_id: str, page: Message, text: str, file: str = "") -> None:
    """The user replies in the page's thread: `text`, with a file named `file` when given. Writing
    it takes a minute: what it attaches comes after the answer, as it does in Slack."""
    h.clock.advance(minutes=1)
    event: dict[str, Any] = {
        "type": "message",
        "channel": page.channel,
        "user": user_id,
        "text": text,
        "ts": f"{h.clock.now().timestamp():.6f}",
        "thread_ts": page.ts,
    }
    if file:
        event["subtype"] = "file_share"
        event["files"] = [
            {
                "id": f"F{abs(hash(file)) % 10**8}",
                "name": file,
                "title": file,
                "permalink": f"https://standin.slack.com/files/{user_id}/{file}",
            }
        ]
    h.users.event(event)


def add_evidence(h: Harness, user_id: str, requirement: str, kind: str, outcome: Outcome) -> None:
    """Attach evidence the three ways people do: the modal, a reply in the page's thread, a
    message shortcut."""
    slug = requirement.lower().replace(".", "-")
    if kind == "link":
        click(h, user_id, "add_evidence", requirement=requirement)
        values = {
            "url": {"value": plain_text_value(f"https://wiki.example.com/fraud-detect/{slug}")},
            "title": {"value": plain_text_value(f"{requirement} evidence page")},
        }
        h.users.view_submission(user_id, "add_evidence", values)
    elif kind == "file":
        page = page_showing(h, user_id, requirement)
        # The one question owing evidence on the page takes it; with several, name it.
        owed = str(page.blocks).count(":warning:")  # "Evidence needed", in any language
        text = "here you go" if owed <= 1 else f"`{requirement}`: here you go"
        reply_in_thread(h, user_id, page, text, file=f"{slug}.pdf")
    else:
        posted = h.slack.add_message(
            CHANNEL[0],
            user_id,
            f"Dashboard for {requirement}: https://grafana.example.com/d/{slug}",
        )
        h.users.message_shortcut(user_id, "attach_as_evidence", posted, channel_id=CHANNEL[0])
        # Type the requirement id into the picker and take what it offers for it.
        offered = h.users.block_suggestion(user_id, "requirement", requirement).body
        choice = next(
            o["value"]
            for o in offered.get("options")
            or [o for g in offered.get("option_groups", []) for o in g["options"]]
            if o["value"] == f"{outcome.assessment_id}:{requirement}"
        )
        values = {
            "requirement": {
                "value": {"type": "external_select", "selected_option": {"value": choice}}
            },
        }
        h.users.view_submission(user_id, "attach_message", values)
    outcome.evidence_kinds[kind] = outcome.evidence_kinds.get(kind, 0) + 1


def add_comment(h: Harness, user_id: str, requirement: str, text: str, outcome: Outcome) -> None:
    """Comment on an answer: "Add a comment" in the question's ⋯ menu, type, Save."""
    pick_from_menu(h, user_id, "Add a comment", requirement=requirement)
    values = {"comment": {"value": plain_text_value(text)}}
    response = h.users.view_submission(user_id, "answer_comment", values)
    if response.status != 200 or response.body:
        raise RuntimeError(f"the comment was refused: {response.body}")
    outcome.commented[requirement] = text


def answer_everything(
    h: Harness,
    user_id: str,
    rng: random.Random,
    outcome: Outcome,
    level_of: Callable[[str], int],
    needs_evidence: Callable[[str], bool],
    seed: int = 7,
    *,
    early: bool = False,
) -> None:
    """Answer page after page until the person's closing message arrives; the answers come from
    `choose` (per requirement), the evidence habits from `rng`. Someone who knows the team is
    `early` at the top levels answers the first page whose open questions are all Leading or
    above (two or more) with "None of the rest is met"."""
    kinds = ["link", "file", "message", "link", "file"]
    for _ in range(1000):
        # One answer, then the page again: a blocking answer takes the questions above it away.
        todo = open_questions(h, user_id)
        if not todo:
            return
        top_only = len(todo) >= 2 and all(level_of(r) >= 3 for r in todo)
        if early and not outcome.none_met and top_only:
            click(h, user_id, Action.NONE_MET)
            outcome.answers |= dict.fromkeys(todo, "not_met")
            outcome.none_met = todo
            continue
        for requirement in todo[:1]:
            answer = choose(seed, requirement, level_of(requirement))
            click(h, user_id, f"answer:{answer}", requirement=requirement)
            outcome.answers[requirement] = answer
            if answer == "partial" and not outcome.commented:
                add_comment(h, user_id, requirement, PARTIAL_COMMENT, outcome)
            # Evidence for the basics is at hand; higher up some of it is still owed.
            keen = level_of(requirement) <= 1 or rng.random() < 0.8
            if answer in ("met", "partial") and needs_evidence(requirement) and keen:
                add_evidence(
                    h, user_id, requirement, kinds[len(outcome.answers) % len(kinds)], outcome
                )


def evidence_through_the_picker(
    h: Harness, user_id: str, outcome: Outcome, needs_evidence: Callable[[str], bool]
) -> None:
    """Two questions of the page that need evidence are met; a file replied in the page's
    thread names neither, so the bot asks which one, and the person picks the first. A link
    replied next goes to the other, the one still owing evidence."""
    first, second = [r for r in open_questions(h, user_id) if needs_evidence(r)][:2]
    for requirement in (first, second):
        click(h, user_id, "answer:met", requirement=requirement)
        outcome.answers[requirement] = "met"
    page = page_showing(h, user_id, first)
    reply_in_thread(h, user_id, page, "the test plan for both", file="test-plan.pdf")
    picker = next(
        m
        for m in reversed(h.slack.messages(user_id))
        if m.thread_ts == page.ts and any(b == "evidence_for" for b, _ in buttons(m))
    )
    block_id, choice = next((b, e) for b, e in buttons(picker) if _requirement(e) == first)
    h.users.block_action(
        user_id, choice["action_id"], value=choice["value"], block_id=block_id, message=picker
    )
    outcome.picked = first
    slug = second.lower().replace(".", "-")
    link = f"<https://wiki.example.com/fraud-detect/{slug}|test report>"
    reply_in_thread(h, user_id, page, f"and the report: {link}")
    outcome.evidence_kinds["file"] = outcome.evidence_kinds.get("file", 0) + 1
    outcome.evidence_kinds["link"] = outcome.evidence_kinds.get("link", 0) + 1


def play(
    h: Harness,
    seed: int = 7,
    locales: Mapping[str, str] | None = None,
    channel_language: str | None = None,
) -> Outcome:
    """The whole journey; deterministic for a given seed. `locales`: people's Slack locales;
    `channel_language`: the language of the channel's posts (else the lead's)."""
    rng = random.Random(seed)
    outcome = Outcome()
    setup_workspace(h, locales)
    outcome.assessment_id = start_assessment(h, channel_language=channel_language)
    with h.services.uow() as uow:
        assessment = uow.assessments.get(h.team_id, outcome.assessment_id)
        assert assessment is not None
        framework = uow.frameworks.load(assessment.framework_hash)

    def level_of(requirement: str) -> int:
        return framework.locate(requirement).requirement.level

    def needs_evidence(requirement: str) -> bool:
        return framework.locate(requirement).requirement.evidence.required

    # The data engineer starts, and hands his first question on to the platform engineer.
    dan, pia = HOLDERS["data_engineer"][0], HOLDERS["platform_engineer"][0]
    click(h, dan, "continue")
    first = open_questions(h, dan)[0]
    pick_from_menu(h, dan, "Not me (hand on)", requirement=first)
    h.users.view_submission(
        dan, "hand_off", {"user": {"value": {"type": "users_select", "selected_user": pia}}}
    )
    outcome.handed_off = first

    # Everyone but the test engineer answers on day one.
    tess = HOLDERS["test_engineer"][0]
    for role, (user_id, _, _) in HOLDERS.items():
        if role in ("test_engineer", "data_engineer"):
            continue
        click(h, user_id, "continue")
        answer_everything(h, user_id, rng, outcome, level_of, needs_evidence, seed)
    answer_everything(h, dan, rng, outcome, level_of, needs_evidence, seed, early=True)

    # Three days later the test engineer has still not started: the lead sends reminders.
    h.clock.advance(days=3)
    before = len(h.slack.messages(tess))
    h.users.slash_command(LEAD[0], "remind", channel_id=CHANNEL[0])
    outcome.reminders_sent = len(h.slack.messages(tess)) - before
    click(h, tess, "continue")
    # She reads the guidance of her first question (from its ⋯ menu) before she answers.
    pick_from_menu(h, tess, "Guidance", requirement=open_questions(h, tess)[0])
    guidance = h.slack.open_modal(tess)
    if guidance is None:
        raise RuntimeError("the Guidance modal did not open")
    h.slack.note(tess, "closed the Guidance modal")
    h.slack.close_view(guidance.id, clear=True)
    evidence_through_the_picker(h, tess, outcome, needs_evidence)
    answer_everything(h, tess, rng, outcome, level_of, needs_evidence, seed)

    h.clock.advance(days=1)
    h.users.slash_command(LEAD[0], "close", channel_id=CHANNEL[0])
    return outcome


def summary_text(
    h: Harness, kind: str | tuple[str, ...] = ("Final maturity summary", "Maturity summary")
) -> str:
    """The channel's newest summary message (the final one of a closed assessment if its close
    posted one, else the one posted when the last question was answered; `kind` "Final maturity
    summary" for only a final one) as a person reads it in Slack."""
    message = next(
        m
        for m in reversed(h.slack.messages(CHANNEL[0]))
        if m.blocks and m.blocks[0].get("text", {}).get("text", "").startswith(kind)
    )
    return as_read(message.blocks, reader_names())


def people_names() -> dict[str, str]:
    """Everyone's Slack id → name."""
    return {u: name for u, name, _ in [LEAD, *HOLDERS.values()]}


def reader_names() -> dict[str, str]:
    """What a reader sees for each id: people's and the channel's names."""
    return people_names() | {CHANNEL[0]: CHANNEL[1]}


def due_in(days: int, today: date) -> str:
    return json.dumps((today + timedelta(days=days)).isoformat())
