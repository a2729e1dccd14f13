"""The GRIM test: can a percentage printed to a given precision be k out of n people for some whole k?"""

import math
import re

PRINTED_PERCENT = re.compile(r"(\d+)(?:\.(\d+))?\s*(?:%|per\s*cent|percent)")


def printed_decimals(wording: str) -> int | None:
    """How many decimals a percentage is printed with ("19.6 per cent" is 1), or None when it is not in digits."""
    match = PRINTED_PERCENT.search(" ".join(str(wording).lower().split()))
    return None if match is None else len(match.group(2) or "")


def reachable(proportion: float, n: int, decimals: int) -> bool:
    """True when some k/n, rounded to the printed precision of a percentage, gives the proportion."""
    half_step = 0.5 * 10 ** -(decimals + 2) + 1e-9
    nearest = round(proportion * n)
    return any(abs(k / n - proportion) <= half_step for k in (nearest - 1, nearest, nearest + 1) if 0 <= k <= n)


def fails(wording: str, proportion, n, qualifier: str) -> bool:
    """True when an exact percentage printed in digits cannot come from any whole number of its n."""
    decimals = printed_decimals(wording)
    if decimals is None or qualifier != "exactly" or proportion is None or n is None:
        return False
    try:
        share, size = float(proportion), int(n)
    except (TypeError, ValueError):
        return False
    if math.isnan(share) or size < 1:
        return False
    return not reachable(share, size, decimals)
