"""Radar chart PNGs."""

from __future__ import annotations

import struct

import pytest

from bot.charts import radar_png, summary_chart
from bot.summary_data import gather

from .helpers import framework, mixed, view

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _size(png: bytes) -> tuple[int, int]:
    width, height = struct.unpack(">II", png[16:24])  # the IHDR chunk
    return width, height


def test_radar_png_is_a_real_png_of_a_readable_size() -> None:
    png = radar_png(
        ["Demand Analysis", "Model Evaluation and Management", "Data Collection"],
        [1.5, 3.2, 0.0],
        target=3,
        previous=[1.0, None, 0.5],
        level_names=["Basic", "Professional", "Leading", "Excellent", "Pioneering"],
        title="A $mathtext$ title with {braces} and <tags>",  # user text is never mathtext
    )
    assert png.startswith(PNG_SIGNATURE)
    assert len(png) > 20_000
    width, height = _size(png)
    assert width >= 800 and height >= 800


def test_summary_chart_over_the_bundled_framework_with_a_previous_assessment() -> None:
    fw = framework()
    data = gather(view(fw, mixed(fw), previous_id=0), view(fw, mixed(fw, seed=1), id=0))
    png = summary_chart(data)
    assert png.startswith(PNG_SIGNATURE) and len(png) > 50_000


def test_an_empty_assessment_still_charts() -> None:
    assert summary_chart(gather(view(framework(), {}))).startswith(PNG_SIGNATURE)


def test_values_must_match_labels() -> None:
    with pytest.raises(ValueError, match="one current value per label"):
        radar_png(["a", "b", "c"], [1.0, 2.0])
