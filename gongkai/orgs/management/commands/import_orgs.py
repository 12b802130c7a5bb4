"""``manage.py import_orgs FILE``: load or update the organisation register from CSV/XLSX."""

from __future__ import annotations

from gongkai.core.importing import TabularImportCommand
from gongkai.orgs.services import ORG_IMPORT_COLUMNS, orgs_import, orgs_import_validate


class Command(TabularImportCommand):
    help = (
        "从CSV（UTF-8）或XLSX文件导入单位名录：代码 code、名称 name、类型 kind、上级 parent、"
        "统一社会信用代码 credit_code，可选 简称、办公地址、联系电话、办公时间、"
        "政府信息公开工作机构。已存在的代码会被更新。任何一行有错时不写入任何数据（退出码1）。"
    )
    columns = ORG_IMPORT_COLUMNS
    nothing_imported = "单位"
    name_errors_by_path = True

    def import_table(self, *, table, org):
        rows, errors = orgs_import_validate(rows=table.rows())
        if errors:
            return None, errors
        return orgs_import(rows=rows), errors

    def success_message(self, *, result, org):
        created, updated = result
        return f"导入完成：新增 {created} 个单位，更新 {updated} 个单位。"
