"""The chart kinds: each module checks a definition, selects the rows it draws, draws and describes them."""

from . import proportions, stages

KINDS = {"proportions": proportions, "stages": stages}
