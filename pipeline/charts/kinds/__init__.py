"""The chart kinds: each module checks a definition, selects the rows it draws, draws and describes them."""

from pipeline.charts.kinds import bars, funnel, proportions, stages, time_series

KINDS = {"proportions": proportions, "stages": stages, "funnel": funnel, "bars": bars, "time-series": time_series}
