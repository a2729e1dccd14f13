"""Key facts: a figure as one plain sentence anyone can read (plain data in, no pandas)."""


def fact_sentence(record: dict) -> dict:
    """A figure as one plain sentence, big number first: the number, what it is a share of, who said it and when."""
    big = record["wording"][:1].upper() + record["wording"][1:]
    if not record["value_in_wording"] and record["proportion"] is not None:
        big += f" ({record['value_text']})"
    label = record["label"][:1].lower() + record["label"][1:]
    when = "" if record.get("period") in (None, "not stated") else f", {record['period']}"
    said = f"{record['source_publisher']}, {str(record['source_published'])[:4]}"
    # a share says what it is a share of and what was found; a count's base already says what was counted
    rest = f"of {record['base']}: {label}" if record["proportion"] is not None else record["base"]
    return {"big": big, "rest": f"{rest}{when} ({said}).", "ref": record["ref"],
            "package": record["package"], "id": record["id"]}
