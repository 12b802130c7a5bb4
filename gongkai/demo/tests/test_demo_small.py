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
