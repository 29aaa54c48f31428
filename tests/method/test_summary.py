"""The summary and its sentence, as the seed report words it (method.summary)."""

from __future__ import annotations

from dtreport.method.summary import summarise, summary_sentence
from dtreport.status import Status

SEED = [Status.MET] * 4 + [Status.EXCEEDED] * 8 + [Status.IN_PROGRESS]
FRAMEWORK = "Quyết định số 749/QĐ-TTg"


def test_counts_and_achieved() -> None:
    summary = summarise(SEED)
    assert summary.total == 13 and summary.achieved == 12
    assert summary.count(Status.IN_PROGRESS) == 1 and summary.count(Status.NOT_MET) == 0


def test_the_seed_sentence_in_vietnamese_pads_counts_under_ten() -> None:
    sentence = summary_sentence(summarise(SEED), FRAMEWORK, "tỉnh Bắc Giang", "vi")
    assert sentence == (
        "Theo Quyết định số 749/QĐ-TTg có 13 chỉ tiêu; tỉnh Bắc Giang đã hoàn thành 12 chỉ tiêu, "
        "đang triển khai thực hiện 01 chỉ tiêu."
    )


def test_only_non_zero_remainders_are_listed_in_their_order() -> None:
    statuses = [Status.NO_DATA, Status.NOT_MET, Status.NOT_MET, Status.EXCEEDED]
    vi = summary_sentence(summarise(statuses), FRAMEWORK, "tỉnh X", "vi")
    assert vi.endswith(
        "đã hoàn thành 01 chỉ tiêu, không đạt 02 chỉ tiêu, chưa có số liệu 01 chỉ tiêu."
    )
    assert "đang triển khai" not in vi


def test_the_english_sentence_counts_in_words_of_its_own() -> None:
    en = summary_sentence(summarise([Status.MET, Status.IN_PROGRESS]), "Decision 749", "X", "en")
    assert en == "Decision 749 sets 2 indicators; X has achieved 1 indicator, 1 in progress."
