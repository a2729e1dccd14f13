"""Key facts: a figure as one plain sentence anyone can read (plain data in, no pandas)."""

import re


def fact_sentence(record: dict) -> dict:
    """A figure as one plain sentence, big number first: the number, what it is a share of, who said it and when."""
    big = record["wording"][:1].upper() + record["wording"][1:]
    if not record["value_in_wording"] and record["proportion"] is not None:
        big += f" ({record['value_text']})"
    label = lower_first(record["label"])
    when = "" if record.get("period") in (None, "not stated") else f", {record['period']}"
    said = f"{record['source_publisher']}, {str(record['source_published'])[:4]}"
    # a share says what it is a share of, then what was found; a count says what was counted (its label), then its base
    # when that is another group (19,107 charged or summonsed, of 131,010 outcomes assigned; victims, of all adults)
    rest = f"of {record['base']}: {label}" if record["proportion"] is not None else count_words(label, record["base"])
    return {"big": big, "rest": f"{rest}{when} ({said}).", "ref": record["ref"],
            "package": record["package"], "id": record["id"]}


def lower_first(text: str) -> str:
    """The text with its first letter in lower case, unless its first word is an acronym ("CPS involved")."""
    first = text.split(" ", 1)[0]
    return text if len(first) > 1 and first[:2].isupper() else text[:1].lower() + text[1:]


def _plain(text: str) -> str:
    """Words only, without brackets' contents, punctuation or case: to tell whether two phrases name the same group."""
    return " ".join(re.sub(r"\([^)]*\)|[^\w\s]", " ", text).lower().split())


def count_words(label: str, base: str | None) -> str:
    """What a count counts, from its label, then its base when the base names a group other than the label does."""
    if not isinstance(base, str) or not base.strip() or _plain(base) == _plain(label):
        return label
    return f"{label}; base: {base}"
