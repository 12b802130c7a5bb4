"""Periodic supervision jobs run by ``tick``. Each looks at the database to decide what is due,
so running it every minute, twice, or late does no harm."""

from __future__ import annotations

from django.utils import timezone

from gongkai.core.periodic import register_periodic


@register_periodic("supervision_site_check", description="网站内容检查（每天一次）")
def site_check_daily() -> str:
    """Scan everything published once a day; a day with a finished run is skipped."""
    from .models import SiteCheckRun
    from .sitecheck import site_check_run

    today = timezone.localdate()
    if SiteCheckRun.objects.filter(run_on=today, finished_at__isnull=False).exists():
        return "already ran today"
    run = site_check_run(today=today)
    return f"{run.items_checked} items, {run.findings_new} new, {run.findings_fixed} fixed"


@register_periodic("supervision_staleness_warnings", description="栏目即将超期未更新提醒")
def staleness_warnings() -> str:
    from .selectors import rules_current
    from .services import staleness_warnings_send

    sent = staleness_warnings_send(today=timezone.localdate(), rules=rules_current())
    return f"{sent} warnings"


@register_periodic("supervision_visits_flush", description="写入缓冲的页面访问量")
def visits_flush_job() -> str:
    from .visits import visits_flush

    return f"{visits_flush()} page views"
