"""``manage.py import_items FILE --org CODE``: load catalogue items from CSV/XLSX, all or nothing."""

from __future__ import annotations

from gongkai.catalogue.services import ITEM_IMPORT_COLUMNS, items_import
from gongkai.orgs.importing import OrgImportCommand


class Command(OrgImportCommand):
    help = (
        "从CSV（UTF-8）或XLSX文件导入某单位的公开目录条目。列：标题 title、组配分类 category、"
        "主题分类 topic、体裁分类 genre、文号 doc_number、成文日期 formed_on、发布日期 "
        "published_on（留空则导入为草稿）、内容概述 summary、正文 body、关键词 keywords、"
        "索引号 index_number（留空则自动编号）、文件类型 doc_type、废止日期 valid_until、"
        "附件 attachments（相对导入文件的路径，用“;”分隔）。先校验全部行：任何一行有错，"
        "逐条输出“文件:行号: 原因”，不写入任何数据，退出码1。"
    )
    columns = ITEM_IMPORT_COLUMNS
    org_help = "发布单位的代码"
    nothing_imported = "条目"
    name_errors_by_path = True

    def import_table(self, *, table, org):
        return items_import(table=table, org=org, progress=self.stderr)

    def success_message(self, *, result, org):
        text = f"导入完成：{result.created} 条（其中草稿 {result.drafts} 条），附件 {result.attachments} 个。"
        published = result.created - result.drafts
        if published:
            text += (
                f"\n已发布 {published} 条：检索索引 {result.indexed} 条，"
                f"清除附件隐藏信息 {result.attachments_cleaned} 个。"
            )
            if result.findings:
                text += (
                    f"\n预审发现 {result.findings} 处个人信息、密级标志或敏感词（已公开）："
                    "见各条目的保密审查工作台；每日网站检查后列入“网站检查问题”，请本单位尽快处理。"
                )
        return text
