"""``manage.py annual_report --org CODE --year YYYY --format …``: one org's statutory report.

With ``--rollup`` a government's report sums its own records and every org below it (orgs off
the platform contribute their validated submitted tables). JSON goes to stdout when no
``--output`` is given; the other formats need ``--output``. The prose sections are the org's
saved text, or the generated draft when nothing is saved yet. Exit 0 on success, 1 when the
records cannot be counted, 2 on usage errors.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gongkai.orgs.models import Org
from gongkai.reports import selectors
from gongkai.reports.models import AnnualReport
from gongkai.reports.services import report_generated_prose, report_render

FORMATS = ("json", "html", "docx", "pdf", "xlsx")


class Command(BaseCommand):
    help = (
        "生成某单位的政府信息公开工作年度报告（2021年格式）：JSON、HTML、DOCX、PDF 或 XLSX。"
        "--rollup 时为政府的汇总报告（本级加所属各单位）。未指定 --output 时 JSON 输出到标准输出。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="单位代码")
        parser.add_argument("--year", required=True, type=int, help="报告年度，如 2024")
        parser.add_argument("--format", required=True, choices=FORMATS, help="输出格式")
        parser.add_argument("--output", help="输出文件路径（JSON 可省略，输出到标准输出）")
        parser.add_argument(
            "--rollup", action="store_true", help="汇总本级及所属各单位（政府的年度报告）"
        )

    def handle(self, *args, **options):
        org = Org.objects.filter(code=options["org"]).first()
        if org is None:
            raise CommandError(f"单位代码“{options['org']}”不存在。", returncode=2)
        year, fmt, output = options["year"], options["format"], options["output"]
        if not 1990 <= year <= 2100:
            raise CommandError(f"年度“{year}”无效。", returncode=2)
        if fmt != "json" and not output:
            raise CommandError(f"--format {fmt} 需要 --output 指定输出文件。", returncode=2)
        extra = {}
        try:
            if options["rollup"]:
                result = selectors.report_rollup(org=org, year=year)
                tables = result.report
                extra["rollup"] = {
                    "orgs": [o.code for o in result.own],
                    "submitted": [o.code for o in result.submitted],
                    "missing": [o.code for o in result.missing],
                }
            else:
                tables = selectors.report_compute(org=org, year=year)
        except ValueError as exc:
            raise CommandError(f"记录无法统计：{exc}", returncode=1) from None
        saved = AnnualReport.objects.filter(org=org, year=year).first()
        if saved is not None and any(saved.prose.values()):
            prose = saved.prose
        else:
            draft = AnnualReport(org=org, year=year, is_rollup=options["rollup"])
            prose = report_generated_prose(draft)
        data = report_render(tables, prose, fmt, extra=extra)
        if output:
            Path(output).write_bytes(data)
            self.stderr.write(f"已写入 {output}")
        else:
            self.stdout.write(data.decode(), ending="")
