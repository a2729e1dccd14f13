"""Regular-expression text that matches a word in any letter case, as HTML's tag and attribute names are matched."""

import re


def any_case(word: str) -> str:
    """A pattern for word in any letter case: as fast as a plain one, where re.IGNORECASE makes a search several times slower."""
    return "".join(f"[{letter.lower()}{letter.upper()}]" if letter.isalpha() else re.escape(letter) for letter in word)
