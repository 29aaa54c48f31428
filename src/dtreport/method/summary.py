"""The attainment summary and its sentence, as the seed report words it.

"… có 13 chỉ tiêu; tỉnh Bắc Giang đã hoàn thành 12 chỉ tiêu, đang triển khai
thực hiện 01 chỉ tiêu." Counts under 10 are zero-padded in Vietnamese, as
official documents write them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from dtreport.status import ACHIEVED, Status

__all__ = ["Summary", "summarise", "summary_sentence"]

# The clause for each status that is not achieved, in the order the sentence lists them.
_REST_VI = {
    Status.IN_PROGRESS: "đang triển khai thực hiện {n} chỉ tiêu",
    Status.NOT_MET: "không đạt {n} chỉ tiêu",
    Status.NO_DATA: "chưa có số liệu {n} chỉ tiêu",
    Status.NOT_ASSESSED: "chưa đánh giá {n} chỉ tiêu",
    # Counted apart, so the clauses still add up to the catalogue's total.
    Status.NOT_APPLICABLE: "không còn áp dụng {n} chỉ tiêu",
}
_REST_EN = {
    Status.IN_PROGRESS: "{n} in progress",
    Status.NOT_MET: "{n} not met",
    Status.NO_DATA: "{n} without data",
    Status.NOT_ASSESSED: "{n} not assessed",
    Status.NOT_APPLICABLE: "{n} no longer applicable",
}


@dataclass(frozen=True)
class Summary:
    """How many indicators there are and how many stand at each status."""

    total: int
    counts: dict[Status, int]

    @property
    def achieved(self) -> int:
        """Exceeded plus met."""
        return sum(self.counts.get(s, 0) for s in ACHIEVED)

    def count(self, status: Status) -> int:
        """How many indicators stand at ``status``."""
        return self.counts.get(status, 0)


def summarise(statuses: Iterable[Status]) -> Summary:
    """Count statuses."""
    counts = Counter(statuses)
    return Summary(sum(counts.values()), dict(counts))


def _vi_count(n: int) -> str:
    return f"{n:02d}"


def summary_sentence(summary: Summary, framework: str, subject: str, lang: str = "vi") -> str:
    """The summary sentence: framework title, total, achieved, then each non-zero remainder."""
    if lang == "vi":
        rest = [
            t.format(n=_vi_count(summary.count(s))) for s, t in _REST_VI.items() if summary.count(s)
        ]
        achieved = f"đã hoàn thành {_vi_count(summary.achieved)} chỉ tiêu"
        clauses = ", ".join([achieved, *rest])
        return f"Theo {framework} có {_vi_count(summary.total)} chỉ tiêu; {subject} {clauses}."
    rest = [t.format(n=summary.count(s)) for s, t in _REST_EN.items() if summary.count(s)]
    tail = f", {', '.join(rest)}" if rest else ""
    return (
        f"{framework} sets {_en_count(summary.total)}; {subject} has achieved "
        f"{_en_count(summary.achieved)}{tail}."
    )


def _en_count(n: int) -> str:
    return f"{n} indicator" if n == 1 else f"{n} indicators"
