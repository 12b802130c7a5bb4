"""Press conferences: the sentence for the annual report, yearly counts, the public column."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from gongkai.orgs.models import Org
from gongkai.press.models import Kind, PressConference, QAPair
from gongkai.press.rules import counts_sentence
from gongkai.press.selectors import press_yearly_counts, press_yearly_sentence

pytestmark = pytest.mark.urls("gongkai.mailbox.tests.urls")


def test_the_sentence_names_each_kind_held():
    assert counts_sentence({"conference": 12, "regular": 24, "briefing": 0}) == (
        "全年共举办新闻发布会12场、新闻例会24场。"
    )
    assert counts_sentence({}) == "全年未举办新闻发布会。"


@pytest.fixture
def gov(db):
    return Org.objects.create(code="LJ", name="澜江市人民政府", kind=Org.Kind.GOVERNMENT)


@pytest.fixture
def dept(gov):
    return Org.objects.create(
        code="LJWJW", name="澜江市卫生健康委员会", kind="department", parent=gov
    )


def make(org, day, kind=Kind.CONFERENCE, live=True, title="发布会"):
    return PressConference.objects.create(
        title=title, held_on=day, host_org=org, kind=kind, live=live
    )


def test_yearly_counts_by_kind_year_and_host(gov, dept):
    make(gov, dt.date(2025, 3, 1))
    make(gov, dt.date(2025, 6, 1))
    make(gov, dt.date(2025, 7, 1), kind=Kind.REGULAR)
    make(dept, dt.date(2025, 8, 1), kind=Kind.BRIEFING)
    make(gov, dt.date(2024, 12, 31))  # last year
    make(gov, dt.date(2025, 9, 1), live=False)  # a draft record
    assert press_yearly_counts(year=2025) == {"conference": 2, "regular": 1, "briefing": 1}
    assert press_yearly_sentence(year=2025, org=gov) == "全年共举办新闻发布会2场、新闻例会1场。"


def test_the_column_shows_published_events_with_escaped_questions(client, gov):
    conf = make(gov, dt.date(2025, 3, 1), title="澜江市2025年医保政策新闻发布会")
    conf.spokespersons = "王明 市医保局局长\n赵丽 市医保局副局长"
    conf.save()
    QAPair.objects.create(
        conference=conf, media="澜江日报", question="<b>异地就医</b>怎么备案？", answer="线上备案。"
    )
    make(gov, dt.date(2025, 4, 1), live=False, title="尚未公开的发布会")
    html = client.get(reverse("press:list")).content.decode()
    assert "澜江市2025年医保政策新闻发布会" in html and "尚未公开的发布会" not in html
    detail = client.get(reverse("press:detail", args=[conf.pk])).content.decode()
    assert "王明 市医保局局长" in detail
    assert "&lt;b&gt;异地就医&lt;/b&gt;怎么备案？" in detail
    hidden = PressConference.objects.get(title="尚未公开的发布会")
    assert client.get(reverse("press:detail", args=[hidden.pk])).status_code == 404
