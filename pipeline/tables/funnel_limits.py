"""Binomial control limits for a funnel plot: where a proportion observed in n falls by chance around a target rate."""

import math

# Two-sided limits: 95% (about 2 standard deviations) and 99.8% (about 3).
LEVELS = {"95": 0.95, "99.8": 0.998}
SPREAD = 9  # standard deviations searched either side of the mean; the mass outside is below 1e-18


def binomial_quantile(n: int, rate: float, probabilities: list[float]) -> list[float]:
    """Interpolated quantiles of Binomial(n, rate) divided by n (Spiegelhalter 2005, Statistics in Medicine 24:1185).

    For each p: r is the smallest count with F(r) >= p, and the limit is (r - a) / n with
    a = (F(r) - p) / (F(r) - F(r - 1)), which makes the limits smooth in n."""
    if n <= 0:
        raise ValueError("n must be positive")
    if not 0 < rate < 1:
        raise ValueError("the target rate must lie strictly between 0 and 1")
    mean, sd = n * rate, math.sqrt(n * rate * (1 - rate))
    low, high = max(0, math.floor(mean - SPREAD * sd - 1)), min(n, math.ceil(mean + SPREAD * sd + 1))
    log_rate, log_rest, log_n = math.log(rate), math.log1p(-rate), math.lgamma(n + 1)
    wanted = sorted(probabilities)
    found, before, cumulative = {}, 0.0, 0.0
    for count in range(low, high + 1):
        cumulative += math.exp(log_n - math.lgamma(count + 1) - math.lgamma(n - count + 1)
                               + count * log_rate + (n - count) * log_rest)
        while wanted and cumulative >= wanted[0]:
            p = wanted.pop(0)
            share = (cumulative - p) / (cumulative - before)
            found[p] = (count - share) / n
        if not wanted:
            break
        before = cumulative
    for p in wanted:  # rounding left the top of the distribution a hair short of p
        found[p] = high / n
    return [max(0.0, found[p]) for p in probabilities]


def control_limits(n: int, rate: float) -> dict[str, float]:
    """The lower and upper limits at each level, as proportions: {"low_95": ..., "high_95": ..., "low_99.8": ...}."""
    tails = [(1 - level) / 2 for level in LEVELS.values()]
    values = binomial_quantile(n, rate, tails + [1 - tail for tail in tails])
    half = len(tails)
    limits = {}
    for index, name in enumerate(LEVELS):
        limits[f"low_{name}"] = values[index]
        limits[f"high_{name}"] = values[half + index]
    return limits


def position(share: float, limits: dict[str, float]) -> str:
    """Where a share lies, in the words the pages use: never a rank."""
    if share > limits["high_99.8"]:
        return "above the 99.8% limits"
    if share < limits["low_99.8"]:
        return "below the 99.8% limits"
    return "within the expected range"
