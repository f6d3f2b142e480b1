"""Radar charts of capability items as PNG bytes (matplotlib's Agg canvas, no pyplot state)."""

from __future__ import annotations

import io
import math
import textwrap
from collections.abc import Sequence

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.projections.polar import PolarAxes

from .summary_data import SummaryData

CURRENT_COLOUR = "#1264a3"  # Slack blue
PREVIOUS_COLOUR = "#8d8d8d"
TARGET_COLOUR = "#e01e5a"
LABEL_WIDTH = 16  # characters per line of an item label
_LEGEND_ORDER = ("Current", "Previous", "Target")


def radar_png(
    labels: Sequence[str],
    current: Sequence[float],
    target: float | Sequence[float] | None = None,
    previous: Sequence[float | None] | None = None,
    *,
    max_level: int = 5,
    title: str = "Maturity by capability item",
    level_names: Sequence[str] = (),
    dpi: int = 110,
) -> bytes:
    """A radar chart PNG: one axis per label, rings 1..max_level, current/previous/target.

    `target` is one level for every axis or one per axis; `previous` values may be None where
    the previous assessment lacked that item. `level_names[n - 1]` labels ring n.
    """
    if len(current) != len(labels) or not labels:
        raise ValueError("radar_png needs one current value per label, and at least one label")
    count = len(labels)
    angles = [2 * math.pi * i / count for i in range(count)]
    figure = Figure(figsize=(8.6, 8.0), dpi=dpi, facecolor="white")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot(projection="polar")
    assert isinstance(axes, PolarAxes)
    axes.set_theta_offset(math.pi / 2)  # first item at the top, then clockwise
    axes.set_theta_direction(-1)
    axes.set_ylim(0, max_level)
    axes.set_xticks(angles)
    axes.set_xticklabels(
        [textwrap.fill(label, LABEL_WIDTH) for label in labels],
        fontsize=9,
        color="#1d1c1d",
        parse_math=False,
    )
    axes.tick_params(axis="x", pad=14)
    axes.set_yticks(range(1, max_level + 1))
    axes.set_yticklabels([])
    axes.set_rlabel_position(0)
    axes.grid(color="#dddddd", linewidth=0.8)
    axes.spines["polar"].set_color("#bbbbbb")
    _ring_labels(axes, max_level, level_names)

    if target is not None:
        targets = [float(target)] * count if isinstance(target, int | float) else list(target)
        _series(axes, angles, targets, TARGET_COLOUR, "Target", dashed=True)
    if previous is not None and any(v is not None for v in previous):
        _series(axes, angles, [v or 0.0 for v in previous], PREVIOUS_COLOUR, "Previous", fill=0.08)
    _series(axes, angles, [float(v) for v in current], CURRENT_COLOUR, "Current", fill=0.22)

    figure.suptitle(
        textwrap.fill(title, 70),
        fontsize=13,
        fontweight="bold",
        color="#1d1c1d",
        y=0.975,
        parse_math=False,  # user text: `$` must not start mathtext
    )
    handles, names = axes.get_legend_handles_labels()
    order = sorted(range(len(names)), key=lambda i: _LEGEND_ORDER.index(names[i]))
    figure.legend(
        [handles[i] for i in order],
        [names[i] for i in order],
        loc="lower center",
        ncol=len(order),
        frameon=False,
        fontsize=9.5,
    )
    figure.subplots_adjust(left=0.15, right=0.85, top=0.85, bottom=0.13)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, facecolor="white")
    return buffer.getvalue()


def _ring_labels(axes: PolarAxes, max_level: int, level_names: Sequence[str]) -> None:
    """Write `1 Basic`, `2 Professional`, ... along the vertical axis, just above each ring."""
    for level in range(1, max_level + 1):
        name = level_names[level - 1] if level - 1 < len(level_names) else ""
        axes.text(
            -0.06,
            level,
            f"{level} {name}".strip(),
            fontsize=7.5,
            color="#616061",
            ha="right",
            va="bottom",
            bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none"},
            parse_math=False,
        )


def _series(
    axes: PolarAxes,
    angles: list[float],
    values: list[float],
    colour: str,
    label: str,
    *,
    fill: float = 0.0,
    dashed: bool = False,
) -> None:
    """One closed polygon with markers (and a translucent fill)."""
    closed_angles = [*angles, angles[0]]
    closed_values = [*values, values[0]]
    axes.plot(
        closed_angles,
        closed_values,
        color=colour,
        linewidth=2 if not dashed else 1.6,
        linestyle="--" if dashed else "-",
        marker=None if dashed else "o",
        markersize=4,
        label=label,
    )
    if fill:
        axes.fill(closed_angles, closed_values, color=colour, alpha=fill)


def summary_chart(data: SummaryData) -> bytes:
    """The radar of an assessment's items: current score, target level, previous score."""
    previous = data.previous_result
    previous_scores: list[float | None] | None = None
    if previous is not None:
        known = {node.id: node.score for node in previous.items}
        previous_scores = [known.get(item.id) for item in data.items]
    return radar_png(
        [item.name for item in data.items],
        [item.score for item in data.items],
        target=data.assessment.target_level,
        previous=previous_scores,
        max_level=data.framework.max_level,
        title=f"{data.assessment.name}: score per capability item",
        level_names=[level.name.get(data.locale) for level in data.framework.levels],
    )
