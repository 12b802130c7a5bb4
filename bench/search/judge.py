"""Judged query set: prints recall@10 and MRR of the search over the demo corpus.

    .venv/bin/python manage.py demo --scale small --seed 2011  # once, on an empty instance
    .venv/bin/python manage.py rebuild_search_index
    .venv/bin/python bench/search/judge.py [--file gongkai/search/judged/queries.json] [-v]

The file is a JSON list of {"query": ..., "relevant": [item titles], "note": ...}. Items are named
by title because titles are stable for a given demo seed while primary keys are not; a title
shared by several items makes all of them relevant. recall@10 of a query is the share of its
relevant items in the first ten results, capped by min(10, number relevant) so a query with 30
relevant items can still score 1. MRR is the mean of 1/rank of the first relevant result.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
DEFAULT_FILE = ROOT / "gongkai" / "search" / "judged" / "queries.json"


def main() -> int:
    parser = argparse.ArgumentParser(description="recall@10 and MRR over the judged query set")
    parser.add_argument("--file", default=str(DEFAULT_FILE))
    parser.add_argument("-v", "--verbose", action="store_true", help="one line per query")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    import django

    django.setup()
    from gongkai.catalogue.models import CatalogueItem
    from gongkai.search.services import search_run

    judged = json.loads(Path(args.file).read_text(encoding="utf-8"))
    recalls, reciprocal_ranks, missing = [], [], []
    for entry in judged:
        wanted = set(entry["relevant"])
        ids = set(
            CatalogueItem.objects.public().filter(title__in=wanted).values_list("pk", flat=True)
        )
        found_titles = set(CatalogueItem.objects.filter(pk__in=ids).values_list("title", flat=True))
        if wanted - found_titles:
            missing.append((entry["query"], sorted(wanted - found_titles)))
        if not ids:
            continue
        page = search_run(query=entry["query"], per_page=10)
        ranked = [hit.item.pk for hit in page.hits]
        recall = len(ids & set(ranked)) / min(10, len(ids))
        rank = next((i for i, pk in enumerate(ranked, 1) if pk in ids), None)
        recalls.append(recall)
        reciprocal_ranks.append(1 / rank if rank else 0.0)
        if args.verbose:
            print(f"{recall:4.2f} {1 / rank if rank else 0:4.2f}  {entry['query']}")
    for query, titles in missing:
        print(f"warning: {query}: not in the corpus: {'; '.join(titles)}", file=sys.stderr)
    if not recalls:
        print("no judged query has a relevant item in this database: load the demo first")
        return 1
    print(f"queries: {len(recalls)}")
    print(f"recall@10: {sum(recalls) / len(recalls):.3f}")
    print(f"MRR: {sum(reciprocal_ranks) / len(reciprocal_ranks):.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
