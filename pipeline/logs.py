"""Progress goes through logging: the command line shows the 'pipeline' loggers on stderr, one 'build: ...' line each."""

import logging
import sys

ROOT_LOGGER = "pipeline"


def show_progress() -> None:
    """Print every pipeline module's progress messages on stderr (once, however often it is called)."""
    logger = logging.getLogger(ROOT_LOGGER)
    if not any(getattr(handler, "is_progress", False) for handler in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("build: %(message)s"))
        handler.is_progress = True
        logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
