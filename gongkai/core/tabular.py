"""Reading CSV/XLSX imports and writing XLSX exports.

Every import command shares the same contract (interfaces.md): columns named by English key or
Chinese label, line numbers as a human counts them (header = line 1), errors reported as
``FILE:LINE: message``. Rows are streamed: a 100k-row file is never held in memory as a whole.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from gongkai.core.exports import xlsx_text_cell

CSV_SUFFIXES = {".csv", ".txt"}
XLSX_SUFFIXES = {".xlsx", ".xlsm"}
_CHUNK = 1 << 16


@dataclass(frozen=True)
class Column:
    """One column of an import format: its English key, Chinese label and whether it is required."""

    key: str
    label: str
    required: bool = False


@dataclass(frozen=True, order=True)
class RowError:
    line: int
    message: str


@dataclass
class RowErrors:
    """The errors found in one file, kept in line order when reported."""

    errors: list[RowError] = field(default_factory=list)

    def add(self, line: int, message: str) -> None:
        self.errors.append(RowError(line, message))

    def extend(self, errors: Iterable[RowError]) -> None:
        self.errors.extend(errors)

    def __bool__(self) -> bool:
        return bool(self.errors)

    def __len__(self) -> int:
        return len(self.errors)

    def sorted(self) -> list[RowError]:
        return sorted(self.errors)

    def format(self, filename: str | Path) -> list[str]:
        return [format_error(filename, e.line, e.message) for e in self.sorted()]


@dataclass(frozen=True)
class Row:
    line: int
    values: dict[str, str]

    def get(self, key: str) -> str:
        return self.values.get(key, "")


class TableError(Exception):
    """The file as a whole cannot be read (encoding, format, header). Carries its errors."""

    def __init__(self, errors: list[RowError]):
        super().__init__("; ".join(e.message for e in errors))
        self.errors = errors


def format_error(filename: str | Path, line: int, message: str) -> str:
    """``FILE:LINE: message``, the shape editors and CI tools link to.

    >>> format_error("items.csv", 3, "缺少成文日期")
    'items.csv:3: 缺少成文日期'
    """
    return f"{filename}:{line}: {message}"


def _normalise_header(text: str) -> str:
    # Full-width letters and spaces (common in Chinese spreadsheets) become ASCII; case folds.
    return unicodedata.normalize("NFKC", text).replace("\ufeff", "").strip().casefold()


def map_header(
    header: Sequence[object], columns: Sequence[Column]
) -> tuple[list[str | None], list[RowError]]:
    """Map each header cell to a column key. Unknown, duplicate and missing columns are errors.

    Returns one key (or None for a blank header cell) per position.
    """
    names: dict[str, str] = {}
    for col in columns:
        names[_normalise_header(col.key)] = col.key
        names[_normalise_header(col.label)] = col.key
    keys: list[str | None] = []
    errors: list[RowError] = []
    seen: set[str] = set()
    for cell in header:
        text = "" if cell is None else str(cell)
        if not _normalise_header(text):
            keys.append(None)
            continue
        key = names.get(_normalise_header(text))
        if key is None:
            known = "、".join(f"{c.key}（{c.label}）" for c in columns)
            errors.append(RowError(1, f"未知的列“{text.strip()}”。可用的列：{known}"))
        elif key in seen:
            errors.append(RowError(1, f"列“{text.strip()}”重复。"))
            key = None
        else:
            seen.add(key)
        keys.append(key)
    for col in columns:
        if col.required and col.key not in seen:
            errors.append(RowError(1, f"缺少必填列“{col.label}”（{col.key}）。"))
    return keys, errors


def cell_text(value: object) -> str:
    """A spreadsheet cell as import text: dates as YYYY-MM-DD, whole floats without ``.0``."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def detect_csv_encoding(path: Path) -> str:
    """Return ``utf-8-sig`` for UTF-8 files; raise TableError naming the encoding otherwise.

    Streams the file once through an incremental decoder, so large files cost no memory. Files
    that Excel saves on Chinese Windows are GB18030 (GBK): we say so and how to fix it, rather
    than guessing silently, because the contract is UTF-8.
    """
    utf8 = codecs.getincrementaldecoder("utf-8")()
    with path.open("rb") as fh:
        try:
            while chunk := fh.read(_CHUNK):
                utf8.decode(chunk)
            utf8.decode(b"", final=True)
            return "utf-8-sig"
        except UnicodeDecodeError:
            pass
        fh.seek(0)
        gb = codecs.getincrementaldecoder("gb18030")()
        try:
            while chunk := fh.read(_CHUNK):
                gb.decode(chunk)
            gb.decode(b"", final=True)
        except UnicodeDecodeError:
            raise TableError(
                [RowError(1, "文件不是UTF-8编码的文本，无法读取。请另存为“CSV UTF-8”格式。")]
            ) from None
    raise TableError(
        [
            RowError(
                1,
                "文件是GB18030（GBK）编码，不是UTF-8。请在Excel中“另存为”→“CSV UTF-8（逗号分隔）”，"
                "或用 iconv -f GB18030 -t UTF-8 转换后重新导入。",
            )
        ]
    )


class Table:
    """An open CSV or XLSX file. Iterate ``rows()`` once per pass; each pass re-reads the file.

    ``estimated_rows`` is known up front for XLSX (from the sheet's dimension) and after one full
    pass for CSV; import commands use it for their progress bar.
    """

    def __init__(self, path: str | Path, columns: Sequence[Column]):
        self.path = Path(path)
        self.columns = list(columns)
        self.estimated_rows: int | None = None
        suffix = self.path.suffix.lower()
        if suffix in XLSX_SUFFIXES:
            self.kind = "xlsx"
        elif suffix in CSV_SUFFIXES:
            self.kind = "csv"
            self.encoding = detect_csv_encoding(self.path)
        else:
            raise TableError([RowError(1, "只支持 CSV（UTF-8）或 XLSX 文件。")])
        self.keys = self._read_header()

    def _raw_rows(self) -> Iterator[tuple[int, list[object]]]:
        if self.kind == "csv":
            yield from self._csv_rows()
        else:
            yield from self._xlsx_rows()

    def _csv_rows(self) -> Iterator[tuple[int, list[object]]]:
        with self.path.open(encoding=self.encoding, newline="") as fh:
            reader = csv.reader(fh)
            line = 1
            try:
                for record in reader:
                    # A quoted cell may span lines: the record starts where the previous ended.
                    yield line, list(record)
                    line = reader.line_num + 1
            except csv.Error as exc:
                raise TableError([RowError(reader.line_num, f"CSV格式错误：{exc}")]) from exc

    def _xlsx_rows(self) -> Iterator[tuple[int, list[object]]]:
        from openpyxl import load_workbook

        try:
            wb = load_workbook(self.path, read_only=True, data_only=True)
        except Exception as exc:
            raise TableError([RowError(1, f"无法读取XLSX文件：{exc}")]) from exc
        try:
            ws = wb.worksheets[0]
            if ws.max_row and self.estimated_rows is None:
                self.estimated_rows = max(ws.max_row - 1, 0)
            for line, values in enumerate(ws.iter_rows(values_only=True), start=1):
                yield line, list(values)
        finally:
            wb.close()

    def _read_header(self) -> list[str | None]:
        for _line, values in self._raw_rows():
            keys, errors = map_header(values, self.columns)
            if errors:
                raise TableError(errors)
            return keys
        raise TableError([RowError(1, "文件是空的：第1行应为表头。")])

    def rows(self) -> Iterator[Row]:
        """Data rows (blank rows skipped), each with its line number and values by key."""
        count = 0
        first = True
        for line, values in self._raw_rows():
            if first:
                first = False
                continue
            texts = [cell_text(v) for v in values]
            if not any(texts):
                continue
            mapped = {c.key: "" for c in self.columns}
            for key, text in zip(self.keys, texts, strict=False):
                if key is not None:
                    mapped[key] = text
            count += 1
            yield Row(line, mapped)
        self.estimated_rows = count


def read_table(path: str | Path, columns: Sequence[Column]) -> Table:
    """Open ``path`` (CSV or XLSX) and check its header; raises TableError on a bad file."""
    return Table(path, columns)


# --- XLSX export -----------------------------------------------------------------------------

_WIDTH_SAMPLE_ROWS = 200
_MAX_WIDTH = 60


def _display_width(text: str) -> int:
    # East Asian wide characters take two columns in Excel's default fonts.
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def write_xlsx(
    headers: Sequence[str], rows: Iterable[Sequence[object]], *, sheet_title: str = "Sheet1"
) -> bytes:
    """An XLSX file of ``rows`` under a bold, frozen header row, with columns sized to fit.

    Uses openpyxl's write-only mode so exporting a large listing streams rows to the zip.
    Column widths come from the header and the first rows (widths must be set before writing).
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    iterator = iter(rows)
    sample: list[Sequence[object]] = []
    for row in iterator:
        sample.append(row)
        if len(sample) >= _WIDTH_SAMPLE_ROWS:
            break

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=sheet_title[:31])
    ws.freeze_panes = "A2"
    for idx, header in enumerate(headers, start=1):
        width = _display_width(str(header))
        for row in sample:
            if idx <= len(row):
                width = max(width, _display_width(cell_text(row[idx - 1])))
        ws.column_dimensions[get_column_letter(idx)].width = min(width + 2, _MAX_WIDTH)

    bold = Font(bold=True)
    header_cells = []
    for header in headers:
        cell = xlsx_text_cell(ws, str(header))
        cell.font = bold
        header_cells.append(cell)
    ws.append(header_cells)

    def out(row: Sequence[object]) -> list[object]:
        values: list[object] = []
        for value in row:
            if isinstance(value, dt.datetime) and value.tzinfo is not None:
                value = value.replace(tzinfo=None)  # Excel has no time zones
            # Text is stored as text, never as a formula; see gongkai.core.exports.
            values.append(xlsx_text_cell(ws, value) if isinstance(value, str) else value)
        return values

    for row in sample:
        ws.append(out(row))
    for row in iterator:
        ws.append(out(row))
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
