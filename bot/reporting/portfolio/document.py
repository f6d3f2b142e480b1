"""What a portfolio report shows: the portfolio, when it was made, and an optional benchmark."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.i18n import _
from questionnaire.readmodels.benchmark import OVERALL, Benchmark, percentiles
from questionnaire.readmodels.portfolio import Portfolio, ProjectRow

# Heat colours by level (0: below level 1), shared by the HTML/PDF cells and the Slack squares.
HEAT = ("#d9d9d9", "#e8625c", "#f0a04b", "#f2d15c", "#6cc08b", "#4a90d9")


@dataclass(frozen=True, slots=True)
class PortfolioReport:
    """A portfolio as a report renders it, with percentiles when a benchmark is given."""

    portfolio: Portfolio
    generated_at: datetime | None = None
    benchmark: Benchmark | None = None

    def percentiles(self, row: ProjectRow) -> dict[str, int | None]:
        """The row's percentile per item id and `overall`, or {} without a benchmark."""
        return percentiles(row, self.benchmark) if self.benchmark else {}

    @property
    def overall_key(self) -> str:
        """The key of the overall level in `percentiles`."""
        return OVERALL

    def level_name(self, level: int) -> str:
        """`Professional`, or `Below level 1` for 0."""
        if level < 1:
            return _("Below level 1")
        return self.portfolio.framework.level(level).name.get(self.portfolio.locale)

    def levels(self) -> list[int]:
        """0 and every level of the framework: the heatmap's legend."""
        return [0, *(level.number for level in self.portfolio.framework.levels)]


def heat(level: int) -> str:
    """The heat colour of a level (the last one for any level above five)."""
    return HEAT[max(0, min(level, len(HEAT) - 1))]
