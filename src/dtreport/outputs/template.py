"""The fill-in workbook a unit gets: ``dtreport template <period>`` writes ``indicators.xlsx``."""

from __future__ import annotations

from pathlib import Path

from dtreport.errors import InputError
from dtreport.inputs.catalog import Catalog
from dtreport.outputs.publish import atomic_write_bytes
from dtreport.paths import shown_path
from dtreport.period import Period
from dtreport.stamp import document_time, workbook_bytes
from dtreport.status import Status

__all__ = ["TEMPLATE_COLUMNS", "template_bytes", "write_template"]

TEMPLATE_COLUMNS = (
    "indicator_id",
    "pillar",
    "name_vi",
    "name_en",
    "target_year",
    "target_text",
    "value",
    "reported_status",
    "note",
)
_WIDTHS = {
    "indicator_id": 12,
    "pillar": 7,
    "name_vi": 60,
    "name_en": 50,
    "target_year": 11,
    "target_text": 16,
    "value": 18,
    "reported_status": 18,
    "note": 40,
}


def template_bytes(catalog: Catalog, period: Period) -> bytes:
    """An XLSX workbook pre-filled with the catalogue's ids, names and applicable targets.

    Only the indicators that apply to the period are asked for: one past its validity
    (catalogue ``valid_to``) is left out. Stamped with the period's last day, so the same
    catalogue and period give the same bytes.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "indicators"
    sheet.append(list(TEMPLATE_COLUMNS))
    indicators = catalog.applicable(period)
    for indicator in indicators:
        target = indicator.applicable_target(period.year)
        sheet.append(
            [
                indicator.id,
                indicator.pillar,
                indicator.name_vi,
                indicator.name_en,
                target.year,
                target.text,
                None,
                None,
                None,
            ]
        )
    bold = Font(bold=True)
    to_fill = PatternFill("solid", fgColor="FFF2CC")
    for index, column in enumerate(TEMPLATE_COLUMNS, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = _WIDTHS[column]
        sheet.cell(1, index).font = bold
        for row in range(2, len(indicators) + 2):
            cell = sheet.cell(row, index)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            # Values are text so that "42,13%" stays as the unit writes it.
            cell.number_format = "@"
            if column in ("value", "reported_status", "note"):
                cell.fill = to_fill
    # Every indicator asked for applies, so "no longer applicable" is not offered.
    labels = ",".join(s.label("vi") for s in Status if s is not Status.NOT_APPLICABLE)
    validation = DataValidation(type="list", formula1=f'"{labels}"', allow_blank=True)
    sheet.add_data_validation(validation)
    status_col = get_column_letter(TEMPLATE_COLUMNS.index("reported_status") + 1)
    validation.add(f"{status_col}2:{status_col}{len(indicators) + 1}")
    sheet.freeze_panes = "A2"
    return workbook_bytes(workbook, document_time(period.end), f"{catalog.id} {period.id}")


def write_template(
    path: Path,
    catalog: Catalog,
    period: Period,
    overwrite: bool = False,
    root: Path | None = None,
) -> Path:
    """Write the template, never over a file a unit may already have filled in.

    ``root`` is the project folder, so messages name files relative to it.
    """
    if path.exists() and not overwrite:
        raise InputError.at("already exists; pass --force to replace it", shown_path(path, root))
    csv_beside = path.with_suffix(".csv")
    if csv_beside.exists():
        raise InputError.at(
            "this period already has indicators.csv; a second indicator file would be ambiguous",
            shown_path(csv_beside, root),
        )
    atomic_write_bytes(path, template_bytes(catalog, period))
    return path
