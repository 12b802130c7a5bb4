"""Scale-out backend: the same search interface on an OpenSearch cluster (optional).

Selected with ``GONGKAI_SEARCH_BACKEND=opensearch`` and ``GONGKAI_OPENSEARCH_URL`` (Django
settings of those names, else environment variables). The ``opensearch-py`` client is not a
dependency of Gongkai: it is imported only when this backend is used, with a clear error when
it is missing.

What is indexed is the ``SearchDocument`` row the embedded backends use: the segmented fields
(``segment.Segmenter.segment_for_index``: CJK bigrams + jieba words) under a whitespace
analyzer, so matching is exactly the embedded backends' (phrases of bigrams, same synonyms),
and the filter tags' values as keyword/integer fields. Ranking is OpenSearch's BM25 with the
same field weights. ``index_body(analyzer=...)`` also defines a Chinese analyzer (smartcn, ik or
the built-in cjk_bigram) — the one to give Wagtail's own OpenSearch backend for pages (see
docs/search.md) — and a ``title`` sub-field analysed by it for deployments that store raw
titles there.

Pure parts (``index_body``, ``query_body``, ``results_from_response``) need no server and no
client library; ``OpenSearchBackend`` talks to the server.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from . import segment
from .backends import (
    CANDIDATE_CAP,
    FACET_FIELDS,
    NO_FILTERS,
    Filters,
    Hit,
    SearchBackend,
    SearchResults,
    Sort,
)
from .models import SearchDocument

DEFAULT_URL = "http://127.0.0.1:9200"
DEFAULT_INDEX = "gongkai-search"
TEXT_FIELDS: dict[str, float] = {
    "title_seg": 10.0,
    "number_seg": 6.0,
    "meta_seg": 3.0,
    "body_seg": 1.0,
}

# Chinese analyzers for raw text. smartcn ships with OpenSearch as the analysis-smartcn plugin
# (bin/opensearch-plugin install analysis-smartcn); ik is a third-party plugin
# (ik_max_word for indexing, ik_smart for queries); cjk_bigram is built in and mirrors our
# character stream without any plugin.
CHINESE_ANALYZERS: dict[str, dict[str, Any]] = {
    "smartcn": {"type": "custom", "tokenizer": "smartcn_tokenizer", "filter": ["lowercase"]},
    "ik": {"type": "custom", "tokenizer": "ik_max_word", "filter": ["lowercase"]},
    "cjk": {
        "type": "custom",
        "tokenizer": "standard",
        "filter": ["cjk_width", "lowercase", "cjk_bigram"],
    },
}


def setting(name: str, default: str = "") -> str:
    """A Django setting, else the environment variable of the same name, else ``default``."""
    from django.conf import settings

    return str(getattr(settings, name, None) or os.environ.get(name) or default)


def index_body(*, analyzer: str = "smartcn", shards: int = 1, replicas: int = 1) -> dict:
    """Index settings and mapping (pure). ``analyzer``: smartcn, ik or cjk."""
    if analyzer not in CHINESE_ANALYZERS:
        raise ValueError(f"unknown analyzer {analyzer!r}: use one of {sorted(CHINESE_ANALYZERS)}")
    tokens = {"type": "text", "analyzer": "gongkai_tokens", "similarity": "BM25"}
    properties: dict[str, Any] = {name: dict(tokens) for name in TEXT_FIELDS}
    properties["title_seg"]["fields"] = {"zh": {"type": "text", "analyzer": "gongkai_zh"}}
    properties.update(
        {
            "org_id": {"type": "long"},
            "category_id": {"type": "long"},
            "topic_id": {"type": "long"},
            "year": {"type": "short"},
            "doc_type": {"type": "keyword"},
            "validity": {"type": "keyword"},
            "published_on": {"type": "date"},
            "item_id": {"type": "long"},
        }
    )
    return {
        "settings": {
            "index": {"number_of_shards": shards, "number_of_replicas": replicas},
            "analysis": {
                "analyzer": {
                    # Our segmenter already cut the text: split on spaces, nothing else.
                    "gongkai_tokens": {"type": "custom", "tokenizer": "whitespace"},
                    "gongkai_zh": CHINESE_ANALYZERS[analyzer],
                }
            },
        },
        "mappings": {"dynamic": "strict", "properties": properties},
    }


def document_body(document: SearchDocument) -> dict:
    """The OpenSearch source of one index row (pure)."""
    body = {name: getattr(document, name) for name in TEXT_FIELDS}
    body.update({name: getattr(document, name) for name in FACET_FIELDS})
    body["item_id"] = document.pk
    body["published_on"] = document.published_on.isoformat() if document.published_on else None
    return body


def query_body(
    *,
    alternatives: Sequence[Sequence[str]],
    filters: Filters = NO_FILTERS,
    sort: Sort = "relevance",
    offset: int = 0,
    limit: int = 10,
    facets: bool = True,
    cap: int = CANDIDATE_CAP,
    phrases: Sequence[str] = (),
) -> dict | None:
    """The search request (pure): AND over terms, OR over synonyms, each a phrase of tokens.

    ``phrases`` (whole runs of the query, see ``Segmenter.query_phrases``) are optional
    ``should`` clauses: they add to the score of items containing them, not to what matches.
    """
    must = []
    for alts in alternatives:
        options = []
        for term in alts:
            tokens = segment.char_tokens(term)
            if not tokens:
                continue
            kind = "match_phrase_prefix" if segment.phrase_tokens(term)[1] else "match_phrase"
            for name, boost in TEXT_FIELDS.items():
                options.append({kind: {name: {"query": " ".join(tokens), "boost": boost}}})
        if options:
            must.append({"bool": {"should": options, "minimum_should_match": 1}})
    if not must:
        return None
    filter_clauses: list[dict] = []
    if filters.org_ids is not None:
        filter_clauses.append({"terms": {"org_id": list(filters.org_ids)}})
    for name in ("category_id", "topic_id", "year", "doc_type", "validity"):
        value = getattr(filters, name)
        if isinstance(value, tuple):
            filter_clauses.append({"terms": {name: list(value)}})
        elif value is not None:
            filter_clauses.append({"term": {name: value}})
    should = [
        {"match_phrase": {name: {"query": " ".join(segment.char_tokens(phrase)), "boost": boost}}}
        for phrase in phrases
        for name, boost in TEXT_FIELDS.items()
    ]
    query: dict[str, Any] = {"must": must, "filter": filter_clauses}
    if should and sort != "date":
        query["should"] = should  # with "must" present, should clauses only score
    body: dict[str, Any] = {
        "query": {"bool": query},
        "from": offset,
        "size": limit,
        "track_total_hits": cap,
        "_source": False,
        "sort": (
            [{"published_on": {"order": "desc", "missing": "_last"}}, {"item_id": "desc"}]
            if sort == "date"
            else ["_score", {"item_id": "desc"}]
        ),
    }
    if facets:
        body["aggs"] = {name: {"terms": {"field": name, "size": 100}} for name in FACET_FIELDS}
    return body


def results_from_response(response: dict, *, cap: int = CANDIDATE_CAP) -> SearchResults:
    """Hits, total (``约 N+`` when OpenSearch stopped counting at ``cap``) and facets (pure)."""
    hits_part = response.get("hits", {})
    total = hits_part.get("total", {"value": 0, "relation": "eq"})
    hits = [
        Hit(item_id=int(h["_id"]), score=float(h.get("_score") or 0))
        for h in hits_part.get("hits", [])
    ]
    facets = {
        name: {b["key"]: b["doc_count"] for b in agg.get("buckets", [])}
        for name, agg in response.get("aggregations", {}).items()
    }
    return SearchResults(
        total=int(total["value"]),
        hits=hits,
        facets=facets,
        approximate=total.get("relation") == "gte",
    )


class OpenSearchBackend(SearchBackend):
    """``SearchBackend`` on OpenSearch; the database keeps the ``SearchDocument`` rows too."""

    vendor = "opensearch"

    def __init__(self, *, url: str, index_name: str = DEFAULT_INDEX, analyzer: str = "smartcn"):
        try:
            from opensearchpy import OpenSearch
        except ImportError as exc:
            raise ImproperlyConfigured(
                "GONGKAI_SEARCH_BACKEND=opensearch needs the OpenSearch client: install the "
                "'opensearch-py' package, or unset GONGKAI_SEARCH_BACKEND to use the database."
            ) from exc
        self.url = url
        self.index_name = index_name
        self.analyzer = analyzer
        self.client = OpenSearch(hosts=[url], timeout=10)

    @classmethod
    def from_settings(cls) -> OpenSearchBackend:
        url = setting("GONGKAI_OPENSEARCH_URL")
        if not url:
            raise ImproperlyConfigured(
                "GONGKAI_SEARCH_BACKEND=opensearch needs GONGKAI_OPENSEARCH_URL "
                f"(for example {DEFAULT_URL})."
            )
        return cls(
            url=url,
            index_name=setting("GONGKAI_OPENSEARCH_INDEX", DEFAULT_INDEX),
            analyzer=setting("GONGKAI_OPENSEARCH_ANALYZER", "smartcn"),
        )

    def ensure_index(self) -> None:
        if not self.client.indices.exists(index=self.index_name):
            self.client.indices.create(
                index=self.index_name, body=index_body(analyzer=self.analyzer)
            )

    def index(self, documents: Sequence[SearchDocument]) -> None:
        super().index(documents)  # the rows stay in the database (exact 文号 lookup, rebuilds)
        if not documents:
            return
        from opensearchpy import helpers

        self.ensure_index()
        helpers.bulk(
            self.client,
            (
                {"_index": self.index_name, "_id": d.pk, "_source": document_body(d)}
                for d in documents
            ),
        )

    def remove(self, item_ids: Iterable[int]) -> None:
        ids = list(item_ids)
        super().remove(ids)
        if ids and self.client.indices.exists(index=self.index_name):
            self.client.delete_by_query(
                index=self.index_name, body={"query": {"terms": {"item_id": ids}}}
            )

    def clear(self) -> None:
        super().clear()
        self.client.indices.delete(index=self.index_name, ignore_unavailable=True)
        self.ensure_index()

    def refresh(self) -> None:
        """Make what was indexed searchable now (tests; OpenSearch refreshes every second)."""
        self.client.indices.refresh(index=self.index_name)

    def search(
        self,
        *,
        alternatives,
        filters=NO_FILTERS,
        sort="relevance",
        offset=0,
        limit=10,
        facets=True,
        phrases=(),
    ) -> SearchResults:
        body = query_body(
            alternatives=alternatives,
            filters=filters,
            sort=sort,
            offset=offset,
            limit=limit,
            facets=facets,
            cap=self.cap,
            phrases=phrases,
        )
        if body is None or filters.org_ids == ():
            return SearchResults(total=0, hits=[])
        return results_from_response(
            self.client.search(index=self.index_name, body=body), cap=self.cap
        )
