"""The `/maturity portfolio` message: every project's latest levels as a row of coloured cells."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.blocks.common import Block, context, header, line_sections, message
from bot.i18n import _, ngettext
from bot.i18n.terms import level_name
from bot.slack.mrkdwn import esc
from questionnaire.readmodels.portfolio import Portfolio, ProjectRow
from questionnaire.readmodels.summary import trend

# One square per level, 0 (below level 1) to 5; any higher level shares the last colour.
SQUARES = ("⬜", "🟥", "🟧", "🟨", "🟩", "🟦", "🟪")
NOT_IN_SCOPE_CELL = "➖"  # an item of a module the assessment left out of scope
PROJECTS_SHOWN = 40  # about 250 characters each: a few sections, far below 50 blocks


def square(level: int) -> str:
    """The coloured square of a level."""
    return SQUARES[max(0, min(level, len(SQUARES) - 1))]


def project_line(row: ProjectRow, columns: Sequence[str] = ()) -> str:
    """`*Churn* · overall 🟨*3* ▲1 (target 3) · Spring review, 2026-03-19`, a line of cells and
    a blank line; with `columns` (item ids) a cell per column, ➖ for an item not in scope."""
    state = "_" + _("provisional") + "_" if row.provisional else row.date.date().isoformat()
    target = _(" (target %(level)d)") % {"level": row.target_level} if row.target_level else ""
    order = columns or tuple(row.items)
    cells = " ".join(
        f"{square(level)}{level}{trend(row.item_changes.get(item_id), 0)}"
        if (level := row.items.get(item_id)) is not None
        else NOT_IN_SCOPE_CELL
        for item_id in order
        if item_id in row.items or item_id in row.not_in_scope
    )
    overall = f"{square(row.overall_level)}*{row.overall_level}*{trend(row.overall_change, 0)}"
    line = _("*%(project)s* · overall %(overall)s%(target)s · %(assessment)s, %(state)s") % {
        "project": esc(row.project),
        "overall": overall,
        "target": target,
        "assessment": esc(row.assessment),
        "state": state,
    }
    return f"{line}\n{cells}\n"


def portfolio_message(portfolio: Portfolio, *, shown: int = PROJECTS_SHOWN) -> dict[str, Any]:
    """The portfolio as one message: a legend, then each project (the first `shown`)."""
    fw = portfolio.framework
    rows = portfolio.projects
    below = _("below 1")
    levels = " ".join(
        f"{square(n)}{n} {esc(level_name(fw, n)) if n else below}"
        for n in (0, *(level.number for level in fw.levels))
    )
    items = _(", ").join(f"`{c.id}` {esc(c.name)}" for c in portfolio.columns)
    columns = [c.id for c in portfolio.columns]
    if any(row.not_in_scope for row in rows):
        items += f" · {NOT_IN_SCOPE_CELL} " + _("not in scope")
    projects = ngettext("%(num)d project", "%(num)d projects", len(rows)) % {"num": len(rows)}
    title = _("Portfolio: %(title)s") % {"title": portfolio.title}
    blocks: list[Block] = [
        header(title),
        context(
            _(
                "%(projects)s, each by its latest assessment. Levels: %(levels)s. ▲/▼ since "
                "the project's previous assessment; _provisional_: still open."
            )
            % {"projects": projects, "levels": levels}
        ),
        context(_("Cells in item order: %(items)s") % {"items": items}),
        *line_sections([project_line(row, columns) for row in rows[:shown]]),
    ]
    if len(rows) > shown:
        blocks.append(
            context(
                _(
                    "…and %(num)d more: see the report "
                    "(`maturity-bot report --portfolio --format html`)."
                )
                % {"num": len(rows) - shown}
            )
        )
    return message(f"{esc(title)} · {projects}", blocks)
