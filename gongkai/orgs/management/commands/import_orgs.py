"""``manage.py import_orgs FILE``: load or update the organisation register from CSV/XLSX."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gongkai.core.tabular import TableError, format_error, read_table
from gongkai.orgs.services import ORG_IMPORT_COLUMNS, orgs_import, orgs_import_validate


class Command(BaseCommand):
    help = (
        "从CSV（UTF-8）或XLSX文件导入单位名录：代码 code、名称 name、类型 kind、上级 parent、"
        "统一社会信用代码 credit_code，可选 简称、办公地址、联系电话、办公时间、"
        "政府信息公开工作机构。已存在的代码会被更新。任何一行有错时不写入任何数据（退出码1）。"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV或XLSX文件路径（表头为第1行）")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"文件不存在：{path}", returncode=2)
        try:
            table = read_table(path, ORG_IMPORT_COLUMNS)
            rows, errors = orgs_import_validate(rows=table.rows())
        except TableError as exc:
            for err in exc.errors:
                self.stderr.write(format_error(path, err.line, err.message))
            raise CommandError("文件无法读取，未导入任何单位。", returncode=1) from None
        if errors:
            for line in errors.format(path):
                self.stderr.write(line)
            raise CommandError(f"{len(errors)} 处错误，未导入任何单位。", returncode=1)
        created, updated = orgs_import(rows=rows)
        self.stdout.write(f"导入完成：新增 {created} 个单位，更新 {updated} 个单位。")
