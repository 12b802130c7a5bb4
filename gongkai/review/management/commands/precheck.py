"""``manage.py precheck FILE…``: the confidentiality pre-check from the command line."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.documents.extract import ExtractionError, check_supported, extract_file
from gongkai.pii.precheck import scan_chunks


class Command(BaseCommand):
    # argparse needs a real str for the description (a lazy proxy makes ``--help`` crash), and the
    # text is translated when asked for, in the language active then.
    @property
    def help(self) -> str:  # type: ignore[override]
        return _(
            "保密审查预检：检查文本、DOCX、XLSX 或 PDF 文件中不得公开的内容——校验位正确的身份证号、"
            "手机号、通过 Luhn 校验的银行卡号、密级标志（秘密、机密、绝密、内部、内部资料、注意保存），"
            "以及 --words 指定的敏感词。每处发现输出一行：FILE:LINE:COLUMN: kind: 脱敏后的值；"
            "kind 为 id_number、mobile、bank_card、secrecy_mark 或 sensitive_word。"
            "行号：文本文件为行；DOCX 为段落序号（正文含表格与文本框按顺序计数、空段也计数，"
            "其后依次为页眉、页脚、脚注、尾注）；XLSX 为单元格所在行；PDF 为所在页内的行。"
            "列号按字符计数：DOCX 为段落内、XLSX 为单元格内的位置。"
            "退出码：无发现为 0（不输出任何内容），有发现为 1，"
            "用法错误（文件不存在、类型不支持、文件无法读取）为 2。"
        )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", metavar="FILE", help=gettext_lazy("要检查的文件"))
        parser.add_argument(
            "--words",
            metavar="WORDS_FILE",
            help=gettext_lazy("敏感词表：UTF-8 文本文件，每行一个词"),
        )
        parser.add_argument(
            "--with-location",
            action="store_true",
            help=gettext_lazy("在每行末尾附上位置说明，如“[表 Sheet1!B3]”"),
        )

    def handle(self, *args, files: list[str], words: str | None, with_location: bool, **options):
        problems = []
        for name in [*files, *([words] if words else [])]:
            if not Path(name).is_file():
                problems.append(f"{name}: " + _("文件不存在：请检查路径。"))
        for name in files:
            if Path(name).is_file():
                try:
                    check_supported(name)
                except ExtractionError as exc:
                    problems.append(f"{name}: {exc}")
        if problems:
            self._fail(problems)

        sensitive_words: tuple[str, ...] = ()
        if words:
            sensitive_words = tuple(Path(words).read_text(encoding="utf-8-sig").splitlines())

        found = False
        for name in files:
            try:
                chunks = extract_file(name)
            except ExtractionError as exc:
                problems.append(f"{name}: {exc}")
                continue
            if not chunks and Path(name).suffix.lower() == ".pdf":
                self.stderr.write(f"{name}: " + _("未提取到文字（可能是扫描件），请人工检查。"))
            for f in scan_chunks(chunks, sensitive_words=sensitive_words):
                found = True
                line = f"{name}:{f.line}:{f.column}: {f.kind}: {f.masked}"
                if with_location and f.location:
                    line += f" [{f.location}]"
                self.stdout.write(line)
        if problems:
            self._fail(problems)
        if found:
            sys.exit(1)

    def _fail(self, problems: list[str]) -> None:
        for problem in problems:
            self.stderr.write(problem)
        sys.exit(2)
