"""``manage.py import_appeals FILE --org CODE``: reconsideration and litigation cases, all or nothing."""

from __future__ import annotations

from gongkai.appeals.services import APPEAL_IMPORT_COLUMNS, appeals_import
from gongkai.orgs.importing import OrgImportCommand


class Command(OrgImportCommand):
    help = (
        "从CSV（UTF-8）或XLSX文件导入某单位的政府信息公开行政复议、行政诉讼案件。列：类型 kind"
        "（review 行政复议、litigation_direct 未经复议直接起诉、litigation_after_review 复议后起诉）、"
        "立案日期 filed_on、结果 result（upheld 维持、corrected 纠正、other 其他，留空为尚未审结）、"
        "审结日期 concluded_on、申请编号 application、案号 reference、复议机关或法院 authority、"
        "备注 notes。任何一行有错，逐条输出“文件:行号: 原因”，不写入任何数据，退出码1。"
    )
    columns = APPEAL_IMPORT_COLUMNS
    org_help = "被申请（被告）单位的代码"
    nothing_imported = "案件"

    def import_table(self, *, table, org):
        return appeals_import(table=table, org=org)

    def success_message(self, *, result, org):
        return f"导入完成：{result} 件案件（{org.name}）。"
