"""``manage.py import_items FILE --org CODE``: load catalogue items from CSV/XLSX, all or nothing."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gongkai.catalogue.services import ITEM_IMPORT_COLUMNS, items_import
from gongkai.core.tabular import TableError, format_error, read_table
from gongkai.orgs.models import Org


class Command(BaseCommand):
    help = (
        "从CSV（UTF-8）或XLSX文件导入某单位的公开目录条目。列：标题 title、组配分类 category、"
        "主题分类 topic、体裁分类 genre、文号 doc_number、成文日期 formed_on、发布日期 "
        "published_on（留空则导入为草稿）、内容概述 summary、正文 body、关键词 keywords、"
        "索引号 index_number（留空则自动编号）、文件类型 doc_type、废止日期 valid_until、"
        "附件 attachments（相对导入文件的路径，用“;”分隔）。先校验全部行：任何一行有错，"
        "逐条输出“文件:行号: 原因”，不写入任何数据，退出码1。"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV或XLSX文件路径（表头为第1行）")
        parser.add_argument("--org", required=True, help="发布单位的代码")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"文件不存在：{path}", returncode=2)
        org = Org.objects.filter(code=options["org"]).first()
        if org is None:
            raise CommandError(f"单位代码“{options['org']}”不存在。", returncode=2)
        try:
            table = read_table(path, ITEM_IMPORT_COLUMNS)
            result, errors = items_import(table=table, org=org, progress=self.stderr)
        except TableError as exc:
            for err in exc.errors:
                self.stderr.write(format_error(path, err.line, err.message))
            raise CommandError("文件无法读取，未导入任何条目。", returncode=1) from None
        if result is None:
            for line in errors.format(path):
                self.stderr.write(line)
            raise CommandError(f"{len(errors)} 处错误，未导入任何条目。", returncode=1)
        self.stdout.write(
            f"导入完成：{result.created} 条（其中草稿 {result.drafts} 条），附件 {result.attachments} 个。"
        )
