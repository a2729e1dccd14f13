"""The chart kinds: each module checks a definition, selects the rows it draws, draws and describes them."""

from pipeline.charts.kinds import (
    bars,
    control_limits,
    funnel,
    interval_dots,
    outcome_groups,
    proportions,
    rate_points,
    stages,
    time_series,
)

KINDS = {"proportions": proportions, "stages": stages, "funnel": funnel, "bars": bars, "time-series": time_series,
         "outcome-groups": outcome_groups, "control-limits": control_limits, "interval-dots": interval_dots,
         "rate-points": rate_points}
