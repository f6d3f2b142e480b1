"""Radar charts: what the traces mean, readable layout for 3 and 10 items, CJK names."""

from __future__ import annotations

import io
import itertools
import struct
import warnings
from collections.abc import Iterator

import pytest
from matplotlib.figure import Figure
from matplotlib.transforms import Bbox
from PIL import Image

from bot.reporting.chart_fonts import ChartFonts, chart_fonts
from bot.reporting.charts import (
    Goal,
    Previous,
    chart_goal,
    chart_labels,
    png,
    radar_figure,
    radar_png,
    summary_chart,
    summary_figure,
)
from questionnaire.readmodels.summary import gather

from .helpers import CAICT, QUICKCHECK, all_evidence, framework, mixed, staircase, view

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
NO_CJK = chart_fonts(cjk=False)


def _size(png: bytes) -> tuple[int, int]:
    width, height = struct.unpack(">II", png[16:24])  # the IHDR chunk
    return width, height


def test_radar_png_is_a_real_png_of_a_readable_size() -> None:
    png = radar_png(
        ["Demand Analysis", "Model Evaluation and Management", "Data Collection"],
        [1, 3, 0],
        goal=Goal(3, "Target: Level 3 · Leading"),
        previous=Previous([1.0, None, 0.5], "Previous: last year"),
        level_names=["Basic", "Professional", "Leading", "Excellent", "Pioneering"],
        title="A $mathtext$ title with {braces} and <tags>",  # user text is never mathtext
    )
    assert png.startswith(PNG_SIGNATURE)
    width, height = _size(png)
    assert width >= 800 and height >= 800
    with Image.open(io.BytesIO(png)) as image:  # opaque on white, at the figure's resolution
        assert image.mode == "RGB" and image.getpixel((0, 0)) == (255, 255, 255)
        assert image.info["dpi"] == pytest.approx((110, 110), abs=0.1)


def test_the_ring_is_the_target_level_when_set() -> None:
    fw = framework()
    data = gather(view(fw, staircase(fw, 1), evidence_for=all_evidence(fw), target_level=4))
    assert chart_goal(data, NO_CJK) == Goal(4, "Target: Level 4 · Excellent")


def test_without_a_target_the_ring_is_the_next_overall_level() -> None:
    fw = framework()
    data = gather(view(fw, staircase(fw, 2), evidence_for=all_evidence(fw), target_level=None))
    assert chart_goal(data, NO_CJK) == Goal(3, "Next level (no target set): Level 3 · Leading")
    top = gather(view(fw, staircase(fw, 5), evidence_for=all_evidence(fw), target_level=None))
    assert chart_goal(top, NO_CJK) is None  # nothing above the top level


def test_the_level_axis_shows_levels_only_and_labels_carry_progress_as_a_share() -> None:
    fw = framework()
    data = gather(view(fw, staircase(fw, 2), evidence_for=all_evidence(fw)))
    labels = chart_labels(data, NO_CJK)
    # The first item meets levels 1 and 2: its share of the requirements up to Level 3.
    _, first = next(iter(fw.items()))
    levels = [loc.requirement.level for loc in fw.requirements() if loc.item.id == first.id]
    share = round(100 * sum(n <= 2 for n in levels) / sum(n <= 3 for n in levels))
    assert labels[0] == f"{first.name.en}\nL2 · {share}% to L3"
    figure = summary_figure(data, NO_CJK)
    lines = {line.get_label(): line for line in figure.axes[0].get_lines()}
    assert set(lines) == {"Current level", "Target: Level 3 · Leading"}  # no score trace
    assert list(lines["Current level"].get_ydata())[:10] == [2.0] * 10
    assert set(lines["Target: Level 3 · Leading"].get_ydata()) == {3}  # a flat ring


def test_the_previous_assessment_is_a_trace_of_its_levels() -> None:
    fw = framework()
    previous = view(fw, staircase(fw, 1), evidence_for=all_evidence(fw), id=0, name="2025")
    current = view(fw, staircase(fw, 2), evidence_for=all_evidence(fw), previous_id=0)
    figure = summary_figure(gather(current, previous), NO_CJK)
    lines = {line.get_label(): line for line in figure.axes[0].get_lines()}
    assert list(lines["Previous: 2025"].get_ydata())[:10] == [1.0] * 10
    legend = [t.get_text() for t in figure.legends[0].get_texts()]
    assert legend == ["Current level", "Previous: 2025", "Target: Level 3 · Leading"]


def _text_boxes(figure: Figure) -> Iterator[tuple[str, Bbox]]:
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    axes = figure.axes[0]
    for label in axes.get_xticklabels():
        yield label.get_text(), label.get_window_extent(renderer)
    for text in axes.texts:  # the ring names
        yield text.get_text(), text.get_window_extent(renderer)
    yield "legend", figure.legends[0].get_window_extent(renderer)
    yield "title", figure.texts[0].get_window_extent(renderer)


@pytest.mark.parametrize("framework_id", [CAICT, QUICKCHECK])
@pytest.mark.parametrize("locale", ["en", "zh"])
def test_labels_do_not_overlap_and_rings_are_named(framework_id: str, locale: str) -> None:
    fw = framework(framework_id)
    data = gather(view(fw, mixed(fw), evidence_for=all_evidence(fw)), locale=locale)
    figure = summary_figure(data, chart_fonts())
    figure.canvas.draw()
    boxes = list(_text_boxes(figure))
    rings = [text for text, _ in boxes if text[:1].isdigit()]
    assert rings[0] in ("1 Basic", "1 基础级") and len(rings) == 5
    for (a, box_a), (b, box_b) in itertools.combinations(boxes, 2):
        assert not box_a.overlaps(box_b), f"{a!r} overlaps {b!r}"
    width, height = figure.bbox.width, figure.bbox.height
    for text, box in boxes:  # nothing is cut off at the edges
        assert box.x0 >= 0 and box.y0 >= 0 and box.x1 <= width and box.y1 <= height, text


def _zh_data():
    fw = framework(QUICKCHECK)
    return gather(view(fw, mixed(fw), name="欺诈模型 2026", target_level=None), locale="zh")


def test_without_a_cjk_font_zh_names_fall_back_to_english_without_warnings() -> None:
    data = _zh_data()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing glyph is a UserWarning
        png = summary_chart(data, NO_CJK)
    assert png.startswith(PNG_SIGNATURE)
    assert [label.split("\n")[0] for label in chart_labels(data, NO_CJK)] == [
        "Requirements and Planning",
        "Data Preparation and Management",
        "Build and Evaluate Models",
    ]
    assert chart_goal(data, NO_CJK) == Goal(1, "Next level (no target set): Level 1 · Basic")
    figure = summary_figure(data, NO_CJK)
    assert figure.texts[0].get_text() == "Maturity level per capability item"  # name unusable


def test_with_a_cjk_font_zh_names_are_drawn_without_warnings() -> None:
    fonts = chart_fonts()
    if not fonts.has_cjk:
        pytest.skip("no CJK font installed (Debian: fonts-wqy-microhei or fonts-noto-cjk)")
    data = _zh_data()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert summary_chart(data, fonts).startswith(PNG_SIGNATURE)
    english = chart_labels(data, NO_CJK)[0].split("\n")
    level = english[1].split(" · ")[0]  # the item's level, whatever the quick check's answers
    assert english[1] == f"{level} · 100% to L1"  # without a CJK font the chart is all English
    assert chart_labels(data, fonts)[0].split("\n") == [
        "需求与计划",
        f"{level} · 距 L1 已完成 100%",
    ]
    assert "基础级" in (chart_goal(data, fonts) or Goal(0, "")).label
    assert summary_figure(data, fonts).texts[0].get_text().startswith("欺诈模型 2026")


def test_pick_falls_back_and_strips_what_no_font_can_draw() -> None:
    fonts = ChartFonts(("DejaVu Sans",), frozenset(map(ord, "abc ")))
    assert fonts.pick("中文", "abc", "x") == "abc"
    assert fonts.pick("中文", "中 a b") == "a b"
    assert fonts.can_draw("a b\nc") and not fonts.can_draw("abd")


def test_an_empty_assessment_still_charts() -> None:
    assert summary_chart(gather(view(framework(), {}))).startswith(PNG_SIGNATURE)


def test_values_must_match_labels() -> None:
    with pytest.raises(ValueError, match="one current value per label"):
        radar_png(["a", "b", "c"], [1.0, 2.0])


def test_a_chart_is_drawn_once_per_change(monkeypatch: pytest.MonkeyPatch) -> None:
    """The same summary asked again (a preview, then the post; a report) reuses the PNG; a
    changed level draws a new one."""
    from collections import OrderedDict

    import bot.reporting.charts as charts

    drawn: list[int] = []
    real = charts.png

    def counting(figure: Figure) -> bytes:
        drawn.append(1)
        return real(figure)

    monkeypatch.setattr(charts, "png", counting)
    monkeypatch.setattr(charts, "_drawn", OrderedDict())  # none drawn by other tests
    fw = framework()
    data = gather(view(fw, staircase(fw, 2), evidence_for=all_evidence(fw), target_level=4))
    first = summary_chart(data, NO_CJK)
    assert summary_chart(data, NO_CJK) == first and len(drawn) == 1
    changed = gather(view(fw, staircase(fw, 3), evidence_for=all_evidence(fw), target_level=4))
    assert summary_chart(changed, NO_CJK) != first and len(drawn) == 2


def test_a_chart_drawn_on_a_kept_base_is_the_same_png_as_one_drawn_afresh() -> None:
    """radar_png reuses a base figure per shape: what an earlier chart drew on it (another
    previous trace, goal, labels, title) leaves no trace in the next one."""
    levels = ["Basic", "Professional", "Leading", "Excellent", "Pioneering"]
    labels = [f"Item {i}\nL{i % 5} · {10 * i}% to L3" for i in range(10)]
    radar_png(
        [f"Other {i}" for i in range(10)],
        [5.0] * 10,
        goal=Goal(5, "Target: five"),
        previous=Previous([4.0] * 10, "Previous: another"),
        level_names=levels,
        title="Another chart",
        fonts=NO_CJK,
    )
    options = {"goal": Goal(2, "Target: two"), "level_names": levels, "title": "This one"}
    values = [float(i % 4) for i in range(10)]
    afresh = png(radar_figure(labels, values, fonts=NO_CJK, **options))  # type: ignore[arg-type]
    assert radar_png(labels, values, fonts=NO_CJK, **options) == afresh
