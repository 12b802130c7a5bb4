"""export_applications --org CODE OUTPUT.xlsx: the ledger in the import's columns (names masked)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gongkai.applications.ledger import ledger_rows, ledger_xlsx
from gongkai.applications.models import Application
from gongkai.orgs.models import Org


class Command(BaseCommand):
    help = "导出依申请公开台账为 XLSX（列与 import_applications 相同，申请人姓名脱敏）。"

    def add_arguments(self, parser):
        parser.add_argument("output", help="XLSX file to write")
        parser.add_argument("--org", required=True)
        parser.add_argument("--year", type=int, help="only applications received that year")

    def handle(self, *args, **options):
        org = Org.objects.filter(code=options["org"]).first()
        if org is None:
            raise CommandError(f"单位代码“{options['org']}”不存在", returncode=2)
        qs = (
            Application.objects.filter(org=org).select_related("org").order_by("receipt_date", "id")
        )
        if options["year"]:
            qs = qs.filter(receipt_date__year=options["year"])
        Path(options["output"]).write_bytes(ledger_xlsx(ledger_rows(qs.iterator())))
        self.stdout.write(f"已导出 {qs.count()} 件申请到 {options['output']}")
