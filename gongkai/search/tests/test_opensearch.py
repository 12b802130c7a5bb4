"""The optional OpenSearch backend: request building without a server; a live round trip when
one is reachable at GONGKAI_OPENSEARCH_URL (skipped otherwise, with the reason)."""

from __future__ import annotations

import datetime
import importlib.util
import os
import socket
from urllib.parse import urlsplit

import pytest
from django.core.exceptions import ImproperlyConfigured

from gongkai.search import opensearch
from gongkai.search.backends import Filters


def test_the_index_uses_our_tokens_for_matching_and_a_chinese_analyzer_for_raw_text():
    body = opensearch.index_body(analyzer="smartcn")
    analyzers = body["settings"]["analysis"]["analyzer"]
    assert analyzers["gongkai_tokens"]["tokenizer"] == "whitespace"
    assert analyzers["gongkai_zh"]["tokenizer"] == "smartcn_tokenizer"
    assert body["mappings"]["properties"]["title_seg"]["fields"]["zh"]["analyzer"] == "gongkai_zh"
    assert (
        opensearch.index_body(analyzer="ik")["settings"]["analysis"]["analyzer"]["gongkai_zh"][
            "tokenizer"
        ]
        == "ik_max_word"
    )
    with pytest.raises(ValueError, match="unknown analyzer"):
        opensearch.index_body(analyzer="english")


def test_a_query_is_and_over_terms_or_over_synonyms_with_filters():
    body = opensearch.query_body(
        alternatives=[["低保", "最低生活保障"], ["公示"]],
        filters=Filters(org_ids=(3,), year=2024),
        limit=10,
    )
    must = body["query"]["bool"]["must"]
    # Two terms → two required clauses; the first has 2 synonyms × 4 fields = 8 options.
    assert len(must) == 2
    assert len(must[0]["bool"]["should"]) == 8
    # 最低生活保障 becomes the phrase of its bigrams 最低 低生 生活 活保 保障.
    phrases = [
        o["match_phrase"]["title_seg"]["query"]
        for o in must[0]["bool"]["should"]
        if "title_seg" in o.get("match_phrase", {})
    ]
    assert "最低 低生 生活 活保 保障" in phrases
    assert body["query"]["bool"]["filter"] == [
        {"terms": {"org_id": [3]}},
        {"term": {"year": 2024}},
    ]
    assert opensearch.query_body(alternatives=[["、"]]) is None  # nothing searchable


def test_a_whole_phrase_only_adds_to_the_score():
    body = opensearch.query_body(alternatives=[["领导"], ["信息"]], phrases=["领导信息"])
    query = body["query"]["bool"]
    assert len(query["must"]) == 2  # what matches is still 领导 AND 信息
    assert {"match_phrase": {"title_seg": {"query": "领导 导信 信息", "boost": 10}}} in query[
        "should"
    ]
    dated = opensearch.query_body(alternatives=[["领导"]], phrases=["领导信息"], sort="date")
    assert "should" not in dated["query"]["bool"]  # no score, no bonus


def test_a_capped_total_is_reported_as_approximate():
    response = {
        "hits": {
            "total": {"value": 2000, "relation": "gte"},
            "hits": [{"_id": "7", "_score": 1.5}],
        },
        "aggregations": {"year": {"buckets": [{"key": 2024, "doc_count": 1500}]}},
    }
    result = opensearch.results_from_response(response)
    assert (result.total, result.approximate) == (2000, True)
    assert result.hits[0].item_id == 7
    assert result.facets == {"year": {2024: 1500}}


def test_selecting_opensearch_without_a_url_says_what_is_missing(settings):
    settings.GONGKAI_SEARCH_BACKEND = "opensearch"
    settings.GONGKAI_OPENSEARCH_URL = ""
    os.environ.pop("GONGKAI_OPENSEARCH_URL", None)
    from gongkai.search.backends import get_backend

    with pytest.raises(ImproperlyConfigured, match="GONGKAI_OPENSEARCH_URL|opensearch-py"):
        get_backend()


def _server_unavailable() -> str:
    if importlib.util.find_spec("opensearchpy") is None:
        return "opensearch-py is not installed (it is optional): OpenSearch round trip skipped"
    url = os.environ.get("GONGKAI_OPENSEARCH_URL", opensearch.DEFAULT_URL)
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname, parts.port or 9200), timeout=0.5):
            return ""
    except OSError:
        return f"no OpenSearch server at {url} (set GONGKAI_OPENSEARCH_URL): round trip skipped"


@pytest.mark.django_db
def test_a_live_server_finds_filters_and_forgets_items(make_item, settings):
    reason = _server_unavailable()
    if reason:
        pytest.skip(reason)
    settings.GONGKAI_SEARCH_BACKEND = "opensearch"
    settings.GONGKAI_OPENSEARCH_URL = os.environ.get(
        "GONGKAI_OPENSEARCH_URL", opensearch.DEFAULT_URL
    )
    settings.GONGKAI_OPENSEARCH_INDEX = "gongkai-search-test"
    settings.GONGKAI_OPENSEARCH_ANALYZER = os.environ.get("GONGKAI_OPENSEARCH_ANALYZER", "cjk")
    from gongkai.search.backends import get_backend
    from gongkai.search.services import search_run

    backend = get_backend()
    backend.clear()
    make_item("城乡低保资金发放公示")
    make_item("道路施工公告", published_on=datetime.date(2023, 1, 1))
    backend.refresh()
    page = search_run(query="低保")
    assert [h.item.title for h in page.hits] == ["城乡低保资金发放公示"]
    assert search_run(query="公告", filters=Filters(year=2024)).total == 0
    backend.clear()
