"""``manage.py validate_report FILE``: check a filled annual report (JSON or XLSX).

The competent department runs this on every org's report before compiling the government-wide
one. One line per violated rule, ``FILE:LINE: message [rule]`` (for XLSX the line is the sheet
row and the message names the cell). Exit 0 when consistent, 1 when a rule is violated or the
file is malformed, 2 on usage errors (missing file, unknown extension).
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from gongkai.reports.checks import (
    ReportFormatError,
    check_report,
    json_line_map,
    line_for,
    parse_report_json,
)
from gongkai.reports.xlsx import cell_positions, read_xlsx


class Command(BaseCommand):
    help = (
        "检查填好的政府信息公开工作年度报告（JSON 或 annual_report --format xlsx 生成的 XLSX 模板）"
        "是否符合勾稽关系等规则：每条违反的规则输出一行并指明单元格；有违反时退出码为 1。"
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", metavar="FILE", help="报告文件（.json 或 .xlsx）")

    def handle(self, *args, file: str, **options) -> None:
        path = Path(file)
        suffix = path.suffix.lower()
        if suffix not in (".json", ".xlsx"):
            raise CommandError(
                _("{file}: 未知的文件类型，请提供 .json 或 .xlsx 格式的报告").format(file=file),
                returncode=2,
            )
        if not path.is_file():
            raise CommandError(_("{file}: 文件不存在").format(file=file), returncode=2)
        data = path.read_bytes()

        try:
            report = parse_report_json(data) if suffix == ".json" else read_xlsx(data)
        except ReportFormatError as exc:
            for problem in exc.problems:
                self.stderr.write(f"{file}:{problem.line or 1}: {problem.message}")
            raise CommandError(
                _("{file}: 不是可读取的年度报告，请按以上各行修改").format(file=file),
                returncode=1,
            ) from None

        violations = check_report(report)
        if suffix == ".json":
            lines = json_line_map(data.decode("utf-8-sig"))
            positions: dict = {}
        else:
            lines, positions = {}, cell_positions()
        for violation in violations:
            first = violation.cells[0] if violation.cells else ()
            if positions:
                coordinate = positions.get(first)
                line = int("".join(ch for ch in coordinate if ch.isdigit())) if coordinate else 1
                where = f" (cell {coordinate})" if coordinate else ""
            else:
                line, where = line_for(lines, first) or 1, ""
            self.stdout.write(f"{file}:{line}: {violation}{where}")
        if violations:
            raise CommandError(
                ngettext(
                    "{file}: 有 {count} 处违反校验规则",
                    "{file}: 有 {count} 处违反校验规则",
                    len(violations),
                ).format(file=file, count=len(violations)),
                returncode=1,
            )
        self.stdout.write(
            _("{file}: 通过，{org} {year} 年度报告符合校验规则").format(
                file=file, org=report["org"]["code"], year=report["year"]
            )
        )
