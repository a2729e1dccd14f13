"""Rolling 12-month periods and series breaks: which totals count months from both sides of a break."""

from datetime import date

ROLLING = "year ending"


def _day(text) -> date | None:
    try:
        return date.fromisoformat(str(text).strip()[:10])
    except ValueError:
        return None


def breaks_from_rows(rows) -> list[date]:
    """The dates of a breaks table (rows with a `date`), sorted; unreadable dates are left to the schema check."""
    return sorted(day for day in (_day(row.get("date")) for row in rows) if day is not None)


def window_start(end: date) -> date:
    """The first day of the 12 months that end on this day."""
    following = date.fromordinal(end.toordinal() + 1)
    return following.replace(year=following.year - 1)


def straddled(period, period_end, cuts: list[date]) -> list[date]:
    """The breaks inside a rolling 12-month total's window (after its first day, up to its last); none for others."""
    end = _day(period_end)
    if end is None or not str(period or "").lower().startswith(ROLLING):
        return []
    start = window_start(end)
    return [cut for cut in cuts if start < cut <= end]
