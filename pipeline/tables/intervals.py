"""Confidence intervals for proportions: the 95% Wilson score interval."""

import math

Z95 = 1.959963984540054


def wilson(proportion: float, n: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval for a proportion observed in a sample of n."""
    if n <= 0:
        raise ValueError("n must be positive")
    if not 0 <= proportion <= 1:
        raise ValueError("a proportion lies between 0 and 1")
    z2 = z * z
    centre = (proportion + z2 / (2 * n)) / (1 + z2 / n)
    half_width = z / (1 + z2 / n) * math.sqrt(proportion * (1 - proportion) / n + z2 / (4 * n * n))
    low = 0.0 if proportion == 0 else max(0.0, centre - half_width)
    high = 1.0 if proportion == 1 else min(1.0, centre + half_width)
    return low, high
