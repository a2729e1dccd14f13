"""Published wording to number and qualifier: "two-thirds", "more than three-quarters", "60 per cent"."""

import re
from dataclasses import dataclass

APPROXIMATELY, AT_LEAST, AT_MOST, EXACTLY = "approximately", "at least", "at most", "exactly"

NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "twenty": 20, "hundred": 100, "a hundred": 100, "one hundred": 100,
}
DENOMINATOR_WORDS = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4,
    "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6, "seventh": 7, "sevenths": 7,
    "eighth": 8, "eighths": 8, "ninth": 9, "ninths": 9, "tenth": 10, "tenths": 10,
}
# Words before a number that make it a bound or an approximation; "only" and "just" add nothing.
MODIFIERS = [
    ("more than", AT_LEAST), ("over", AT_LEAST), ("above", AT_LEAST), ("at least", AT_LEAST),
    ("upwards of", AT_LEAST),
    ("almost", AT_MOST), ("nearly", AT_MOST), ("just under", AT_MOST), ("less than", AT_MOST),
    ("fewer than", AT_MOST), ("under", AT_MOST), ("up to", AT_MOST), ("not quite", AT_MOST),
    ("about", APPROXIMATELY), ("around", APPROXIMATELY), ("approximately", APPROXIMATELY),
    ("roughly", APPROXIMATELY), ("some", APPROXIMATELY), ("an estimated", APPROXIMATELY),
]
FILLER = ("only", "just", "as high as", "as many as", "as few as")
ROUND_FROM = 10_000
MAGNITUDES = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}

PERCENT = re.compile(r"^(\d+(?:\.\d+)?|[a-z]+)\s*(?:%|per\s*cent|percent)$")
CHANGE_PERCENT = re.compile(r"^(?:a |an )?(.+?)\s+(increase|rise|decrease|fall|drop|reduction)$")
CHANGE_OF = re.compile(r"^(?:a |an )?(increase|rise|decrease|fall|drop|reduction) of (.+)$")
MULTIPLE = re.compile(r"^([a-z]+|\d+(?:\.\d+)?) times(?: as many)?$")
MULTIPLE_WORDS = {"double": 2, "doubled": 2, "treble": 3, "trebled": 3, "triple": 3, "tripled": 3, "quadrupled": 4}
DOWNWARD = {"decrease", "fall", "drop", "reduction"}
RATIO = re.compile(r"^([a-z]+|\d+)[\s-]+(?:in|out[\s-]+of)[\s-]+([a-z]+|\d+)$")
FRACTION = re.compile(r"^([a-z]+)[\s-]+([a-z]+)$")
COUNT = re.compile(r"^(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s+(thousand|million|billion))?$")


class WordingError(ValueError):
    """The wording is not one this module can turn into a number."""


@dataclass(frozen=True)
class Reading:
    """What a published wording says: a value, how it relates to the truth, and its kind."""

    value: float
    qualifier: str
    kind: str  # "proportion", "count" or "change" (a later value over an earlier one)


def _number(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    return NUMBER_WORDS.get(word)


def _strip_modifiers(text: str) -> tuple[str, str | None]:
    """Remove leading filler and at most one modifier; return the rest and the modifier's qualifier."""
    qualifier = None
    changed = True
    while changed:
        changed = False
        for filler in FILLER:
            if text.startswith(filler + " "):
                text, changed = text[len(filler) + 1:], True
        if qualifier is None:
            for phrase, meaning in MODIFIERS:
                if text.startswith(phrase + " "):
                    text, qualifier, changed = text[len(phrase) + 1:], meaning, True
                    break
    return text, qualifier


def _percent(core: str) -> float | None:
    """A bare percentage in digits or words ("60 per cent", "two per cent") as a proportion, or None."""
    match = PERCENT.match(core)
    if not match:
        return None
    number = match.group(1)
    value = float(number) if number[0].isdigit() else _number(number)
    return None if value is None else value / 100


def _change(core: str, modifier: str | None) -> Reading | None:
    """A change: "13% decrease", "rise of almost 22%", "more than doubled", "four times as many"."""
    if match := CHANGE_PERCENT.match(core):
        amount, direction = match.group(1), match.group(2)
    elif match := CHANGE_OF.match(core):
        direction, amount = match.group(1), match.group(2)
    else:
        amount = direction = None
    if amount is not None:
        amount, inner = _strip_modifiers(amount)
        share = _percent(amount)
        if share is None:
            return None
        value = 1 - share if direction in DOWNWARD else 1 + share
        return Reading(round(value, 6), modifier or inner or EXACTLY, "change")
    if core in MULTIPLE_WORDS:
        return Reading(float(MULTIPLE_WORDS[core]), modifier or EXACTLY, "change")
    if (match := MULTIPLE.match(core)) and (factor := _number(match.group(1)) or _float(match.group(1))):
        return Reading(float(factor), modifier or EXACTLY, "change")
    return None


def _float(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _proportion(core: str) -> tuple[float, str] | None:
    """A bare proportion and its natural qualifier, or None."""
    if core == "none":
        return 0.0, EXACTLY
    if (share := _percent(core)) is not None:
        return share, EXACTLY
    if match := RATIO.match(core):
        top, bottom = _number(match.group(1)), _number(match.group(2))
        if top is not None and bottom and top <= bottom:
            return top / bottom, APPROXIMATELY
    if core in ("half", "a half", "one half"):
        return 0.5, APPROXIMATELY
    if match := FRACTION.match(core):
        top, bottom = _number(match.group(1)), DENOMINATOR_WORDS.get(match.group(2))
        if top is not None and bottom and top <= bottom:
            return top / bottom, APPROXIMATELY
    return None


def read(wording: str) -> Reading:
    """Turn published wording into a value and qualifier; raise WordingError when it cannot."""
    text = " ".join(wording.lower().replace("\u2011", "-").replace("\u2013", "-").split())
    core, modifier = _strip_modifiers(text)
    change = _change(core, modifier)
    if change is not None:
        return change
    proportion = _proportion(core)
    if proportion is not None:
        value, natural = proportion
        # Fractions are given to three places ("two-thirds" is 0.667); percentages keep what is printed.
        places = 3 if natural == APPROXIMATELY else 6
        return Reading(round(value, places), modifier or natural, "proportion")
    if match := COUNT.match(core):
        value = float(match.group(1).replace(",", "")) * MAGNITUDES.get(match.group(2) or "", 1)
        # "1.5 million" and "32,000" are rounded: a count of ten thousand or more in whole thousands is approximate
        natural = APPROXIMATELY if match.group(2) or (value >= ROUND_FROM and value % 1_000 == 0) else EXACTLY
        return Reading(value, modifier or natural, "count")
    raise WordingError(f"cannot read a number from the wording {wording!r}")


def agrees(reading: Reading, value: float, qualifier: str) -> bool:
    """True when a recorded value and qualifier say what the wording says."""
    tolerance = {"proportion": 0.0005, "change": 0.0005}.get(reading.kind, 0.5)
    return abs(reading.value - value) <= tolerance and reading.qualifier == qualifier


def tolerance(wording: str) -> float:
    """How far a computed proportion may sit from this published one: half a unit of its last digit."""
    text = " ".join(wording.lower().split())
    match = re.search(r"(\d+)(?:\.(\d+))?\s*(?:%|per\s*cent|percent)", text)
    if match:
        decimals = len(match.group(2) or "")
        return 0.5 * 10 ** -(decimals + 2) + 1e-9
    return 0.02
