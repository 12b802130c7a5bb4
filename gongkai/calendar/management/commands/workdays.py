"""``manage.py workdays add DATE N`` and ``manage.py workdays between DATE1 DATE2``.

The steps go to stdout and the answer is the last line, so scripts can ``tail -n 1``. When the
computation reaches a year whose arrangement is not confirmed, a warning goes to stderr.
Exit codes per docs: 0 success, 2 usage error (bad date, missing argument).
"""

from __future__ import annotations

import argparse
import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from gongkai.calendar.selectors import get_work_calendar


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"不是有效日期（应为 YYYY-MM-DD）：{value!r}") from None


class Command(BaseCommand):
    help = (
        "按工作日历计算期限：add DATE N 求 DATE 之后第 N 个工作日；between DATE1 DATE2 求工作日数。"
    )

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="{add,between}")
        add = sub.add_parser(
            "add",
            help="DATE 之后第 N 个工作日（DATE 当日不计入；N 为负数时向前倒数）",
        )
        add.add_argument("date", type=_date, metavar="DATE", help="起算日 YYYY-MM-DD")
        add.add_argument("n", type=int, metavar="N", help="工作日数")
        between = sub.add_parser(
            "between", help="DATE1 之后至 DATE2（含）的工作日数（DATE2 较早时为负数）"
        )
        between.add_argument("date1", type=_date, metavar="DATE1", help="起算日 YYYY-MM-DD")
        between.add_argument("date2", type=_date, metavar="DATE2", help="终止日 YYYY-MM-DD")

    def handle(self, *args, action: str, **options) -> None:
        calendar = get_work_calendar()
        try:
            if action == "add":
                result = calendar.add_workdays(options["date"], options["n"])
                answer = result.date.isoformat()
            else:
                result = calendar.workdays_between(options["date1"], options["date2"])
                answer = str(result.count)
        except OverflowError:
            raise CommandError("结果超出可表示的日期范围（公元 1 年至 9999 年）。") from None
        for step in result.steps:
            self.stdout.write(step)
        if result.provisional:
            self.stderr.write(
                "警告：计算涉及节假日安排尚未确认的年份，结果为暂定，"
                "请在国务院办公厅发布通知后复核。"
            )
        self.stdout.write(answer)
