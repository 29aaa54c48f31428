"""A period's parameters: ``params/<period>.yaml``.

Every key here is also a parameter of the report notebook (a test checks it),
so a params file can be passed to papermill as it is.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from dtreport.errors import PeriodError
from dtreport.paths import Project
from dtreport.period import Period, parse_period

__all__ = ["ReportParams", "load_params"]

LANGS = ("vi", "en")


@dataclass(frozen=True)
class ReportParams:
    """What a period's report is about and how it is labelled."""

    period: str
    as_of: str
    reporting_unit: str
    catalog: str = "qd749"
    lang: str = "vi"
    province: str = ""
    province_en: str = ""
    reporting_unit_en: str = ""
    document_number: str = ""
    place: str = ""
    report_date: str = ""
    title_vi: str = ""
    title_en: str = ""
    reference_vi: str = ""
    reference_en: str = ""
    signer_title_vi: str = ""
    signer_title_en: str = ""
    signer_name: str = ""

    @property
    def parsed_period(self) -> Period:
        """The period, parsed."""
        return parse_period(self.period)

    @property
    def as_of_date(self) -> date:
        """The date the values are estimated to."""
        return date.fromisoformat(self.as_of)

    def to_dict(self) -> dict[str, str]:
        """The parameters as papermill takes them."""
        return asdict(self)


def param_names() -> list[str]:
    """Every key a params file may carry."""
    return [f.name for f in fields(ReportParams)]


def load_params(path: Path) -> ReportParams:
    """Read a params file, or raise :class:`PeriodError` naming the file and key."""
    if not path.exists():
        raise PeriodError.at("params file not found", path)
    try:
        data: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise PeriodError.at(f"is not valid UTF-8 YAML: {exc}", path) from exc
    if not isinstance(data, dict):
        raise PeriodError.at("must be a mapping of key: value", path)
    allowed = set(param_names())
    for key in data:
        if key not in allowed:
            raise PeriodError.at(
                f"unknown key {key!r} (known: {', '.join(sorted(allowed))})", path, column=str(key)
            )
    for key in ("period", "as_of", "reporting_unit"):
        if not data.get(key):
            raise PeriodError.at(f"missing key {key!r}", path, column=key)
    values = {k: ("" if v is None else v) for k, v in data.items()}
    if isinstance(values["as_of"], date):
        values["as_of"] = values["as_of"].isoformat()
    values = {k: str(v) for k, v in values.items()}
    params = ReportParams(**values)
    try:
        params.parsed_period  # noqa: B018 - validates the id
    except PeriodError as exc:
        raise PeriodError.at(exc.message, path, column="period") from exc
    try:
        params.as_of_date  # noqa: B018
    except ValueError:
        raise PeriodError.at(
            f"as_of {params.as_of!r} is not a date (YYYY-MM-DD)", path, column="as_of"
        ) from None
    if params.lang not in LANGS:
        raise PeriodError.at(
            f"lang {params.lang!r} is not one of {', '.join(LANGS)}", path, column="lang"
        )
    return params


def params_for(project: Project, period_id: str, params_file: Path | None = None) -> ReportParams:
    """The params of ``period_id``: from ``params_file`` if given, else ``params/<period>.yaml``."""
    period = parse_period(period_id)
    path = params_file or project.params_file(period)
    params = load_params(path)
    if params.period != period.id:
        raise PeriodError.at(
            f"says period {params.period!r} but {period.id!r} was asked for", path, column="period"
        )
    return params
