"""How numbers are written on the site: percentages, intervals, bases and qualifiers."""

import re

import pandas as pd

QUALIFIER_WORDS = {"approximately": "about", "at least": "at least", "at most": "at most", "exactly": ""}


def places(value) -> int:
    """The decimal places a proportion needs as a percentage on its own: none when whole, one otherwise, and two
    significant figures under 1%."""
    share = abs(float(value) * 100)
    if share != 0 and share < 1:
        significant = f"{share:.2g}"
        return len(significant.split(".")[1]) if "." in significant else 0
    return 0 if abs(share - round(share)) < 0.05 else 1


def shared_places(*values) -> int:
    """The decimal places that write several proportions at one precision: the most any of them needs alone."""
    return max(places(value) for value in values if value is not None and not pd.isna(value))


def percent(value, decimals: int | None = None) -> str:
    """A proportion as a percentage: to the given decimal places, else with a decimal only where it matters."""
    if value is None or pd.isna(value):
        return "n/a"
    return f"{float(value) * 100:.{places(value) if decimals is None else decimals}f}%"


SMALLEST_AT_ONE_DECIMAL = 0.0005  # a share under this (0.05%) would be written 0.0% at one decimal place


def percents_at_one_precision(values) -> list[str]:
    """Every percentage one chart writes on its marks, at one precision, so no label reads "12%" beside "12.3%".

    The rule, from the data: one decimal place for every share when any share needs one on its own (places() > 0,
    which a share under 1% always does), none when every share is whole. Never more than one: a share above zero that
    one decimal would write as 0.0% is written "<0.1%", so it is neither shown as nothing nor given places of its own.
    Missing values are written "n/a"."""
    given = [float(value) for value in values if value is not None and not pd.isna(value)]
    decimals = min(1, max((places(value) for value in given), default=0))
    texts = []
    for value in values:
        if value is None or pd.isna(value):
            texts.append("n/a")
        elif decimals and 0 < abs(float(value)) < SMALLEST_AT_ONE_DECIMAL:
            texts.append("<0.1%")
        else:
            texts.append(percent(value, decimals))
    return texts


def qualified_percent(value, qualifier: str) -> str:
    """'about 67%', 'at least 75%', '60%'."""
    words = QUALIFIER_WORDS.get(qualifier, "")
    # a fraction in words ("two-thirds", "one in seven") is about a whole percent; a small share keeps its decimal, or
    # "About 1.3%" would be drawn as "about 1%"
    if qualifier == "approximately" and value is not None and not pd.isna(value) and float(value) >= 0.1:
        return f"{words} {float(value) * 100:.0f}%"
    return f"{words} {percent(value)}".strip()


def interval(low, high, estimate=None) -> str | None:
    """'58.5% to 74.0%': both ends at one precision, at least that of the estimate they bracket; None when there is
    no interval."""
    if low is None or pd.isna(low) or pd.isna(high):
        return None
    decimals = shared_places(low, high, estimate)
    return f"{percent(low, decimals)} to {percent(high, decimals)}"


def estimate_and_interval(estimate, low, high) -> tuple[str, str | None]:
    """A computed share and its interval, all three numbers at one precision: ('15.0%', '13.0% to 19.2%')."""
    if low is None or pd.isna(low) or pd.isna(high):
        return percent(estimate), None
    return percent(estimate, shared_places(estimate, low, high)), interval(low, high, estimate)


def interval_text(low, high, basis, is_share: bool, grim_failed: bool, estimate=None) -> str:
    """A figure's interval in words: the range (at the estimate's precision or finer), marked indicative where n is
    inferred, or why there is none."""
    spread = interval(low, high, estimate)
    if spread:
        return spread + (f" ({basis})" if isinstance(basis, str) and basis.startswith("indicative") else "")
    if not is_share:
        return "not applicable to a count or a change"
    if grim_failed:
        return "none: the inferred sample size fails the GRIM test, so it cannot be this figure's n"
    return "none: the sample size is not known"


def grim_text(wording, n) -> str:
    """Why a figure failed the GRIM test, in words."""
    return (f"No whole number out of n = {int(n):,} gives {wording} at the precision printed (the GRIM test), "
            "so the percentage or the n is wrong.")


def base_n(n, status: str) -> str:
    """'n = 140 (approximate)', or a plain statement that n is unknown."""
    if n is None or pd.isna(n):
        return "n not known"
    return f"n = {int(n):,} ({status})"


def count(value) -> str:
    return "n/a" if value is None or pd.isna(value) else f"{int(value):,}"


def change(value, qualifier: str) -> str:
    """A change as a multiple: 'at least ×2', '×0.87 (a 13% fall)'."""
    words = QUALIFIER_WORDS.get(qualifier, "")
    factor = float(value)
    direction = f"a {abs(factor - 1) * 100:.0f}% {'rise' if factor >= 1 else 'fall'}"
    return f"{words} ×{factor:g} ({direction})".strip()


def figure_value(proportion, count_value, change_value, qualifier: str) -> str:
    """A figure's value as pages and chart tables print it: a share, a change or a count, with its qualifier."""
    if proportion is not None:
        return qualified_percent(proportion, qualifier)
    if change_value is not None:
        return change(change_value, qualifier)
    return f"{QUALIFIER_WORDS.get(qualifier, '')} {count(count_value)}".strip()


PERCENT_IN_FIGURES = re.compile(r"\d\s*(%|per\s?cent)")


def states_its_value(wording: str, qualifier: str) -> bool:
    """True when the wording already shows the number ("40 per cent", "19.6%"), so repeating it adds nothing; also
    when it shows it in figures with its own qualifying words ("About 1.3%", "More than 60%"): repeated, the number
    would be rounded again or qualified twice ("About 1.3% (about 1%)")."""
    lowered = wording.lower()
    percent_words = "%" in lowered or "per cent" in lowered or "percent" in lowered
    return (qualifier == "exactly" and percent_words) or bool(PERCENT_IN_FIGURES.search(lowered))


def _given(value):
    return None if value is None or (not isinstance(value, str) and pd.isna(value)) else value


def figure_texts(figure) -> dict:
    """Everything a figure shows in words, worded once for cards, chart tables, charts and downloads alike."""
    proportion, count_value = _given(figure["proportion"]), _given(figure["count"])
    low, high = _given(figure["ci_low"]), _given(figure["ci_high"])
    grim_failed = bool(_given(figure.get("grim_fails")))
    spread = interval_text(low, high, _given(figure.get("interval_basis")), proportion is not None, grim_failed, proportion)
    if low is not None and figure["qualifier"] in ("at least", "at most"):
        spread += " (around a bound)"
    return {
        "value_text": figure_value(proportion, count_value, _given(figure.get("change")), figure["qualifier"]),
        "interval_text": spread,
        "n_text": base_n(_given(figure["base_n"]), figure["base_n_status"]),
        "value_in_wording": states_its_value(str(figure["wording"]), str(figure["qualifier"])),
        "grim_text": grim_text(figure["wording"], figure["base_n"]) if grim_failed else None,
    }
