"""The one shape of a reported problem: file, row, field and message on one line."""

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """A single problem found in a data package, printable as one line."""

    file: str
    row: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        row = "-" if self.row is None else str(self.row)
        field = self.field or "-"
        message = " ".join(self.message.split())
        return f"{self.file}:{row}:{field}: {message}"


class ProblemsFound(Exception):
    """Raised when input is invalid; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems
