"""The engine on the database in use (SQLite by default; PostgreSQL with DATABASE_URL)."""

from __future__ import annotations

import datetime

import pytest

from gongkai.catalogue.models import CatalogueItem
from gongkai.search.backends import Filters
from gongkai.search.models import SearchDocument
from gongkai.search.services import search_exact_item, search_run

pytestmark = pytest.mark.django_db


def titles(page) -> list[str]:
    return [hit.item.title for hit in page.hits]


def test_it_finds_two_character_words_inside_longer_words(make_item):
    make_item("关于进一步推进政府信息公开工作的通知")
    make_item("城乡最低生活保障和低保边缘家庭认定办法")
    make_item("耕地地力保护补贴资金发放公示")
    make_item("无关的道路施工公告")
    # 公开 sits inside 政府信息公开, 补贴 inside 耕地地力保护补贴 (a user-dictionary word), 低保
    # inside 低保边缘家庭: each is found although the segmenter keeps the longer word.
    assert titles(search_run(query="公开")) == ["关于进一步推进政府信息公开工作的通知"]
    assert titles(search_run(query="补贴")) == ["耕地地力保护补贴资金发放公示"]
    assert titles(search_run(query="低保")) == ["城乡最低生活保障和低保边缘家庭认定办法"]


def test_it_finds_names_and_document_numbers_inside_text(make_item):
    make_item("人事任免通知", body="<p>任命张建国同志为示例市民政局副局长。</p>")
    make_item("关于印发实施方案的通知", doc_number="示政办发〔2024〕12号")
    make_item("另一份通知", doc_number="示政办发〔2023〕7号")
    assert titles(search_run(query="张建国")) == ["人事任免通知"]
    # Typed with other brackets and full-width digits, the 文号 still matches only its item.
    assert titles(search_run(query="示政办发[２０２４]12号")) == ["关于印发实施方案的通知"]
    # 局长 sits inside 副局长; every item carries the org name 示例市民政局, which has no 局长.
    assert titles(search_run(query="局长")) == ["人事任免通知"]


def test_it_expands_synonyms(make_item):
    make_item("最低生活保障金发放情况")
    # 低保 and 最低生活保障 are one shipped synonym group.
    assert titles(search_run(query="低保")) == ["最低生活保障金发放情况"]


def test_it_keeps_withdrawn_and_unpublished_items_out(make_item, committed):
    item = make_item("低保资金公示")
    assert SearchDocument.objects.filter(pk=item.pk).exists()
    item.withdrawn_at = datetime.datetime(2024, 4, 1, tzinfo=datetime.UTC)
    with committed():
        item.save()
    assert not SearchDocument.objects.filter(pk=item.pk).exists()
    assert search_run(query="低保").total == 0


def test_it_removes_deleted_items(make_item, committed):
    item = make_item("低保资金公示")
    with committed():
        item.delete()
    assert SearchDocument.objects.count() == 0


def test_it_follows_changes(make_item, committed):
    item = make_item("低保资金公示")
    item.title = "临时救助资金公示"
    with committed():
        item.save()
    assert search_run(query="低保").total == 0
    assert titles(search_run(query="临时救助")) == ["临时救助资金公示"]


def test_it_ranks_title_matches_above_body_matches(make_item):
    make_item("道路维修公告", body="<p>本次维修不影响低保发放。</p>")
    make_item("低保发放公告")
    assert titles(search_run(query="低保")) == ["低保发放公告", "道路维修公告"]


def test_it_filters_and_counts_facets(make_item, other_org, topic):
    make_item("低保发放公告一", topic=topic)
    make_item("低保发放公告二", published_on=datetime.date(2023, 6, 1))
    make_item("低保资金预算", org=other_org)
    page = search_run(query="低保")
    assert page.total == 3
    # Two items published in 2024 and one in 2023; two from the first org, one from the other.
    assert page.facets["year"] == {2024: 2, 2023: 1}
    assert page.facets["org_id"][other_org.pk] == 1
    filtered = search_run(query="低保", filters=Filters(org_ids=(other_org.pk,)))
    assert titles(filtered) == ["低保资金预算"]
    assert titles(search_run(query="低保", filters=Filters(topic_id=topic.pk))) == [
        "低保发放公告一"
    ]
    assert search_run(query="低保", filters=Filters(year=2023)).total == 1


def test_it_sorts_by_date(make_item):
    make_item("低保公告旧", published_on=datetime.date(2022, 1, 1))
    make_item("低保公告新", published_on=datetime.date(2024, 1, 1))
    assert titles(search_run(query="低保", sort="date")) == ["低保公告新", "低保公告旧"]


def test_an_exact_document_number_finds_its_item(make_item):
    item = make_item("关于印发实施方案的通知", doc_number="示政办发〔2024〕12号")
    assert search_exact_item(query="示政办发（2024）12号") == item
    assert search_exact_item(query=item.index_number) == item
    assert search_exact_item(query="示政办发〔2024〕1号") is None


def test_a_query_without_results_suggests_alternatives(make_item):
    make_item("低保资金发放公示")
    page = search_run(query="低保 火箭")
    assert page.total == 0
    # Dropping 火箭 leaves 低保, which finds the item.
    assert "低保" in page.suggestions


def test_user_input_cannot_break_the_query(make_item):
    make_item("低保资金发放公示")
    for nasty in ['"', "' OR 1=1 --", "NEAR(", "a:*", "*", '低保" OR "', "()&|!"]:
        search_run(query=nasty)  # must not raise
    # Quotes are not syntax: 低保" finds the item like 低保 does.
    assert search_run(query='低保"').total == 1


def test_filters_by_type_validity_and_org_scope_inside_the_index(make_item, other_org):
    make_item("低保规范性文件", doc_type="normative", validity="in_force")
    make_item("低保工作动态")
    make_item("低保资金预算", org=other_org)
    # doc_type "" is the choice 其他: the two items without a type.
    assert search_run(query="低保", filters=Filters(doc_type="")).total == 2
    assert titles(search_run(query="低保", filters=Filters(validity="in_force"))) == [
        "低保规范性文件"
    ]
    # A user who may see no org sees nothing.
    assert search_run(query="低保", filters=Filters(org_ids=())).total == 0


def test_more_matches_than_the_cap_are_answered_from_the_newest(make_item):
    from gongkai.search.backends import get_backend
    from gongkai.search.segment import default_segmenter

    for year in (2022, 2023, 2024):
        make_item(f"低保公告{year}", published_on=datetime.date(year, 5, 1))
    backend = get_backend()
    backend.cap = 2
    alternatives = default_segmenter().expand(["低保"])
    result = backend.search(alternatives=alternatives, sort="date")
    # Three items match and the cap is two: the 2024 and 2023 items are the newest (by item id
    # on SQLite, by publication year on PostgreSQL - here both orders agree).
    assert (result.total, result.approximate) == (2, True)
    assert result.facets["year"] == {2024: 1, 2023: 1}


def test_a_rebuild_loads_in_bulk_and_leaves_the_index_maintained(make_item, committed):
    from gongkai.search.services import search_rebuild

    make_item("低保资金公示")
    make_item("临时救助公示")
    assert search_rebuild(batch_size=1) == 2
    assert search_run(query="救助").total == 1
    # After the bulk load the per-row upkeep is back: a new item is found, a deleted one is not.
    make_item("低保边缘家庭认定")
    assert search_run(query="低保").total == 2
    with committed():
        CatalogueItem.objects.get(title="低保资金公示").delete()
    assert titles(search_run(query="低保")) == ["低保边缘家庭认定"]


def test_both_sqlite_filter_plans_find_the_same_items(make_item, org, other_org):
    from django.db import connection

    from gongkai.search.backends import get_backend
    from gongkai.search.segment import default_segmenter

    if connection.vendor != "sqlite":
        pytest.skip("the filter-first plan is SQLite's; PostgreSQL has one plan")
    make_item("低保资金发放公示")
    make_item("道路维修公告", body="<p>维修期间低保发放照常。</p>")
    make_item("2024年城乡低保标准")
    make_item("保障房公示")  # 保障 is not 低保: must not match
    make_item("低保资金预算", org=other_org)
    seg = default_segmenter()
    for query, expected in [
        # Three of the first org's items contain 低保 (title or body); the other org's does not count.
        ("低保", 3),
        # 2024年 is the phrase 2024 + the prefix 年: only the standard's title has it.
        ("2024年 低保", 1),
    ]:
        alternatives = seg.expand(seg.query_terms(query))
        narrow = get_backend()
        broad = get_backend()
        broad.narrow_filter = 0  # forces the words-and-tags MATCH plan
        filters = Filters(org_ids=(org.pk,))
        first = narrow.search(alternatives=alternatives, filters=filters)
        second = broad.search(alternatives=alternatives, filters=filters)
        assert first.total == second.total == expected
        assert {h.item_id for h in first.hits} == {h.item_id for h in second.hits}
    # Title matches rank above body matches in the filter-first plan too.
    hits = narrow.search(alternatives=seg.expand(["低保"]), filters=Filters(org_ids=(org.pk,)))
    assert hits.hits[-1].item_id == CatalogueItem.objects.get(title="道路维修公告").pk


@pytest.mark.parametrize("narrow_filter", [None, 0])
def test_words_typed_together_rank_the_whole_phrase_first(make_item, org, narrow_filter):
    """领导信息 is cut into 领导 + 信息; items with the whole phrase come before items with both apart."""
    from gongkai.search import services
    from gongkai.search.backends import SqliteFtsBackend

    # Newer items with both words apart, in titles and bodies, compete with the wanted one.
    make_item(
        "市领导到办公室调研政务公开工作",
        body="<p>市领导听取信息公开工作汇报，要求做好信息发布。</p>",
        published_on=datetime.date(2024, 6, 1),
    )
    make_item(
        "市领导调研信息化建设",
        body="<p>领导强调信息安全。</p>",
        published_on=datetime.date(2024, 6, 2),
    )
    make_item(
        "澜江市民政局领导信息",
        # A long body lowers PostgreSQL's length-normalised rank of the wanted item.
        body="<p>" + "局长主持全面工作，分管办公室、财务和人事。" * 30 + "</p>",
        formed_on=datetime.date(2024, 1, 2),
        published_on=datetime.date(2024, 1, 5),
    )
    original = SqliteFtsBackend.narrow_filter
    if narrow_filter is not None:
        SqliteFtsBackend.narrow_filter = narrow_filter  # the words-and-tags MATCH plan
    try:
        for filters in (Filters(), Filters(org_ids=(org.pk,))):
            page = services.search_run(query="领导信息", filters=filters)
            assert page.total == 3
            assert titles(page)[0] == "澜江市民政局领导信息"
    finally:
        SqliteFtsBackend.narrow_filter = original


def test_a_topic_or_org_name_finds_what_is_filed_under_it_and_follows_renames(
    make_item, org, committed
):
    from gongkai.catalogue.models import Topic

    land = Topic.objects.get(name="征地拆迁")  # one of the shipped key columns
    make_item("集体土地征收补偿方案公示", topic=land)
    make_item("道路维修公告")
    # The text says 土地征收; the topic it is filed under says 征地拆迁.
    assert titles(search_run(query="征地拆迁")) == ["集体土地征收补偿方案公示"]
    land.name = "征地补偿"
    with committed():
        land.save()
    assert titles(search_run(query="征地补偿")) == ["集体土地征收补偿方案公示"]
    assert search_run(query="拆迁").total == 0
    org.name = "示例市民政和养老服务局"
    with committed():
        org.save()
    assert search_run(query="养老服务").total == 2
