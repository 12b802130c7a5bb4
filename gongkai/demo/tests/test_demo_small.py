import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from gongkai.catalogue.models import CatalogueItem
from gongkai.orgs.models import Org

pytestmark = pytest.mark.django_db

MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


@pytest.fixture
def built(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    out = io.StringIO()
    call_command("demo", "--scale", "small", "--seed", "3", stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_small_demo_builds_orgs_staff_and_items_in_the_seed_mix(built):
    # small: the government, 3 departments, 2 towns.
    assert Org.objects.count() == 6
    users = get_user_model().objects.filter(username__startswith="demo-")
    # 4 roles x 6 orgs + 2 general-office supervisors + 1 system administrator.
    assert users.count() == 27
    assert users.get(username="demo-sysadmin").is_superuser
    assert users.filter(username="demo-lj-jyj-editor").exists()
    y2011 = CatalogueItem.objects.filter(formed_on__year=2011)
    assert y2011.count() == 30
    seed_classes = {
        "overview",
        "plans",
        "policies",
        "news",
        "personnel",
        "finance",
        "enforcement",
        "other",
    }
    assert set(y2011.values_list("category__slug", flat=True)) == seed_classes
    # news is the biggest class in the seed (3896 of 9219): it stays the biggest.
    counts = {s: y2011.filter(category__slug=s).count() for s in seed_classes}
    assert max(counts, key=counts.get) == "news"
    numbers = list(CatalogueItem.objects.values_list("index_number", flat=True))
    assert len(numbers) == len(set(numbers)) and all(numbers)


def test_demo_text_has_no_mobile_numbers_and_passwords_stay_hidden(built):
    for title, body in CatalogueItem.objects.values_list("title", "body"):
        assert not MOBILE.search(title + body)
    assert "密码未显示" in built


def test_demo_refuses_a_non_empty_instance(built):
    with pytest.raises(CommandError) as exc:
        call_command("demo", "--scale", "small", stdout=io.StringIO(), stderr=io.StringIO())
    assert exc.value.returncode == 1


def test_small_demo_city_is_at_work_and_its_reports_add_up(built):
    import datetime as dt
    import json

    from django.utils import timezone

    from gongkai.appeals.models import Appeal
    from gongkai.applications.models import Application, Status
    from gongkai.mailbox.models import Letter
    from gongkai.pii.checkdigits import is_valid_resident_id
    from gongkai.press.models import PressConference
    from gongkai.reports.checks import check_report, parse_report_json
    from gongkai.reports.models import AnnualFigures

    # Concluded applications carry one of the coded outcomes; some are still open today.
    concluded = Application.objects.filter(status=Status.CONCLUDED)
    assert concluded.exists() and not concluded.filter(outcome="").exists()
    assert Application.objects.open().filter(due_date__gte=timezone.localdate()).exists()
    # No stored ID number could belong to a real person (wrong check character on purpose).
    ids = Application.objects.exclude(id_number="").values_list("id_number", flat=True)
    assert ids and not any(is_valid_resident_id(n) for n in ids)
    # Letters reach the mayor's mailbox and most writers rate the answer.
    assert Letter.objects.filter(mailbox__is_mayor=True).exists()
    assert Letter.objects.exclude(rating="").exists()
    assert not Letter.objects.filter(writer_phone__regex=r"^1[3-9]\d{9}$").exists()
    conference = PressConference.objects.filter(live=True).first()
    assert conference is not None and conference.qa_pairs.exists()
    assert Appeal.objects.exists()
    # Section 二 figures: one row per org (6 in small) and year (3).
    assert AnnualFigures.objects.count() == 6 * 3
    this_year = timezone.localdate().year
    for year in (this_year - 2, this_year - 1, this_year):
        out = io.StringIO()
        call_command(
            "annual_report",
            "--org",
            "lj",
            "--year",
            str(year),
            "--format",
            "json",
            "--rollup",
            stdout=out,
        )
        data = json.loads(out.getvalue())
        assert data["checks"] == []
        assert check_report(parse_report_json(out.getvalue())) == []
        if year < this_year:  # every full year has applications (column -1 is 总计)
            assert data["section3"]["rows"]["new"][-1] > 0
    assert dt.date(this_year - 2, 1, 1) <= concluded.order_by("receipt_date")[0].receipt_date


def test_the_demo_city_is_searchable_without_a_task_worker(built):
    from gongkai.search.models import SearchDocument
    from gongkai.search.services import search_run

    public = CatalogueItem.objects.public()
    assert SearchDocument.objects.count() == public.count() > 0
    # Any public item is found by a word of its title (the first two characters after the city).
    item = public.order_by("pk").first()
    word = item.title.removeprefix("澜江市")[:2]
    assert item.pk in {h.item.pk for h in search_run(query=word, per_page=100).hits}
    assert "检索索引已建立" in built
