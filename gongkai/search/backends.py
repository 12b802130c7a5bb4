"""Search backends: SQLite FTS5 and PostgreSQL tsvector behind one interface.

Both read and write the same ``SearchDocument`` rows; they differ only in how a segmented query
is matched and ranked (see fulltext_sql.py for the structures). The query text never reaches SQL
except as a bound parameter: ``segment.fts5_match`` / ``segment.pg_tsquery`` build the
expression and the database receives it as a value.

Work per query is bounded: filters are tags inside the full-text index (so a filtered search
is one index intersection), and at most ``CANDIDATE_CAP`` matches are ranked, counted and
faceted. Sorting, paging and facet counting of the candidates is plain Python
(``results_from_candidates``).
"""

from __future__ import annotations

import datetime
import os
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Literal

from django.db import connection, transaction

from . import fulltext_sql, segment
from .models import SearchDocument

Sort = Literal["relevance", "date"]
FACET_FIELDS: tuple[str, ...] = (
    "org_id",
    "category_id",
    "topic_id",
    "year",
    "doc_type",
    "validity",
)


@dataclass(frozen=True)
class Filters:
    """Restrictions on a search. ``org_ids`` is both the org filter and staff scoping."""

    org_ids: tuple[int, ...] | None = None
    category_id: int | tuple[int, ...] | None = None  # a tuple: any of these classes
    topic_id: int | None = None
    year: int | None = None
    doc_type: str | None = None
    validity: str | None = None

    def is_empty(self) -> bool:
        return self == Filters()


NO_FILTERS = Filters()


@dataclass(frozen=True)
class Hit:
    item_id: int
    score: float


@dataclass
class SearchResults:
    """One page of hits, the total and facet counts.

    ``approximate`` is True when more than ``CANDIDATE_CAP`` documents matched: only the newest
    ``CANDIDATE_CAP`` matches were ranked and counted, ``total`` is the cap and the page says
    "约 N+" (see docs/search.md, "Bounded work per query").
    """

    total: int
    hits: list[Hit]
    facets: dict[str, dict[object, int]] = field(default_factory=dict)
    approximate: bool = False


# At most this many matching documents are ranked, counted and faceted per query. Below it
# everything is exact; a query that matches more (a common word without filters) is answered
# from the newest CANDIDATE_CAP matches. Measured with bench/search/run.py.
CANDIDATE_CAP = 2000

# A candidate row: (item_id, score, published_on, *values of FACET_FIELDS).
Row = Sequence[object]


def filter_tag_groups(filters: Filters) -> list[list[str]]:
    """The index tags a search requires for these filters (see segment.filter_tag_groups)."""
    return segment.filter_tag_groups(
        org_id=filters.org_ids,
        category_id=filters.category_id,
        topic_id=filters.topic_id,
        year=filters.year,
        doc_type=filters.doc_type,
        validity=filters.validity,
    )


def results_from_candidates(
    rows: Sequence[Row],
    *,
    cap: int,
    sort: Sort = "relevance",
    offset: int = 0,
    limit: int = 10,
    facets: bool = True,
) -> SearchResults:
    """Sort, page and count candidate rows (pure: the database only found and scored them).

    ``rows`` may hold one more row than ``cap``: that extra row is how the caller tells that
    the match was cut, and it is dropped here. Relevance sorts by score, then newest item id;
    date sorts by publication date (undated last), then item id.
    """
    approximate = len(rows) > cap
    rows = list(rows[:cap])
    if sort == "date":
        rows.sort(key=lambda r: (r[2] is not None, r[2] or datetime.date.min, r[0]), reverse=True)
    else:
        rows.sort(key=lambda r: (float(r[1] or 0), r[0]), reverse=True)
    hits = [Hit(item_id=r[0], score=float(r[1] or 0)) for r in rows[offset : offset + limit]]
    counts: dict[str, dict[object, int]] = {}
    if facets:
        counters: dict[str, Counter] = {name: Counter() for name in FACET_FIELDS}
        for row in rows:
            for name, value in zip(FACET_FIELDS, row[3:], strict=True):
                counters[name][value] += 1
        counts = {name: dict(counter.most_common()) for name, counter in counters.items()}
    return SearchResults(total=len(rows), hits=hits, facets=counts, approximate=approximate)


_COLUMNS = ", ".join(f"d.{name}" for name in FACET_FIELDS)


class SearchBackend:
    """Writes are shared (plain rows); each subclass implements matching and ranking."""

    vendor = ""
    cap = CANDIDATE_CAP

    def index(self, documents: Sequence[SearchDocument]) -> None:
        """Insert or replace the index rows of these documents."""
        with transaction.atomic():
            SearchDocument.objects.filter(pk__in=[d.pk for d in documents]).delete()
            SearchDocument.objects.bulk_create(documents, batch_size=500)

    def remove(self, item_ids: Iterable[int]) -> None:
        SearchDocument.objects.filter(pk__in=list(item_ids)).delete()

    def clear(self) -> None:
        SearchDocument.objects.all().delete()

    @contextmanager
    def bulk_load(self) -> Iterator[None]:
        """Empty the index, let the caller ``index()`` everything, then build the structure once.

        Per-row index maintenance (FTS5 triggers, GIN updates) is what made a row-by-row rebuild
        slow; here it is off while loading and the full-text structure is built in one pass at
        the end. The end step also runs when loading fails, so triggers and index are never left
        missing, and it is idempotent: rebuilding again repairs a process killed mid-load.
        Searches during the load find nothing, as with any rebuild that empties the index first.
        """
        self._bulk_begin()
        try:
            self.clear()
            yield
        finally:
            self._bulk_end()

    def _bulk_begin(self) -> None:
        """Switch per-row full-text maintenance off."""

    def _bulk_end(self) -> None:
        """Build the full-text structure from all rows and switch maintenance back on."""

    def _execute(self, statements: Iterable[str]) -> None:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)

    def search(
        self,
        *,
        alternatives: Sequence[Sequence[str]],
        filters: Filters = NO_FILTERS,
        sort: Sort = "relevance",
        offset: int = 0,
        limit: int = 10,
        facets: bool = True,
        phrases: Sequence[str] = (),
    ) -> SearchResults:
        """``phrases`` (``Segmenter.query_phrases``) raise the score of items that contain them
        whole; they never change which items match."""
        groups = filter_tag_groups(filters)
        if any(not group for group in groups):
            return SearchResults(total=0, hits=[])  # org_ids=(): nothing is visible
        rank = sort != "date"
        rows = self._candidates(
            alternatives=alternatives,
            groups=groups,
            rank=rank,
            phrases=tuple(phrases) if rank else (),
        )
        if rows is None:
            return SearchResults(total=0, hits=[])
        return results_from_candidates(
            rows, cap=self.cap, sort=sort, offset=offset, limit=limit, facets=facets
        )

    def _candidates(
        self,
        *,
        alternatives: Sequence[Sequence[str]],
        groups: list[list[str]],
        rank: bool,
        phrases: Sequence[str] = (),
    ) -> list[Row] | None:
        """Up to ``cap + 1`` matching rows, newest first where the cap cuts; None: no query."""
        raise NotImplementedError


_SQLITE_DELETE_ALL = "INSERT INTO search_fts(search_fts) VALUES ('delete-all')"
_SQLITE_OPTIMIZE = "INSERT INTO search_fts(search_fts) VALUES ('optimize')"


def _needle(term: str) -> str:
    """A term as the substring it is in the space-joined character stream: `` t1 t2 `` (a
    trailing lone character is a prefix, so no closing space: `` t1 年``)."""
    tokens, prefix = segment.phrase_tokens(term)
    return " " + " ".join(tokens) + ("" if prefix else " ")


class SqliteFtsBackend(SearchBackend):
    """FTS5 over segmented text; bm25 with column weights title > 文号/索引号 > meta > body.

    The candidates are the newest ``cap + 1`` matches: FTS5 walks its doclists in descending
    rowid (= item id) order and stops at the LIMIT, and bm25 runs only for the rows it returns.
    Filter tags are part of the MATCH, so FTS5 intersects them with the words.
    """

    vendor = "sqlite"
    weights = (10.0, 6.0, 3.0, 1.0, 0.0)

    # A filter that leaves at most this many documents is resolved first, then the words are
    # checked in those rows (see _filtered_candidates).
    narrow_filter = 5000

    def _candidates(self, *, alternatives, groups, rank, phrases=()):
        text = segment.fts5_match(alternatives)
        if not text:
            return None
        if phrases:
            # Every phrase contains all the terms, so OR-ing it in matches the same rows, and
            # bm25 adds the phrase's weight where it occurs (bm25 itself ignores closeness).
            text = f"({text}) OR {segment.fts5_match([phrases])}"
        if groups:
            tags = segment.fts5_tag_match(groups)
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT count(*) FROM (SELECT rowid FROM search_fts WHERE search_fts MATCH %s "
                    "LIMIT %s)",
                    [tags, self.narrow_filter + 1],
                )
                narrow = cursor.fetchone()[0] <= self.narrow_filter
            if narrow:
                return self._filtered_candidates(alternatives, tags, rank, phrases)
            text = f"({text}) AND {tags}"
        # bm25() is lower-is-better; negate it so both backends sort by score DESC.
        score = "-bm25(search_fts, {}, {}, {}, {}, {})".format(*self.weights) if rank else "0"
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT d.item_id, c.score, d.published_on, {_COLUMNS} FROM ("  # noqa: S608
                f"SELECT rowid AS id, {score} AS score FROM search_fts "
                "WHERE search_fts MATCH %s ORDER BY rowid DESC LIMIT %s"
                ") c JOIN search_searchdocument d INDEXED BY search_doc_facets "
                "ON d.item_id = c.id",
                [text, self.cap + 1],
            )
            return cursor.fetchall()

    def _filtered_candidates(
        self, alternatives, tags: str, rank: bool, phrases: Sequence[str] = ()
    ) -> list[Row]:
        """Filter first: the few documents the tags allow, checked for the words by substring.

        Intersecting a common word's doclist (hundreds of thousands of rowids) with a narrow
        filter costs FTS5 a walk over the whole doclist; reading the few hundred filtered rows
        and looking for each term's token sequence in their segmented text does not. A phrase
        of consecutive bigrams is exactly a substring `` t1 t2 `` of the space-joined character
        stream (fields are joined with `` | ``, which no token contains, so a phrase never spans
        two fields); a trailing lone character is a prefix (`` t1 年``). The score is the
        column-weighted count of terms present (title 10, 文号 6, meta 3, body 1): with a filter
        this narrow it orders the handful of hits like bm25 does in the common cases (title
        matches first) at a fraction of the cost. A whole phrase adds its column weights again.
        """
        joined = "(' ' || d.title_seg || ' | ' || d.number_seg || ' | ' || d.meta_seg || ' | ' || d.body_seg || ' ')"
        conditions: list[str] = []
        scores: list[str] = []
        params: list[object] = []
        score_params: list[object] = []
        scored: list[list[str]] = []  # each group of needles adds its column weights once
        for alts in alternatives:
            needles = [_needle(term) for term in alts if segment.phrase_tokens(term)[0]]
            if not needles:
                continue
            conditions.append("(" + " OR ".join([f"instr({joined}, %s) > 0"] * len(needles)) + ")")
            params.extend(needles)
            scored.append(needles)
        scored.extend([_needle(phrase)] for phrase in phrases)  # score only, never a condition
        for needles in scored:
            for column, weight in zip(
                ("title_seg", "number_seg", "meta_seg", "body_seg"), self.weights, strict=False
            ):
                field_text = f"(' ' || d.{column} || ' ')"
                scores.append(
                    f"{weight} * ("
                    + " OR ".join([f"instr({field_text}, %s) > 0"] * len(needles))
                    + ")"
                )
                score_params.extend(needles)
        score = " + ".join(scores) if rank and scores else "0"
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT d.item_id, {score}, d.published_on, {_COLUMNS} "  # noqa: S608
                "FROM search_searchdocument d WHERE d.item_id IN ("
                "SELECT rowid FROM search_fts WHERE search_fts MATCH %s) "
                f"AND {' AND '.join(conditions)} ORDER BY d.item_id DESC LIMIT %s",
                [*(score_params if score != "0" else []), tags, *params, self.cap + 1],
            )
            return cursor.fetchall()

    def _bulk_begin(self) -> None:
        self._execute([*fulltext_sql.SQLITE_DROP_TRIGGERS, _SQLITE_DELETE_ALL])

    def _bulk_end(self) -> None:
        self._execute(
            [*fulltext_sql.SQLITE_REBUILD, *fulltext_sql.SQLITE_TRIGGERS, _SQLITE_OPTIMIZE]
        )


class PostgresBackend(SearchBackend):
    """Weighted tsvector (simple configuration) with a GIN index; ranked by ts_rank_cd.

    The GIN index answers words and filter tags together (``tsv @@ (q && tags)``); ts_rank_cd
    runs only for the ``cap + 1`` rows the LIMIT lets through. A bitmap scan returns rows in
    table order, not newest first, so when the cap cuts, the candidates are collected again
    year by year from the newest (each year is one more tag in the same index lookup).
    """

    vendor = "postgresql"
    oldest_year = 1949

    def _candidates(self, *, alternatives, groups, rank, phrases=()):
        text = segment.pg_tsquery(alternatives)
        if not text:
            return None
        boost = segment.pg_tsquery([phrases]) if phrases else ""
        rows = self._fetch(text, groups, rank, self.cap + 1, boost)
        if len(rows) <= self.cap or any(g[0].startswith("y") for g in groups):
            return rows
        collected: list[Row] = []
        for year in range(datetime.date.today().year + 1, self.oldest_year - 1, -1):
            want = self.cap + 1 - len(collected)
            collected.extend(self._fetch(text, [*groups, [f"y{year}"]], rank, want, boost))
            if len(collected) > self.cap:
                return collected
        return rows  # undated matches make up the rest: keep the table-order set

    def _fetch(
        self, text: str, groups: list[list[str]], rank: bool, limit: int, boost: str = ""
    ) -> list[Row]:
        # Normalisation 1 divides by 1 + log(length) so long bodies do not win by size alone.
        score = "ts_rank_cd(d.tsv, q, 1)" if rank else "0"
        params: list[object] = []
        if rank and boost:
            # cover density rewards closeness, but two common words close together in a long
            # body can still beat the whole phrase in a title: add the phrase's own rank.
            score += " + ts_rank_cd(d.tsv, to_tsquery('simple', %s), 1)"
            params.append(boost)
        match = "d.tsv @@ (q && %s::tsquery)" if groups else "d.tsv @@ q"
        params.append(text)
        if groups:
            params.append(segment.pg_tag_tsquery(groups))
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT d.item_id, {score}, d.published_on, {_COLUMNS} "  # noqa: S608
                f"FROM search_searchdocument d, to_tsquery('simple', %s) q WHERE {match} "
                "LIMIT %s",
                [*params, limit],
            )
            return cursor.fetchall()

    def _bulk_begin(self) -> None:
        self._execute(fulltext_sql.POSTGRES_DROP_INDEX)

    def _bulk_end(self) -> None:
        with transaction.atomic():
            self._execute(
                ["SET LOCAL maintenance_work_mem = '256MB'", *fulltext_sql.POSTGRES_INDEX]
            )
        self._execute(["ANALYZE search_searchdocument"])


BACKENDS: dict[str, type[SearchBackend]] = {
    "sqlite": SqliteFtsBackend,
    "postgresql": PostgresBackend,
}


def get_backend() -> SearchBackend:
    """The backend in use: OpenSearch when configured, else the one of the database.

    ``GONGKAI_SEARCH_BACKEND=opensearch`` (environment, or the Django setting of that name)
    selects the scale-out backend in ``opensearch.py``; see docs/search.md.
    """
    from django.conf import settings

    choice = getattr(settings, "GONGKAI_SEARCH_BACKEND", None) or os.environ.get(
        "GONGKAI_SEARCH_BACKEND", ""
    )
    if choice == "opensearch":
        from .opensearch import OpenSearchBackend

        return OpenSearchBackend.from_settings()
    try:
        return BACKENDS[connection.vendor]()
    except KeyError:
        raise NotImplementedError(
            f"Gongkai search supports SQLite and PostgreSQL, not {connection.vendor}."
        ) from None
