"""Every spreadsheet the platform hands out is inert and well-formed, whatever is stored.

Text typed by citizens and staff reaches CSV and XLSX files: ledgers, catalogue listings, the
public statistics. Two things in such text do harm there:

- **Formulas.** A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is
  run as a formula by spreadsheet programs (``=HYPERLINK(...)`` phones home when the office
  opens the ledger). In XLSX every text cell is written with the string type, which programs
  never evaluate; CSV has no types, so such a cell gets a leading apostrophe (OWASP's advice),
  which spreadsheet programs show as text and do not display.
- **Control characters.** XML 1.0 forbids most of U+0000–U+001F, so one vertical tab in a
  title made openpyxl refuse the whole export. They are dropped (tab, line feed and carriage
  return, which XML allows, stay).
"""

from __future__ import annotations

import re

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe_text(text: str) -> str:
    """``text`` without the control characters XML 1.0 cannot carry."""
    return _XML_FORBIDDEN.sub("", text)


def csv_cell(value: object) -> object:
    """A value for a CSV cell: text cleaned and defused, other values as they are."""
    if not isinstance(value, str):
        return value
    text = xml_safe_text(value)
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def xlsx_text_cell(worksheet, value: object):
    """An openpyxl write-only cell for ``value``; text is always a plain string cell."""
    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, str):
        cell = WriteOnlyCell(worksheet, value=xml_safe_text(value))
        cell.data_type = "s"  # never "f", whatever the text starts with
        return cell
    return WriteOnlyCell(worksheet, value=value)


def set_text(cell, value: str) -> None:
    """Set a (non write-only) openpyxl cell to ``value`` as plain text."""
    cell.value = xml_safe_text(value)
    cell.data_type = "s"


def safe_export_view_class(view_class):
    """Subclass a Wagtail index view that exports (``SpreadsheetExportMixin``) so that every
    cell it writes goes through the rules above. Other views are returned unchanged."""
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    if not (isinstance(view_class, type) and issubclass(view_class, SpreadsheetExportMixin)):
        return view_class
    if getattr(view_class, "_gongkai_safe_export", False):
        return view_class

    def preprocess_field_value(self, field, value, export_format):
        value = super(safe, self).preprocess_field_value(field, value, export_format)
        if isinstance(value, str):
            value = xml_safe_text(value)
            if export_format == self.FORMAT_CSV:
                value = csv_cell(value)
        return value

    safe = type(
        f"SafeExport{view_class.__name__}",
        (view_class,),
        {"preprocess_field_value": preprocess_field_value, "_gongkai_safe_export": True},
    )
    return safe
