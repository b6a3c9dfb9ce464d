"""The engine's exceptions: one small hierarchy, each message naming the bad value and the fix."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["AtlasError", "DatasetError", "IngestError", "Problem", "RoutingError", "SettingsError", "UnknownPlaceError"]


class AtlasError(Exception):
    """Base class of every error the engine raises on purpose."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the dataset: where it is, what it is, and how to fix it.

    ``line`` is the physical line number in ``file`` (the CSV header is line 1), or ``None`` when the problem
    concerns the whole file.
    """

    file: str
    line: int | None
    field: str | None
    value: object
    message: str
    fix: str = ""

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}, line {self.line}"
        if self.field:
            where += f", field {self.field!r}"
        text = f"{where}: {self.message}"
        if self.value is not None:
            text += f" (value: {_short(self.value)})"
        if self.fix:
            text += f" — {self.fix}"
        return text

    def to_dict(self) -> dict:
        """Plain-JSON form (for ``atlas check --json``)."""
        return {"file": self.file, "line": self.line, "field": self.field,
                "value": None if self.value is None else _short(self.value),
                "message": self.message, "fix": self.fix}


def _short(value: object, limit: int = 80) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


class DatasetError(AtlasError, ValueError):
    """The data directory is not valid; ``problems`` lists every problem found (not only the first)."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        head = f"{len(self.problems)} problem(s) in the dataset"
        super().__init__(head + ":\n" + "\n".join(f"  - {p}" for p in self.problems))


class UnknownPlaceError(AtlasError, LookupError):
    """A name or id that the gazetteer cannot resolve."""


class RoutingError(AtlasError, ValueError):
    """A journey or route that cannot be drawn on the railway network (unknown or disconnected stop)."""


class IngestError(AtlasError, ValueError):
    """An article that cannot be added to the dataset (duplicate, unreadable, bad metadata)."""


class SettingsError(AtlasError, ValueError):
    """One or more ``ATLAS_*`` environment variables are invalid (:mod:`geo.core.settings`).

    ``problems`` maps each bad variable to one line naming it, its value and the fix. A ``ValueError`` too, as the
    bad ``ATLAS_GEOCODER_*`` values were before the settings module existed, so callers that caught those still do.
    """

    def __init__(self, problems: dict[str, str]):
        self.problems = dict(problems)
        lines = list(self.problems.values())
        head = lines[0] if len(lines) == 1 else f"{len(lines)} settings are invalid:\n" + "\n".join(
            f"  - {line}" for line in lines)
        super().__init__(head)
