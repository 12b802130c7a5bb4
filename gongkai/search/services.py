"""Indexing and querying: the services views, tasks and commands call.

Only ``CatalogueItem.objects.public()`` items are ever in the index; anything else that is asked
to be indexed is removed instead, so one function handles publication, change and withdrawal.
"""

from __future__ import annotations

import atexit
import html
import logging
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from django.db import connection, models
from django.utils import timezone
from django.utils.html import strip_tags

from gongkai.catalogue.models import CatalogueItem
from gongkai.documents.extract import ExtractionError, extract_chunks

from . import highlight, segment
from .backends import NO_FILTERS, Filters, SearchResults, Sort, get_backend
from .models import SearchDocument, SearchQueryLog, SearchTerm

logger = logging.getLogger(__name__)

MAX_BODY_CHARS = 200_000  # body + attachment text indexed per item (tsvector limit is 1 MB)
MAX_ATTACHMENT_BYTES = 30 * 1024 * 1024
LEXICON_RECHECK_SECONDS = 60

# --- The segmenter with the general office's dictionary ---------------------------------------

_segmenter_state: dict[str, object] = {"segmenter": None, "fingerprint": None, "checked": 0.0}
_segmenter_lock = threading.Lock()


def _terms_fingerprint() -> tuple[object, ...]:
    agg = SearchTerm.objects.aggregate(n=models.Count("id"), last=models.Max("created_at"))
    return (agg["n"], agg["last"])


def search_segmenter() -> segment.Segmenter:
    """The shipped lexicon plus ``SearchTerm`` rows; reloaded when those rows change."""
    now = time.monotonic()
    with _segmenter_lock:
        current = _segmenter_state["segmenter"]
        if current is not None and now - _segmenter_state["checked"] < LEXICON_RECHECK_SECONDS:
            return current
        fingerprint = _terms_fingerprint()
        _segmenter_state["checked"] = now
        if current is not None and fingerprint == _segmenter_state["fingerprint"]:
            return current
        base = segment.default_lexicon()
        words, groups = list(base.words), [list(g) for g in base.synonym_groups]
        for term in SearchTerm.objects.all():
            if term.kind == SearchTerm.Kind.SYNONYM:
                groups.append(term.term.split())
            else:
                words.append(term.term)
        segmenter = segment.Segmenter(segment.Lexicon.build(words=words, synonym_groups=groups))
        _segmenter_state.update(segmenter=segmenter, fingerprint=fingerprint)
        return segmenter


def search_segmenter_reset() -> None:
    """Forget the loaded dictionary (after SearchTerm changes in this process)."""
    with _segmenter_lock:
        _segmenter_state.update(segmenter=None, fingerprint=None, checked=0.0)


# --- Indexing ---------------------------------------------------------------------------------


def html_to_text(value: str) -> str:
    return html.unescape(strip_tags(value or ""))


def attachment_text(attachment) -> str:
    """Text of a DOCX/XLSX/PDF attachment via the pre-check's extractor; '' if unreadable."""
    try:
        if attachment.size and attachment.size > MAX_ATTACHMENT_BYTES:
            return ""
        with attachment.file.open("rb") as handle:
            data = handle.read(MAX_ATTACHMENT_BYTES + 1)
        return "\n".join(chunk.text for chunk in extract_chunks(data, attachment.file.name))
    except (ExtractionError, OSError, ValueError) as exc:
        logger.info("search: attachment %s not indexed: %s", attachment.pk, exc)
        return ""


def search_document_build(
    item: CatalogueItem,
    *,
    segmenter: segment.Segmenter,
    attachment_texts: Sequence[str] = (),
    org_name: str = "",
    topic_name: str = "",
) -> SearchDocument:
    """The (unsaved) index row of one item.

    The topic's name (主题分类: 征地拆迁, 食品安全 …) is searchable with the org name, so a
    search for a topic finds what is filed under it even when the text words it differently
    (集体土地征收).
    """
    published = item.publish_date()
    year = published.year if published else None
    body = " ".join([html_to_text(item.body), *attachment_texts])[:MAX_BODY_CHARS]
    meta = " ".join([org_name, topic_name, item.summary, item.keywords])
    return SearchDocument(
        item_id=item.pk,
        org_id=item.org_id,
        category_id=item.category_id,
        topic_id=item.topic_id,
        year=year,
        doc_type=item.doc_type,
        validity=item.validity,
        genre=item.genre,
        published_on=published,
        doc_number_key=segment.number_key(item.doc_number)[:100],
        index_number_key=segment.number_key(item.index_number)[:100],
        title_seg=segmenter.segment_for_index(item.title),
        number_seg=segmenter.segment_for_index(f"{item.doc_number} {item.index_number}"),
        meta_seg=segmenter.segment_for_index(meta),
        body_seg=segmenter.segment_for_index(body),
        tag_seg=segment.filter_tags(
            org_id=item.org_id,
            category_id=item.category_id,
            topic_id=item.topic_id,
            year=year,
            doc_type=item.doc_type,
            validity=item.validity,
        ),
    )


def search_index_items(*, item_ids: Iterable[int]) -> int:
    """(Re)index these items if public, remove them from the index otherwise. Returns indexed."""
    ids = list(item_ids)
    if not ids:
        return 0
    items = list(
        CatalogueItem.objects.public()
        .filter(pk__in=ids)
        .select_related("org", "topic")
        .prefetch_related("attachments")
    )
    segmenter = search_segmenter()
    documents = [
        search_document_build(
            item,
            segmenter=segmenter,
            attachment_texts=[attachment_text(a) for a in item.attachments.all()],
            org_name=item.org.name,
            topic_name=item.topic.name if item.topic else "",
        )
        for item in items
    ]
    backend = get_backend()
    backend.index(documents)
    gone = set(ids) - {item.pk for item in items}
    if gone:
        backend.remove(gone)
    return len(documents)


def search_reindex_items_of(*, org_id: int | None = None, topic_id: int | None = None) -> int:
    """Re-index every public item of an org or topic (after a rename: the name is indexed)."""
    items = CatalogueItem.objects.public()
    if org_id is not None:
        items = items.filter(org_id=org_id)
    if topic_id is not None:
        items = items.filter(topic_id=topic_id)
    ids = list(items.order_by("pk").values_list("pk", flat=True))
    return sum(
        search_index_items(item_ids=ids[start : start + 500]) for start in range(0, len(ids), 500)
    )


def search_remove_items(*, item_ids: Iterable[int]) -> None:
    get_backend().remove(item_ids)


def search_rebuild(
    *, batch_size: int = 200, progress: Callable[[int, int], None] | None = None
) -> int:
    """Empty the index and index every public item again, in batches of ``batch_size``.

    Runs inside ``backend.bulk_load()``: rows are written without per-row full-text upkeep and
    the FTS5 table / GIN index is built once at the end (see backends.SearchBackend.bulk_load).
    """
    backend = get_backend()
    ids = list(CatalogueItem.objects.public().order_by("pk").values_list("pk", flat=True))
    done = 0
    with backend.bulk_load():
        for start in range(0, len(ids), batch_size):
            done += search_index_items(item_ids=ids[start : start + batch_size])
            if progress:
                progress(min(start + batch_size, len(ids)), len(ids))
    return done


# --- Querying ---------------------------------------------------------------------------------


@dataclass
class PageHit:
    item: CatalogueItem
    score: float
    title_html: str
    snippet_html: str


@dataclass
class SearchPage:
    query: str
    terms: list[str]
    total: int
    hits: list[PageHit]
    facets: dict[str, dict[object, int]] = field(default_factory=dict)
    suggestions: list[str] = field(default_factory=list)
    approximate: bool = False  # more matches than backends.CANDIDATE_CAP: "约 N+"


def search_exact_item(*, query: str, queryset=None) -> CatalogueItem | None:
    """The item whose 文号 or 索引号 is exactly what was typed (brackets and widths aside)."""
    key = segment.number_key(query)
    if len(key) < 4 or not any(ch.isdigit() for ch in key):
        return None
    ids = list(
        SearchDocument.objects.filter(
            models.Q(doc_number_key=key) | models.Q(index_number_key=key)
        ).values_list("pk", flat=True)[:2]
    )
    if len(ids) != 1:
        return None  # none, or a 文号 shared by several items: show the results instead
    qs = queryset if queryset is not None else CatalogueItem.objects.public()
    return qs.filter(pk=ids[0]).first()


def search_run(
    *,
    query: str,
    filters: Filters = NO_FILTERS,
    sort: Sort = "relevance",
    page: int = 1,
    per_page: int = 10,
    queryset=None,
) -> SearchPage:
    """Search, then load and highlight the page of items. ``queryset`` limits what is shown."""
    segmenter = search_segmenter()
    terms = segmenter.query_terms(query)
    alternatives = segmenter.expand(terms)
    if not terms:
        return SearchPage(query=query, terms=[], total=0, hits=[])
    results: SearchResults = get_backend().search(
        alternatives=alternatives,
        filters=filters,
        sort=sort,
        offset=(max(page, 1) - 1) * per_page,
        limit=per_page,
        phrases=segmenter.query_phrases(query),
    )
    qs = queryset if queryset is not None else CatalogueItem.objects.public()
    items = qs.in_bulk([h.item_id for h in results.hits])
    marks = segment.highlight_terms(alternatives)
    hits = []
    for hit in results.hits:
        item = items.get(hit.item_id)
        if item is None:
            continue
        source = item.summary or html_to_text(item.body)
        hits.append(
            PageHit(
                item=item,
                score=hit.score,
                title_html=highlight.mark(item.title, marks),
                snippet_html=highlight.snippet(source, marks),
            )
        )
    page_result = SearchPage(
        query=query,
        terms=terms,
        total=results.total,
        hits=hits,
        facets=results.facets,
        approximate=results.approximate,
    )
    if results.total == 0:
        page_result.suggestions = search_suggestions(
            terms=terms, segmenter=segmenter, filters=filters
        )
    return page_result


def search_suggestions(
    *, terms: Sequence[str], segmenter: segment.Segmenter, filters: Filters, limit: int = 5
) -> list[str]:
    """Alternatives for a query that found nothing: fewer terms, synonyms, popular queries."""
    backend = get_backend()
    candidates: list[str] = []
    if len(terms) > 1:
        candidates.extend(" ".join(t for t in terms if t != drop) for drop in terms)
        candidates.extend(terms)
    for term in terms:
        candidates.extend(s for s in segmenter.lexicon.synonyms.get(term, ()) if s != term)
    found: list[str] = []
    for candidate in dict.fromkeys(candidates):
        alts = segmenter.expand(segmenter.query_terms(candidate))
        if backend.search(alternatives=alts, filters=filters, limit=1, facets=False).hits:
            found.append(candidate)
        if len(found) >= limit:
            return found
    popular = (
        SearchQueryLog.objects.filter(zero_result_count__lt=models.F("count"))
        .order_by("-month", "-count")
        .values_list("query", flat=True)[: limit * 2]
    )
    for query in popular:
        if query not in found:
            found.append(query)
        if len(found) >= limit:
            break
    return found


# --- Statistics -------------------------------------------------------------------------------


class QueryLogBuffer:
    """Counts queries in memory and writes them in one upsert per query every few seconds.

    Statistics tolerate losing the last interval of a process killed hard; they do not justify a
    database write (and, on SQLite, a write lock) per search.
    """

    def __init__(self, *, max_age: float = 60.0, max_pending: int = 200) -> None:
        self.max_age = max_age
        self.max_pending = max_pending
        self._pending: dict[tuple[str, str], list[int]] = {}
        self._since = time.monotonic()
        self._lock = threading.Lock()

    def add(self, *, query: str, zero: bool, month: str | None = None) -> None:
        key = (month or timezone.localdate().strftime("%Y-%m"), query)
        with self._lock:
            entry = self._pending.setdefault(key, [0, 0])
            entry[0] += 1
            entry[1] += int(zero)
            due = (
                len(self._pending) >= self.max_pending
                or time.monotonic() - self._since >= self.max_age
            )
        if due:
            self.flush()

    def discard(self) -> None:
        """Forget pending counts (tests; a process that must not write)."""
        with self._lock:
            self._pending = {}

    def flush(self) -> None:
        with self._lock:
            pending, self._pending = self._pending, {}
            self._since = time.monotonic()
        if not pending:
            return
        table = SearchQueryLog._meta.db_table
        with connection.cursor() as cursor:
            for (month, query), (count, zero) in pending.items():
                cursor.execute(
                    f"INSERT INTO {table} (month, query, count, zero_result_count) "  # noqa: S608
                    "VALUES (%s, %s, %s, %s) ON CONFLICT (month, query) DO UPDATE SET "
                    f"count = {table}.count + excluded.count, "
                    f"zero_result_count = {table}.zero_result_count + excluded.zero_result_count",
                    [month, query, count, zero],
                )


query_log = QueryLogBuffer()


@atexit.register
def _flush_at_exit() -> None:
    try:
        query_log.flush()
    except Exception:  # noqa: BLE001 - the database may already be gone at exit
        logger.warning("search: query statistics of this process were not saved at exit")


def normalize_logged_query(query: str) -> str:
    return " ".join(segment.normalize(query).split())[:100]


def search_log_query(*, query: str, total: int) -> None:
    text = normalize_logged_query(query)
    if text:
        query_log.add(query=text, zero=total == 0)


def search_query_stats(*, month: str, limit: int = 50) -> dict[str, list[SearchQueryLog]]:
    """Top queries and zero-result queries of a month (YYYY-MM)."""
    query_log.flush()
    rows = SearchQueryLog.objects.filter(month=month)
    return {
        "top": list(rows.order_by("-count", "query")[:limit]),
        "zero": list(
            rows.filter(zero_result_count__gt=0).order_by("-zero_result_count", "query")[:limit]
        ),
    }
