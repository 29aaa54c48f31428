"""Values derived from a merged unit's predecessors, as the report marks and explains them.

Before a merged unit began it made no report of its own; its history there is derived from
its predecessors' reports (:mod:`dtreport.inputs.merger`, docs/methodology.md, "Merged
units"). Every such value the report shows is marked "(suy ra)" / "(derived)", every
derived period is marked where earlier periods are listed, and each section showing one
states the method in one paragraph: which units, the mean or the weighted mean (with the
weights and what they count), the all-predecessors rule and the rounding.
"""

from __future__ import annotations

from collections.abc import Sequence

from dtreport.errors import DtreportError
from dtreport.i18n import format_date, text
from dtreport.inputs.history import History, PeriodValues
from dtreport.inputs.merger import MERGED_PLACES
from dtreport.inputs.numbers import format_number
from dtreport.inputs.params import ReportParams
from dtreport.inputs.units import load_registry
from dtreport.lang import Lang, pick
from dtreport.method.trajectory import Point
from dtreport.paths import Project

__all__ = ["derived_note", "is_derived", "period_label"]


def is_derived(point: Point | None) -> bool:
    """True when ``point`` is a value derived from a merged unit's predecessors."""
    return point is not None and bool(point.derived_from)


def period_label(period: PeriodValues, lang: Lang, *, dated: bool = False) -> str:
    """An earlier period as a list of them names it: ``2024-H1 (30/6/2024; suy ra)``."""
    notes = [format_date(period.as_of, lang)] if dated else []
    if period.derived_from:
        notes.append(text("derived_mark", lang))
    return f"{period.period} ({'; '.join(notes)})" if notes else period.period


def _joined(names: Sequence[str], lang: Lang) -> str:
    """``a, b và c`` / ``a, b and c``."""
    if len(names) < 2:
        return "".join(names)
    return ", ".join(names[:-1]) + text("and", lang) + names[-1]


def _names(project: Project, ids: Sequence[str], lang: Lang) -> dict[str, str]:
    """Each unit id as the note names it: ``tỉnh Bắc Ninh (P27-bac-ninh)``.

    The id stays beside the registry's name because a merged unit may keep a predecessor's
    name (old and new Bắc Ninh). Names live in the registry, as for the letterhead; one that
    cannot be read has already stopped the run in its checks, so the ids alone then do.
    """
    try:
        registry = load_registry(project)
    except DtreportError:
        return {i: i for i in ids}
    return {i: f"{unit.name(lang)} ({i})" if (unit := registry.find(i)) else i for i in ids}


def derived_note(project: Project, params: ReportParams, history: History, lang: Lang) -> str:
    """The paragraph stating how the history's derived values were made; "" when none is.

    Names the derived periods, the unit and its predecessors, the mean or the weighted mean
    (the params' ``predecessor_weights`` and ``weights_basis``), the all-predecessors rule,
    the rounding and the DTI precedent.
    """
    derived = [p for p in history.periods if p.derived_from]
    if not derived:
        return ""
    ids = list(dict.fromkeys(i for p in derived for i in p.derived_from))
    names = (
        _names(project, [params.unit, *ids], lang) if params.unit else _names(project, ids, lang)
    )
    weights = params.predecessor_weights
    if weights:
        listed = "; ".join(f"{names[i]}: {format_number(weights[i], lang)}" for i in ids)
        method = text("derived_weighted_mean", lang, basis=params.weights_basis, weights=listed)
    else:
        method = text("derived_mean", lang)
    unit = names.get(params.unit, "") or pick(lang, params.province, params.province_en)
    return text(
        "derived_note",
        lang,
        periods=", ".join(p.period for p in derived),
        unit=unit,
        method=method,
        predecessors=_joined([names[i] for i in ids], lang),
        places=MERGED_PLACES,
    )
