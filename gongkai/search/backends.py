"""Search backends: SQLite FTS5 and PostgreSQL tsvector behind one interface.

Both read and write the same ``SearchDocument`` rows; they differ only in how a segmented query
is matched and ranked (see migration 0002 for the structures). The query text never reaches SQL
except as a bound parameter: ``segment.fts5_match`` / ``segment.pg_tsquery`` build the
expression and the database receives it as a value.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from django.db import connection, transaction

from . import segment
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
    category_id: int | None = None
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
    total: int
    hits: list[Hit]
    facets: dict[str, dict[object, int]] = field(default_factory=dict)


def _filter_sql(filters: Filters, alias: str = "d") -> tuple[str, list[object]]:
    clauses: list[str] = []
    params: list[object] = []
    if filters.org_ids is not None:
        if not filters.org_ids:
            return " AND 1 = 0", []
        clauses.append(f"{alias}.org_id IN ({', '.join(['%s'] * len(filters.org_ids))})")
        params.extend(filters.org_ids)
    for name in ("category_id", "topic_id", "year", "doc_type", "validity"):
        value = getattr(filters, name)
        if value is not None:
            clauses.append(f"{alias}.{name} = %s")
            params.append(value)
    return "".join(f" AND {c}" for c in clauses), params


def _roll_up(rows: Iterable[Sequence[object]]) -> tuple[int, dict[str, dict[object, int]]]:
    """Total and per-field counts from rows of (facet values..., count)."""
    total = 0
    counters = {name: Counter() for name in FACET_FIELDS}
    for row in rows:
        *values, count = row
        total += count
        for name, value in zip(FACET_FIELDS, values, strict=True):
            counters[name][value] += count
    return total, {name: dict(counter.most_common()) for name, counter in counters.items()}


class SearchBackend:
    """Writes are shared (plain rows); each subclass implements matching and ranking."""

    vendor = ""

    def index(self, documents: Sequence[SearchDocument]) -> None:
        """Insert or replace the index rows of these documents."""
        with transaction.atomic():
            SearchDocument.objects.filter(pk__in=[d.pk for d in documents]).delete()
            SearchDocument.objects.bulk_create(documents, batch_size=500)

    def remove(self, item_ids: Iterable[int]) -> None:
        SearchDocument.objects.filter(pk__in=list(item_ids)).delete()

    def clear(self) -> None:
        SearchDocument.objects.all().delete()

    def search(
        self,
        *,
        alternatives: Sequence[Sequence[str]],
        filters: Filters = NO_FILTERS,
        sort: Sort = "relevance",
        offset: int = 0,
        limit: int = 10,
        facets: bool = True,
    ) -> SearchResults:
        raise NotImplementedError

    def _run(
        self, match_sql: str, match_param: str, rank_sql: str, filters, sort, offset, limit, facets
    ):
        where, params = _filter_sql(filters)
        order = "score DESC" if sort == "relevance" else "d.published_on DESC"
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT d.item_id, {rank_sql} AS score {match_sql} {where} "  # noqa: S608
                f"ORDER BY {order}, d.item_id DESC LIMIT %s OFFSET %s",
                [match_param, *params, limit, offset],
            )
            hits = [Hit(item_id=row[0], score=float(row[1] or 0)) for row in cursor.fetchall()]
            if not facets:
                return SearchResults(total=len(hits) + offset, hits=hits)
            columns = ", ".join(f"d.{name}" for name in FACET_FIELDS)
            cursor.execute(
                f"SELECT {columns}, COUNT(*) {match_sql} {where} GROUP BY {columns}",  # noqa: S608
                [match_param, *params],
            )
            total, facet_counts = _roll_up(cursor.fetchall())
        return SearchResults(total=total, hits=hits, facets=facet_counts)


class SqliteFtsBackend(SearchBackend):
    """FTS5 over segmented text; bm25 with column weights title > 文号/索引号 > meta > body."""

    vendor = "sqlite"
    weights = (10.0, 6.0, 3.0, 1.0)

    def search(
        self, *, alternatives, filters=NO_FILTERS, sort="relevance", offset=0, limit=10, facets=True
    ):
        expression = segment.fts5_match(alternatives)
        if not expression:
            return SearchResults(total=0, hits=[])
        # bm25() is lower-is-better; negate it so both backends sort by score DESC.
        rank = "-bm25(search_fts, {}, {}, {}, {})".format(*self.weights)
        match = (
            "FROM search_fts JOIN search_searchdocument d ON d.item_id = search_fts.rowid "
            "WHERE search_fts MATCH %s"
        )
        return self._run(match, expression, rank, filters, sort, offset, limit, facets)


class PostgresBackend(SearchBackend):
    """Weighted tsvector (simple configuration) with a GIN index; ranked by ts_rank_cd."""

    vendor = "postgresql"

    def search(
        self, *, alternatives, filters=NO_FILTERS, sort="relevance", offset=0, limit=10, facets=True
    ):
        expression = segment.pg_tsquery(alternatives)
        if not expression:
            return SearchResults(total=0, hits=[])
        # Normalisation 1 divides by 1 + log(length) so long bodies do not win by size alone.
        rank = "ts_rank_cd(d.tsv, q, 1)"
        match = "FROM search_searchdocument d, to_tsquery('simple', %s) q WHERE d.tsv @@ q"
        return self._run(match, expression, rank, filters, sort, offset, limit, facets)


BACKENDS: dict[str, type[SearchBackend]] = {
    "sqlite": SqliteFtsBackend,
    "postgresql": PostgresBackend,
}


def get_backend() -> SearchBackend:
    """The embedded backend that matches the database in use."""
    try:
        return BACKENDS[connection.vendor]()
    except KeyError:
        raise NotImplementedError(
            f"Gongkai search supports SQLite and PostgreSQL, not {connection.vendor}."
        ) from None
