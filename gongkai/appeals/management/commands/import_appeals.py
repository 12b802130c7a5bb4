"""``manage.py import_appeals FILE --org CODE``: reconsideration and litigation cases, all or nothing."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gongkai.appeals.services import APPEAL_IMPORT_COLUMNS, appeals_import
from gongkai.core.tabular import TableError, format_error, read_table
from gongkai.orgs.models import Org


class Command(BaseCommand):
    help = (
        "从CSV（UTF-8）或XLSX文件导入某单位的政府信息公开行政复议、行政诉讼案件。列：类型 kind"
        "（review 行政复议、litigation_direct 未经复议直接起诉、litigation_after_review 复议后起诉）、"
        "立案日期 filed_on、结果 result（upheld 维持、corrected 纠正、other 其他，留空为尚未审结）、"
        "审结日期 concluded_on、申请编号 application、案号 reference、复议机关或法院 authority、"
        "备注 notes。任何一行有错，逐条输出“文件:行号: 原因”，不写入任何数据，退出码1。"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV或XLSX文件路径（表头为第1行）")
        parser.add_argument("--org", required=True, help="被申请（被告）单位的代码")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"文件不存在：{path}", returncode=2)
        org = Org.objects.filter(code=options["org"]).first()
        if org is None:
            raise CommandError(f"单位代码“{options['org']}”不存在。", returncode=2)
        try:
            table = read_table(path, APPEAL_IMPORT_COLUMNS)
            created, errors = appeals_import(table=table, org=org)
        except TableError as exc:
            for err in exc.errors:
                self.stderr.write(format_error(options["file"], err.line, err.message))
            raise CommandError("文件无法读取，未导入任何案件。", returncode=1) from None
        if created is None:
            for line in errors.format(options["file"]):
                self.stderr.write(line)
            raise CommandError(f"{len(errors)} 处错误，未导入任何案件。", returncode=1)
        self.stdout.write(f"导入完成：{created} 件案件（{org.name}）。")
