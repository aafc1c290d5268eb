"""What an import did: :class:`ImportReport`.

Apart from :mod:`workbench.core.model`, which the window loads at every start: it is
a mutable dataclass, whose three generated methods are compiled when it is
defined (about 1.5 ms), and only an import needs it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .model import ImportProblem


@dataclass(slots=True)
class ImportReport:
    """What an import did: counts, the files that failed and why, the new articles' ids."""

    imported: int = 0
    duplicates: int = 0
    failed: list[ImportProblem] = field(default_factory=list)
    cancelled: bool = False
    article_ids: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed

    def summary(self) -> str:
        text = (
            f"{self.imported} imported, {self.duplicates} duplicates skipped, "
            f"{len(self.failed)} failed"
        )
        return text + (" (cancelled)" if self.cancelled else "")
