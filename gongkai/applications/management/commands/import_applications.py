"""import_applications FILE --org CODE: the application ledger (依申请公开台账), CSV or XLSX."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gongkai.applications.ledger import LedgerImportError, ledger_import
from gongkai.orgs.models import Org


class Command(BaseCommand):
    help = (
        "导入依申请公开台账（CSV 或 XLSX）。列：编号、收到日期、申请人类型、申请人、申请内容、"
        "渠道、办结日期、办理结果（英文键名亦可）。任何一行有误则全部不导入，错误以 FILE:LINE 报告。"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV (UTF-8) or XLSX ledger")
        parser.add_argument("--org", required=True, help="code of the handling org")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: 文件不存在", returncode=2)
        org = Org.objects.filter(code=options["org"]).first()
        if org is None:
            raise CommandError(f"单位代码“{options['org']}”不存在", returncode=2)
        try:
            count = ledger_import(path=path, org=org, display_name=options["file"])
        except LedgerImportError as exc:
            for line in exc.lines:
                self.stderr.write(line)
            self.stderr.write(f"共 {len(exc.lines)} 处错误，未导入任何记录。")
            sys.exit(1)
        self.stdout.write(f"已导入 {count} 件申请（{org.name}）。")
