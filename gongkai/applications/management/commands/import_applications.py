"""import_applications FILE --org CODE: the application ledger (依申请公开台账), CSV or XLSX."""

from __future__ import annotations

import sys

from gongkai.applications.ledger import LedgerImportError, ledger_import
from gongkai.orgs.importing import OrgImportCommand


class Command(OrgImportCommand):
    help = (
        "导入依申请公开台账（CSV 或 XLSX）。列：编号、收到日期、申请人类型、申请人、申请内容、"
        "渠道、办结日期、办理结果、单位（须与 --org 相符，可留空；英文键名亦可）。任何一行有误则全部不导入，错误以 FILE:LINE 报告。"
    )
    file_help = "CSV (UTF-8) or XLSX ledger"
    org_help = "code of the handling org"
    missing_file_message = "{path}: 文件不存在"
    unknown_org_message = "单位代码“{code}”不存在"

    def import_file(self, *, path, name, org):
        # The ledger service reads the file itself: it also records FILE:LINE on each import event.
        try:
            return ledger_import(path=path, org=org, display_name=name)
        except LedgerImportError as exc:
            self.reject(exc.lines, summary=f"共 {len(exc.lines)} 处错误，未导入任何记录。")

    def success_message(self, *, result, org):
        return f"已导入 {result} 件申请（{org.name}）。"

    def reject(self, lines, *, summary):
        # This command has always printed its summary and exited with SystemExit(1).
        for line in lines:
            self.stderr.write(line)
        self.stderr.write(summary)
        sys.exit(1)
