"""Radar charts of capability items as PNG bytes (matplotlib's Agg canvas, no pyplot state).

The summary chart plots maturity levels only, the scale its named rings show: the current level
per item (filled), the previous assessment's level per item when this one continues it (grey),
and the goal as a flat dashed ring: the assessment's target level when one is set, else the next
overall level (the level the summary's plan leads to). Partial progress is never drawn on the
level axis: each item's label gives its level and, as text on its own scale, the share of the
requirements up to the goal that are met.
"""

from __future__ import annotations

import io
import math
import textwrap
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bot.blocks.summary import percent
from bot.i18n import _, current_locale, speaking
from bot.i18n.terms import level_label
from bot.reporting.chart_fonts import ChartFonts, chart_fonts
from bot.slack.mrkdwn import clip
from questionnaire.readmodels.summary import NodeRow, SummaryData

if TYPE_CHECKING:  # matplotlib (and numpy) load when a chart is drawn, not when the bot starts
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.projections.polar import PolarAxes

CURRENT_COLOUR = "#1264a3"  # Slack blue
PREVIOUS_COLOUR = "#7a7a7a"
TARGET_COLOUR = "#e01e5a"
TEXT_COLOUR = "#1d1c1d"
LABEL_WIDTH = 18  # characters per line of an item label (CJK labels wrap at half of it)
RING_POINTS = 240  # a target ring is a circle like the grid, not a polygon
PREVIOUS_NAME_MAX = 40  # characters of the previous assessment's name in the legend
PNG_COMPRESSION = 3


@dataclass(frozen=True, slots=True)
class Goal:
    """The dashed ring: a level and what the legend calls it."""

    level: float
    label: str


@dataclass(frozen=True, slots=True)
class Previous:
    """The previous assessment's values (None where it lacked the item) and legend label."""

    values: Sequence[float | None]
    label: str


def radar_png(labels: Sequence[str], current: Sequence[float], **options: Any) -> bytes:
    """A radar chart PNG (see `radar_figure` for the options), drawn on a kept base figure
    (axes, rings and their names are built once per shape): the same pixels, a fraction of
    the time."""
    _check(labels, current)
    fonts = options.pop("fonts", None) or chart_fonts()
    shape = _Shape.of(len(labels), fonts, options)
    figure = _take_base(shape)
    try:
        _draw(figure, labels, current, fonts, **options)
        return png(figure)
    finally:
        _clear(figure)
        _give_back(shape, figure)


def png(figure: Figure) -> bytes:
    """The figure as PNG bytes: opaque RGB (every chart has a white background, so an alpha
    channel only costs a quarter more to encode), zlib level 3 (as small a file as the default
    6, in half the time)."""
    from PIL import Image

    pixels = io.BytesIO()
    figure.savefig(pixels, format="raw", dpi=figure.dpi, facecolor="white")  # RGBA
    size = figure.canvas.get_width_height()
    image = Image.frombuffer("RGBA", size, pixels.getvalue(), "raw", "RGBA", 0, 1)
    buffer = io.BytesIO()
    dpi = round(figure.dpi)
    image.convert("RGB").save(buffer, format="png", dpi=(dpi, dpi), compress_level=PNG_COMPRESSION)
    return buffer.getvalue()


def radar_figure(
    labels: Sequence[str],
    current: Sequence[float],
    *,
    goal: Goal | None = None,
    previous: Previous | None = None,
    current_label: str = "",
    max_level: int = 5,
    title: str = "",
    level_names: Sequence[str] = (),
    fonts: ChartFonts | None = None,
    dpi: int = 110,
) -> Figure:
    """A radar chart: one axis per label, rings 1..max_level named `level_names[n - 1]`.

    Callers pass text `fonts` can draw (see `ChartFonts.pick`); matplotlib warns about the rest.
    """
    _check(labels, current)
    fonts = fonts or chart_fonts()
    options = {"max_level": max_level, "level_names": level_names, "dpi": dpi}
    figure = _base(_Shape.of(len(labels), fonts, options))
    _draw(
        figure,
        labels,
        current,
        fonts,
        goal=goal,
        previous=previous,
        current_label=current_label,
        title=title,
    )
    return figure


def _check(labels: Sequence[str], current: Sequence[float]) -> None:
    if len(current) != len(labels) or not labels:
        raise ValueError("radar_png needs one current value per label, and at least one label")


@dataclass(frozen=True, slots=True)
class _Shape:
    """What a chart's base figure depends on: its axes, rings and ring names."""

    count: int
    max_level: int
    level_names: tuple[str, ...]
    families: tuple[str, ...]
    dpi: int

    @classmethod
    def of(cls, count: int, fonts: ChartFonts, options: dict[str, Any]) -> _Shape:
        """The shape for `count` items; takes the shape's own keys out of `options`."""
        return cls(
            count,
            options.pop("max_level", 5),
            tuple(options.pop("level_names", ())),
            tuple(fonts.families),
            options.pop("dpi", 110),
        )


BASES_KEPT = 8  # shapes (item count, levels, fonts) whose base figure is kept
_bases: OrderedDict[_Shape, list[Figure]] = OrderedDict()
_bases_lock = threading.Lock()


def _take_base(shape: _Shape) -> Figure:
    """A kept base figure of this shape (each in use by one thread at a time), else a new one."""
    with _bases_lock:
        kept = _bases.get(shape)
        if kept:
            _bases.move_to_end(shape)
            return kept.pop()
    return _base(shape)


def _give_back(shape: _Shape, figure: Figure) -> None:
    with _bases_lock:
        _bases.setdefault(shape, []).append(figure)
        _bases.move_to_end(shape)
        while len(_bases) > BASES_KEPT:
            _bases.popitem(last=False)


def _base(shape: _Shape) -> Figure:
    """The figure without its data: the polar axes, their ticks, grid and named rings."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.projections.polar import PolarAxes

    count = shape.count
    figure = Figure(figsize=(9.0, 8.4), dpi=shape.dpi, facecolor="white")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot(projection="polar")
    assert isinstance(axes, PolarAxes)
    axes.set_theta_offset(math.pi / 2)  # first item at the top, then clockwise
    axes.set_theta_direction(-1)
    axes.set_ylim(0, shape.max_level)
    axes.set_xticks(_angles(count))
    axes.tick_params(axis="x", pad=16 if count > 6 else 22)
    axes.set_yticks(range(1, shape.max_level + 1))
    axes.set_yticklabels([])
    axes.grid(color="#dddddd", linewidth=0.8)
    axes.spines["polar"].set_color("#bbbbbb")
    _ring_labels(axes, count, shape.max_level, shape.level_names, list(shape.families))
    figure.subplots_adjust(left=0.16, right=0.84, top=0.85, bottom=0.15)
    return figure


def _angles(count: int) -> list[float]:
    return [2 * math.pi * i / count for i in range(count)]


def _draw(
    figure: Figure,
    labels: Sequence[str],
    current: Sequence[float],
    fonts: ChartFonts,
    *,
    goal: Goal | None = None,
    previous: Previous | None = None,
    current_label: str = "",
    title: str = "",
) -> None:
    """The data on a base figure: item labels, traces, title and legend."""
    from matplotlib.font_manager import FontProperties

    (axes,) = figure.axes
    current_label = current_label or _("Current level")
    title = title or _("Maturity level by capability item")
    family = list(fonts.families)
    count = len(labels)
    angles = _angles(count)
    axes.set_xticklabels(
        [_wrap(label) for label in labels],
        fontsize=9 if count > 6 else 10,
        color=TEXT_COLOUR,
        fontfamily=family,
        parse_math=False,
    )
    if previous is not None and any(v is not None for v in previous.values):
        values = [math.nan if v is None else float(v) for v in previous.values]
        _polygon(axes, angles, values, PREVIOUS_COLOUR, previous.label, width=1.5, marker="s")
    if goal is not None:
        ring = [2 * math.pi * i / RING_POINTS for i in range(RING_POINTS + 1)]
        axes.plot(
            ring,
            [goal.level] * len(ring),
            color=TARGET_COLOUR,
            linewidth=1.6,
            linestyle="--",
            label=goal.label,
        )
    _polygon(axes, angles, [float(v) for v in current], CURRENT_COLOUR, current_label, fill=0.22)

    title_family, weight = fonts.bold_family(title)
    figure.suptitle(
        textwrap.fill(title, 70),
        fontsize=13,
        fontweight=weight,
        color=TEXT_COLOUR,
        fontfamily=title_family,
        y=0.975,
        parse_math=False,  # user text: `$` must not start mathtext
    )
    handles, names = axes.get_legend_handles_labels()
    order = [names.index(current_label)] if current_label in names else []
    order += [i for i, n in enumerate(names) if n != current_label]  # then previous, then goal
    figure.legend(
        [handles[i] for i in order],
        [names[i] for i in order],
        loc="lower center",
        ncol=len(order) if len(order) <= 3 else 2,
        frameon=False,
        prop=FontProperties(family=family, size=9.5),
    )


def _clear(figure: Figure) -> None:
    """Take `_draw`'s data off the figure again, leaving its base."""
    (axes,) = figure.axes
    for artist in [*axes.lines, *axes.patches, *figure.legends]:
        artist.remove()
    axes.relim()


def _wrap(label: str) -> str:
    """Wrap long labels; CJK characters are twice as wide and have no spaces to break at."""
    wide = sum(1 for ch in label if ord(ch) >= 0x2E80)
    width = LABEL_WIDTH // 2 if wide > len(label) / 2 else LABEL_WIDTH
    return "\n".join(textwrap.fill(line, width) for line in label.splitlines())


def _ring_labels(
    axes: PolarAxes, count: int, max_level: int, level_names: Sequence[str], family: list[str]
) -> None:
    """`1 Basic`, `2 Professional`, ... on each ring, between the last and the first item's
    axes (where no data point sits)."""
    angle = 2 * math.pi - math.pi / count
    for level in range(1, max_level + 1):
        name = level_names[level - 1] if level - 1 < len(level_names) else ""
        axes.text(
            angle,
            level,
            f"{level} {name}".strip(),
            fontsize=7.5,
            color="#616061",
            fontfamily=family,
            ha="center",
            va="center",
            bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none"},
            parse_math=False,
            zorder=5,  # above the traces: a ring's name stays readable
        )


def _polygon(
    axes: Axes,
    angles: list[float],
    values: list[float],
    colour: str,
    label: str,
    *,
    fill: float = 0.0,
    width: float = 2.2,
    marker: str = "o",
) -> None:
    """One closed polygon with markers (and a translucent fill); NaN values leave a gap."""
    closed_angles = [*angles, angles[0]]
    closed_values = [*values, values[0]]
    axes.plot(
        closed_angles,
        closed_values,
        color=colour,
        linewidth=width,
        marker=marker or None,
        linestyle="-",
        markersize=4.5,
        label=label,
        zorder=3,
    )
    if fill:
        axes.fill(closed_angles, closed_values, color=colour, alpha=fill, zorder=2)


def chart_goal(data: SummaryData, fonts: ChartFonts) -> Goal | None:
    """The dashed ring: the target level when set, else the next overall level (none at the top)."""
    with speaking(chart_language(data, fonts)):
        return _chart_goal(data, fonts)


def _chart_goal(data: SummaryData, fonts: ChartFonts) -> Goal | None:
    target = data.assessment.target_level
    if target is not None:
        return Goal(target, _("Target: %(level)s") % {"level": _level_text(data, target, fonts)})
    if data.overall.level >= data.framework.max_level:
        return None
    label = _("Next level (no target set): %(level)s")
    return Goal(data.goal, label % {"level": _level_text(data, data.goal, fonts)})


def chart_caption(data: SummaryData) -> str:
    """What the chart's traces are, in words (for alt text and captions; no user text), in the
    summary's language."""
    with speaking(data.locale):
        return _chart_caption(data)


def _chart_caption(data: SummaryData) -> str:
    fw = data.framework
    goal = {"level": level_label(fw, data.goal, long=True)}
    parts = [
        _("Filled: the current maturity level of each capability item"),
        _("each label: its level and the share of its requirements up to %(level)s that are met")
        % goal,
    ]
    if data.previous_result is not None:
        parts.append(_("grey: the previous assessment's levels"))
    left_out = [row.name for row in data.domains if not row.in_scope]
    if left_out:
        parts.append(
            _("not in scope, so not drawn: %(domains)s") % {"domains": _(", ").join(left_out)}
        )
    target = data.assessment.target_level
    if target is not None:
        target_text = {"level": level_label(fw, target, long=True)}
        parts.append(_("dashed ring: the target, %(level)s") % target_text)
    elif data.overall.level < fw.max_level:
        parts.append(_("dashed ring: the next level, %(level)s") % goal)
    return _("%(parts)s.") % {"parts": _("; ").join(parts)}


def chart_labels(data: SummaryData, fonts: ChartFonts) -> list[str]:
    """Each item's name (in the summary's locale when the fonts can draw it, else English, else
    its id), with its level and its progress toward the goal (a percentage, not a level)."""
    with speaking(chart_language(data, fonts)):
        return _chart_labels(data, fonts)


def _chart_labels(data: SummaryData, fonts: ChartFonts) -> list[str]:
    items = {item.id: item for _domain, item in data.framework.items()}
    labels = []
    for row in drawn_items(data):
        name = items[row.id].name
        text = fonts.pick(name.get(current_locale()), name.get("en"), row.id)
        values = {"level": row.level, "share": percent(row.progress.share), "goal": data.goal}
        labels.append(f"{text}\n" + _("L%(level)d · %(share)s to L%(goal)d") % values)
    return labels


def _level_text(data: SummaryData, level: int, fonts: ChartFonts) -> str:
    return fonts.pick(level_label(data.framework, level, long=True))


def chart_language(data: SummaryData, fonts: ChartFonts) -> str:
    """The language the chart is drawn in: the summary's when the fonts can draw it (a CJK font
    is installed for Chinese), else English, so no text turns into boxes."""
    with speaking(data.locale) as language:
        sample = _("Maturity level per capability item") + data.framework.title.get(language)
        return language if fonts.can_draw(sample) else "en"


CHARTS_KEPT = 32  # summary charts kept drawn: a summary posted again reuses its PNG


_drawn: OrderedDict[str, bytes] = OrderedDict()
_drawn_lock = threading.Lock()


def summary_chart(data: SummaryData, fonts: ChartFonts | None = None) -> bytes:
    """The radar PNG of an assessment's items: current level, previous level, goal. Drawn once
    per change: the same chart asked again (a preview, then the post; a report) is reused."""
    fonts = fonts or chart_fonts()
    with speaking(chart_language(data, fonts)):
        arguments = summary_arguments(data, fonts)
    key = repr((arguments, fonts.families))
    with _drawn_lock:
        if key in _drawn:
            _drawn.move_to_end(key)
            return _drawn[key]
    drawn = radar_png(*arguments[0], **arguments[1], fonts=fonts)
    with _drawn_lock:
        _drawn[key] = drawn
        while len(_drawn) > CHARTS_KEPT:
            _drawn.popitem(last=False)
    return drawn


def summary_figure(data: SummaryData, fonts: ChartFonts | None = None) -> Figure:
    """The radar figure of an assessment's items (see the module docstring for its traces)."""
    fonts = fonts or chart_fonts()
    with speaking(chart_language(data, fonts)):
        positional, options = summary_arguments(data, fonts)
        return radar_figure(*positional, **options, fonts=fonts)


def summary_arguments(
    data: SummaryData, fonts: ChartFonts
) -> tuple[tuple[list[str], list[int]], dict[str, Any]]:
    """What the summary chart draws, as `radar_figure`'s arguments (all that its PNG depends on
    besides the fonts)."""
    previous = None
    if data.previous_result is not None and data.previous is not None:
        known = {n.id: n.level for n in data.previous_result.items if n.in_scope}
        name = clip(fonts.pick(data.previous.name, _("previous assessment")), PREVIOUS_NAME_MAX)
        label = _("Previous: %(name)s") % {"name": name}
        previous = Previous([known.get(item.id) for item in drawn_items(data)], label)
    levels = data.framework.levels
    locale = current_locale()
    options: dict[str, Any] = {
        "goal": _chart_goal(data, fonts),
        "previous": previous,
        "max_level": data.framework.max_level,
        "title": fonts.pick(
            _("%(name)s: maturity level per capability item") % {"name": data.assessment.name},
            _("Maturity level per capability item"),
        ),
        "current_label": _("Current level"),
        "level_names": [fonts.pick(lv.name.get(locale), lv.name.get("en")) for lv in levels],
    }
    return (_chart_labels(data, fonts), [item.level for item in drawn_items(data)]), options


def drawn_items(data: SummaryData) -> tuple[NodeRow, ...]:
    """The items the chart draws: those in scope (a module out of scope has no level to draw)."""
    return tuple(item for item in data.items if item.in_scope)
