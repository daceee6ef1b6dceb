"""Inputs that could not be used, with the reason the user sees."""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass
class Problem:
    source: str  # file path (or "-")
    reason: str  # what went wrong, in words a user can act on
    location: str | None = None  # "line 12", "record 3", "entry 2", "offset 1024"
    kind: str = "skipped"  # skipped: input not used | warning: used, with a caveat

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def __str__(self) -> str:
        where = f"{self.source}" + (f" ({self.location})" if self.location else "")
        return f"{where}: {self.reason}"


class InputError(Exception):
    """An input item that cannot be read; carries the reason for the user."""

    def __init__(self, reason: str, location: str | None = None):
        super().__init__(reason)
        self.reason = reason
        self.location = location
