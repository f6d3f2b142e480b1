"""The improvement plan in Slack: the path to the next level in the channel message, the full
plan with the framework's guidance in the thread."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import replace

from bot.blocks.common import Block, line_sections
from bot.blocks.prose import render
from bot.i18n import _, ngettext
from bot.i18n.terms import KINDS, kind_label, level_label
from bot.slack.mrkdwn import clip, esc, mention
from questionnaire.readmodels.plan import Path, StepRow
from questionnaire.readmodels.summary import GapRow, SummaryData

TOP_STEPS = 5  # steps the channel message lists
STEP_TEXT_MAX = 140  # characters of requirement text per step in the channel message
GUIDANCE_MAX = 600  # characters of guidance per step in the thread
EXAMPLES_MAX = 3  # good-evidence examples per step in the thread
WITH_MAX = 3  # requirement ids named as "with ..." on a step


def owner_name(row: GapRow | StepRow, names: Mapping[str, str]) -> str:
    """An owner's display name (escaped), else their role's name: a mention is used once only."""
    return esc(names.get(row.owner) or row.role_name or _("their owner"))


def step_effect(step: StepRow) -> str:
    """`→ *Feature construction* L2, *Feature Engineering* L2` on a unit's last step, else
    `(with `A`, `B`)`: the steps that lift a level together."""
    if step.unlocks:
        return "→ " + _(", ").join(f"*{esc(u.name)}* L{u.level}" for u in step.unlocks)
    ids = _(", ").join(f"`{esc(r)}`" for r in step.with_steps[:WITH_MAX])
    more = len(step.with_steps) - WITH_MAX
    if more > 0:
        return _("(with %(ids)s and %(num)d more)") % {"ids": ids, "num": more}
    return _("(with %(ids)s)") % {"ids": ids}


def step_count(steps: Sequence[StepRow]) -> str:
    """`16 steps: 10 evidence only, 4 practice, 2 to answer`."""
    counts = Counter(step.kind for step in steps)
    kinds = [
        _("%(num)d %(kind)s") % {"num": counts[k], "kind": kind_label(k)}
        for k in KINDS
        if counts[k]
    ]
    return _("%(steps)s: %(kinds)s") % {
        "steps": steps_text(len(steps)),
        "kinds": _(", ").join(kinds),
    }


def steps_text(count: int) -> str:
    """`1 step`, `16 steps`."""
    return ngettext("%(num)d step", "%(num)d steps", count) % {"num": count}


def path_line(path: Path) -> str:
    """`to L2: 3 steps (2 quick wins)`, or `` when nothing blocks it."""
    if not path.steps:
        return ""
    quick = f", {path.quick_wins} :zap:" if path.quick_wins else ""
    return (
        _("to L%(level)d: %(steps)s") % {"level": path.level, "steps": steps_text(len(path.steps))}
        + quick
    )


def plan_text(data: SummaryData, names: Mapping[str, str], mentioned: set[str]) -> str:
    """The channel message's plan: the path to the next level and its first steps; each owner is
    mentioned once (added to `mentioned`), then named."""
    path = data.next_path()
    rows = []
    for step in path.steps[:TOP_STEPS]:
        who = owner_name(step, names) if step.owner in mentioned else mention(step.owner)
        mentioned.add(step.owner)
        short = replace(step, text=clip(step.text, STEP_TEXT_MAX))
        rows.append((short, who, kind_label(step.kind, step.reason), step_effect(step)))
    return render(
        "summary_plan.j2",
        path=path,
        label=level_label(data.framework, path.level, long=True),
        counted=step_count(path.steps),
        quick=path.quick_wins,
        steps=rows,
        rest=_rest(data, path),
    )


def plan_blocks(data: SummaryData, names: Mapping[str, str]) -> list[Block]:
    """The full plan for the thread: a heading per level, each step with its guidance and
    examples, packed into sections within Slack's limits."""
    steps = data.plan.steps
    if not steps:
        return []
    goal = esc(level_label(data.framework, data.plan.plan.goal, long=True))
    lines = [
        _(
            "*The plan toward %(goal)s* (%(steps)s, in order; :zap: quick win: evidence alone "
            "lifts a level)"
        )
        % {"goal": goal, "steps": steps_text(len(steps))}
    ]
    for level, phase in data.plan.phases():
        label = esc(level_label(data.framework, level, long=True))
        lines.append(_("*To reach %(level)s*") % {"level": label})
        lines += [_step(step, names) for step in phase]
    return line_sections(lines)


def _step(step: StepRow, names: Mapping[str, str]) -> str:
    return render(
        "plan_step.j2",
        step=step,
        kind=kind_label(step.kind, step.reason),
        who=owner_name(step, names),
        effect=step_effect(step),
        guidance=clip(" ".join(step.guidance.split()), GUIDANCE_MAX),
        examples=step.examples[:EXAMPLES_MAX],
    )


def _rest(data: SummaryData, path: Path) -> str:
    """What the listed steps leave out, and where to find it."""
    more = len(path.steps) - TOP_STEPS
    total = len(data.plan.steps)
    label = esc(level_label(data.framework, path.level, long=True))
    goal = esc(level_label(data.framework, data.plan.plan.goal, long=True))
    parts = []
    if more > 0:
        parts.append(
            ngettext(
                "…and %(num)d more step to %(level)s",
                "…and %(num)d more steps to %(level)s",
                more,
            )
            % {"num": more, "level": label}
        )
    if total > len(path.steps):
        parts.append(_("%(num)d in all to %(level)s") % {"num": total, "level": goal})
    if not parts:
        return _("The thread has each step with the framework's guidance and good evidence.")
    return _(
        "%(counts)s: the thread has the whole plan, with the framework's guidance and good evidence."
    ) % {"counts": _("; ").join(parts)}
