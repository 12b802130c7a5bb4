"""``manage.py demo``: fill an empty instance with the fictional county-level city 澜江市."""

from __future__ import annotations

import secrets
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from gongkai.demo.plan import CITY, SCALES
from gongkai.demo.services import DemoRefused, demo_build


class Command(BaseCommand):
    help = (
        f"向空实例填充虚构的县级市“{CITY}”：市政府、30个部门、32个乡镇（街道），每个单位"
        "各角色的演示账号，以及2011年（与种子年报的9219条一致）和最近三年的公开目录条目。"
        "--scale small 用于测试（几秒），city（默认）为完整城市，million 追加到约100万条用于性能测试。"
        "所有演示账号共用一个随机密码：仅在 DEBUG 模式或指定 --print-passwords 时打印；"
        "否则请用 manage.py changepassword <用户名> 设置密码。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=SCALES, default="city", help="数据规模（默认 city）")
        parser.add_argument("--seed", type=int, default=2011, help="随机种子：同一种子生成相同数据")
        parser.add_argument(
            "--print-passwords",
            action="store_true",
            help="结束时打印演示账号的共用密码（DEBUG 模式下总是打印）",
        )
        parser.add_argument(
            "--password",
            default=None,
            help="指定演示账号的共用密码（至少10个字符；默认随机生成）",
        )

    def handle(self, *args, **options):
        password = options["password"] or secrets.token_urlsafe(12)
        if len(password) < 10:
            raise CommandError("--password 至少需要10个字符。", returncode=2)
        started = time.monotonic()
        try:
            result = demo_build(
                scale=options["scale"],
                seed=options["seed"],
                password=password,
                progress=self.stderr,
            )
        except DemoRefused as exc:
            raise CommandError(str(exc), returncode=1) from None
        elapsed = time.monotonic() - started
        self.stdout.write(
            f"{CITY}演示数据已生成（{elapsed:.0f}秒）：{result.orgs} 个单位，{result.users} 个账号，"
            f"{result.items} 条目录条目，{result.attachments} 个附件；"
            f"{result.activity.applications} 件依申请公开申请（{result.activity.open_applications} 件办理中），"
            f"{result.activity.appeals} 件复议诉讼案件，{result.activity.letters} 封来信，"
            f"{result.activity.press} 场新闻发布会，{result.activity.figures} 条年报填报数据；"
            f"检索索引已建立（{result.indexed} 条）。"
        )
        if not result.portal:
            self.stdout.write("门户页面未生成（gongkai.portal.services 不可用）。")
        self.stdout.write(
            "账号示例：demo-sysadmin（系统管理员）、demo-lj-bgs-supervisor1（办公室督查员）、"
            "demo-lj-jyj-editor（信息员）、demo-lj-jyj-reviewer、demo-lj-jyj-signer、"
            "demo-lj-jyj-orgadmin。"
        )
        if settings.DEBUG or options["print_passwords"]:
            self.stdout.write(f"所有演示账号的共用密码：{password}")
        else:
            self.stdout.write(
                "演示账号的密码未显示。请运行 manage.py changepassword <用户名> 设置密码，"
                "或下次运行时加 --print-passwords。"
            )
