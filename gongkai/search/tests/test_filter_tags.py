"""Filter tags and candidate handling: pure logic, no database."""

from __future__ import annotations

import datetime

from gongkai.search import segment
from gongkai.search.backends import Filters, filter_tag_groups, results_from_candidates


def test_a_document_carries_one_tag_per_filter_field():
    # Field order is org, class, topic, year, type, validity; in_force loses its underscore;
    # an empty type and a missing topic are "none".
    tags = segment.filter_tags(
        org_id=12, category_id=3, topic_id=None, year=2024, doc_type="", validity="in_force"
    )
    assert tags == "~o12 ~c3 ~tnone ~y2024 ~dnone ~vinforce"


def test_a_search_requires_one_tag_per_given_filter_and_any_of_several_orgs():
    groups = filter_tag_groups(Filters(org_ids=(7, 5), year=2023, doc_type=""))
    # Unset filters (None) add nothing; org ids are sorted as text inside their OR group.
    assert groups == [["o5", "o7"], ["y2023"], ["dnone"]]
    assert segment.fts5_tag_match(groups) == '("~o5" OR "~o7") AND ("~y2023") AND ("~dnone")'
    assert segment.pg_tag_tsquery(groups) == "('~o5' | '~o7') & ('~y2023') & ('~dnone')"


def test_an_empty_org_scope_is_an_empty_group():
    assert filter_tag_groups(Filters(org_ids=())) == [[]]


def _row(item_id, score, day, org=1, year=2024):
    # (item_id, score, published_on, org_id, category_id, topic_id, year, doc_type, validity)
    return (item_id, score, day, org, 1, None, year, "", "")


def test_candidates_are_ranked_paged_and_counted_exactly_below_the_cap():
    rows = [
        _row(1, 0.5, datetime.date(2024, 1, 1)),
        _row(2, 2.0, datetime.date(2023, 1, 1), org=2, year=2023),
        _row(3, 0.5, None),
    ]
    result = results_from_candidates(rows, cap=10, limit=2)
    # Highest score first; the tie between items 1 and 3 goes to the newer id, 3.
    assert [h.item_id for h in result.hits] == [2, 3]
    assert (result.total, result.approximate) == (3, False)
    assert result.facets["org_id"] == {1: 2, 2: 1}
    by_date = results_from_candidates(rows, cap=10, sort="date", limit=3)
    # 2024 before 2023; the undated item goes last.
    assert [h.item_id for h in by_date.hits] == [1, 2, 3]


def test_one_row_beyond_the_cap_marks_the_result_approximate():
    rows = [_row(i, 1.0, datetime.date(2024, 1, i)) for i in (3, 2, 1)]
    result = results_from_candidates(rows, cap=2)
    # The caller fetched cap + 1 rows: the third only says "more"; it is neither shown nor counted.
    assert (result.total, result.approximate) == (2, True)
    assert sorted(h.item_id for h in result.hits) == [2, 3]
    assert result.facets["year"] == {2024: 2}
