"""The build's one date, from the data (or SOURCE_DATE_EPOCH), never the clock, so builds repeat byte for byte."""

import os
from contextlib import contextmanager
from datetime import UTC, datetime

VARIABLE = "SOURCE_DATE_EPOCH"


def _timestamp(value) -> int | None:
    """Seconds since the epoch of an ISO date or date-time, or None when it is not one."""
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return int(moment.timestamp())


def data_epoch(created: list) -> int:
    """SOURCE_DATE_EPOCH when set, else the latest of the packages' 'created' dates (0 when none has one)."""
    given = os.environ.get(VARIABLE, "")
    if given.isdigit():
        return int(given)
    stamps = [_timestamp(value) for value in created]
    return max([stamp for stamp in stamps if stamp is not None], default=0)


@contextmanager
def pinned(epoch: int):
    """Set SOURCE_DATE_EPOCH (mkdocs reads it for page dates and the sitemap's gzip header) while the block runs."""
    before = os.environ.get(VARIABLE)
    os.environ[VARIABLE] = str(epoch)
    try:
        yield
    finally:
        if before is None:
            del os.environ[VARIABLE]
        else:
            os.environ[VARIABLE] = before
