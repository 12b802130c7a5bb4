"""The site check finds what inspectors find, routes it to the org, and is idempotent."""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile

from gongkai.catalogue.models import Attachment
from gongkai.review.models import SensitiveWord
from gongkai.supervision.models import FindingKind, FindingStatus, SiteCheckFinding
from gongkai.supervision.sitecheck import site_check_run

from .conftest import make_item

D = dt.date
# A valid resident ID: 11010519491231002 + check char. Weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2
# over 1 1 0 1 0 5 1 9 4 9 1 2 3 1 0 0 2: 7+9+0+5+0+20+2+9+24+27+7+18+30+5+0+0+4 = 167;
# 167 mod 11 = 2 → check char "X" (table 10X98765432).
ID = "11010519491231002X"


def test_it_finds_each_kind_and_routes_it_to_the_org(city, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    SensitiveWord.objects.create(word="某敏感词")
    target = make_item(city.education, city.news, "存在的信息", D(2024, 3, 1))
    leaky = make_item(
        city.finance,
        city.notices,
        "补贴名单公示",
        D(2024, 3, 2),
        body=(
            f'<p>张三 {ID}</p><p>见<a href="/xxgk/items/{target.pk}/">有效链接</a>和'
            '<a href="/xxgk/items/999999/">失效链接</a>，某敏感词。</p>'
        ),
    )
    policy = make_item(
        city.education, city.policies, "规范性文件", D(2024, 3, 3), doc_type="normative"
    )
    with_file = make_item(city.education, city.overview, "附件信息", D(2024, 3, 4))
    att = Attachment(item=with_file, title="附件一", kind="pdf")
    att.file.save("a.pdf", ContentFile(b"%PDF-1.4"), save=True)
    att.file.storage.delete(att.file.name)  # the file is gone from storage

    run = site_check_run(today=D(2024, 3, 10))
    found = {(f.org.code, f.item_id, f.kind) for f in SiteCheckFinding.objects.all()}
    assert found == {
        ("lj-czj", leaky.pk, FindingKind.PERSONAL_DATA),
        ("lj-czj", leaky.pk, FindingKind.BROKEN_LINK),
        ("lj-czj", leaky.pk, FindingKind.SENSITIVE_WORD),
        ("lj-jyj", policy.pk, FindingKind.NO_INTERPRETATION),
        ("lj-jyj", with_file.pk, FindingKind.MISSING_ATTACHMENT),
    }
    assert run.findings_new == 5
    personal = SiteCheckFinding.objects.get(kind=FindingKind.PERSONAL_DATA)
    assert ID not in personal.detail and "110***********002X" in personal.detail  # masked only

    # Running again changes nothing but last_seen.
    again = site_check_run(today=D(2024, 3, 11))
    assert again.findings_new == 0 and SiteCheckFinding.objects.count() == 5
    assert personal.__class__.objects.get(pk=personal.pk).last_seen == D(2024, 3, 11)

    # Fix the item and link an interpretation: those findings close as fixed on the next run.
    leaky.body = "<p>名单已按规定处理。</p>"
    leaky.save()
    interpretation = make_item(city.education, city.policies, "政策解读", D(2024, 3, 5))
    interpretation.interprets.add(policy)
    third = site_check_run(today=D(2024, 3, 12))
    assert third.findings_fixed == 4
    open_kinds = set(
        SiteCheckFinding.objects.filter(status=FindingStatus.OPEN).values_list("kind", flat=True)
    )
    assert open_kinds == {FindingKind.MISSING_ATTACHMENT}


def test_the_daily_job_runs_once_a_day(city):
    from gongkai.core.periodic import periodic_jobs
    from gongkai.supervision.periodic import site_check_daily

    names = {job.name for job in periodic_jobs()}
    assert {"supervision_site_check", "supervision_staleness_warnings"} <= names
    make_item(city.education, city.policies, "规范性文件", D(2024, 3, 3), doc_type="normative")
    assert site_check_daily().startswith("1 items")
    assert site_check_daily() == "already ran today"
