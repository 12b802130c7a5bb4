"""Search benchmark: index build rate and query latency at scale, against a LIKE scan.

Usage (from the repository root):

    .venv/bin/python bench/search/run.py --items 1000000                       # SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gongkai_bench \\
        .venv/bin/python bench/search/run.py --items 1000000                   # PostgreSQL

SQLite runs in a throw-away database file under a temporary directory (or --sqlite-path);
PostgreSQL must point at a database the script may write: it drops and recreates only the
tables ``search_searchdocument`` and ``bench_search_raw`` there. No Django migrations run:
the index table is created from the model and the full-text structures from migration 0002, so
the schema is exactly the production one.

Rows are synthetic: titles and bodies made of government vocabulary drawn with a Zipf-like
distribution, segmented by the real segmenter. To keep a million-row run short, a pool of
distinct texts (--pool) is segmented once and rows draw from it with random filter values;
the segmentation rate is reported separately.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

WORDS = [
    "政府",
    "信息",
    "公开",
    "低保",
    "补贴",
    "救助",
    "民政",
    "财政",
    "预算",
    "决算",
    "教育",
    "医疗",
    "卫生",
    "健康",
    "养老",
    "保险",
    "就业",
    "创业",
    "住房",
    "保障",
    "安全",
    "生产",
    "食品",
    "环境",
    "保护",
    "污染",
    "防治",
    "农业",
    "农村",
    "农田",
    "乡村",
    "振兴",
    "交通",
    "公路",
    "水利",
    "防汛",
    "抗旱",
    "森林",
    "防火",
    "文化",
    "旅游",
    "体育",
    "科技",
    "创新",
    "统计",
    "审计",
    "税务",
    "公安",
    "司法",
    "法治",
    "应急",
    "管理",
    "市场",
    "监督",
    "价格",
    "收费",
    "采购",
    "招标",
    "投标",
    "项目",
    "建设",
    "规划",
    "土地",
    "征收",
    "房屋",
    "拆迁",
    "补偿",
    "工作",
    "通知",
    "公告",
    "方案",
    "意见",
    "办法",
    "规定",
    "实施",
    "细则",
    "报告",
    "总结",
    "计划",
    "要点",
    "情况",
    "结果",
    "名单",
    "公示",
    "年度",
    "季度",
    "资金",
    "发放",
    "使用",
    "绩效",
    "评价",
    "检查",
    "整改",
    "问题",
    "责任",
    "落实",
    "推进",
    "加强",
    "做好",
    "开展",
    "关于",
    "印发",
    "进一步",
    "全面",
    "深化",
    "改革",
    "优化",
    "营商",
    "服务",
    "办理",
    "审批",
    "许可",
    "处罚",
    "行政",
    "执法",
    "公示",
    "双随机",
    "一事一议",
    "特困",
    "供养",
    "临时",
    "残疾人",
    "老年人",
    "儿童",
    "妇女",
    "退役",
    "军人",
    "优抚",
    "安置",
    "社区",
    "街道",
    "乡镇",
    "村委会",
    "居委会",
    "群众",
    "企业",
    "个体",
    "工商户",
    "小微",
    "扶持",
    "政策",
    "解读",
    "问答",
    "会议",
    "纪要",
    "调研",
    "座谈",
]
NAMES = ["张建国", "李秀英", "王志强", "刘海燕", "陈明辉", "杨丽华", "赵文博", "黄晓峰"]
ORG_COUNT = 63
CATEGORY_COUNT = 20
TOPIC_COUNT = 22
YEARS = list(range(2016, 2026))


def zipf_weights(n: int, s: float = 1.0) -> list[float]:
    return [1 / (rank**s) for rank in range(1, n + 1)]


def make_text(rng: random.Random, words: int, weights: list[float]) -> str:
    chosen = rng.choices(WORDS, weights=weights, k=words)
    if rng.random() < 0.05:
        chosen.insert(rng.randrange(len(chosen)), rng.choice(NAMES))
    return "".join(chosen)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p * (len(ordered) - 1))))]


def evict_sqlite_cache() -> None:
    """Make the next query read the SQLite file from disk, as after a restart (``--cold``).

    Closes the connection (SQLite's own page cache and memory map go with it) and asks the
    kernel to drop the file's cached pages (posix_fadvise DONTNEED needs no privileges; it
    drops clean pages, which after the build's checkpoint is all of them).
    """
    from django.db import connection

    path = connection.settings_dict["NAME"]
    connection.close()
    for name in (str(path), f"{path}-wal"):
        if os.path.exists(name):
            fd = os.open(name, os.O_RDONLY)
            try:
                os.fsync(fd)
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            finally:
                os.close(fd)
    connection.ensure_connection()  # opening is not part of the query's time


def warm_sqlite_cache() -> None:
    """Read the SQLite file once, so a --skip-build run starts as warm as a run that built it
    (the same read gunicorn does at start)."""
    from django.db import connection

    from gongkai.core.warmup import sqlite_file_warm

    sqlite_file_warm(connection.settings_dict["NAME"])


def setup_django(sqlite_path: str | None) -> None:
    if not os.environ.get("DATABASE_URL"):
        path = sqlite_path or str(Path(tempfile.mkdtemp(prefix="gongkai-bench-")) / "bench.db")
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    import django

    django.setup()


def create_schema() -> None:
    from django.db import connection

    from gongkai.search.fulltext_sql import BACKWARD, FORWARD
    from gongkai.search.models import SearchDocument

    forward = FORWARD[connection.vendor]
    backward = BACKWARD[connection.vendor]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for sql in backward:
                cursor.execute(sql)
        else:  # dropping the table drops its tsvector column and GIN index with it
            del backward
        cursor.execute("DROP TABLE IF EXISTS bench_search_raw")
        cursor.execute(f"DROP TABLE IF EXISTS {SearchDocument._meta.db_table}")
    with connection.schema_editor() as editor:
        editor.create_model(SearchDocument)
    with connection.cursor() as cursor:
        for sql in forward:
            cursor.execute(sql)
        cursor.execute(
            "CREATE TABLE bench_search_raw (item_id bigint PRIMARY KEY, org_id bigint, "
            "year smallint, published_on date, title text, body text)"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--items", type=int, default=20_000, help="rows to index (default 20000; 1000000 full)"
    )
    parser.add_argument("--pool", type=int, default=20_000, help="distinct texts (default 20000)")
    parser.add_argument("--queries", type=int, default=40, help="queries per kind (default 40)")
    parser.add_argument("--body-words", type=int, default=60, help="words per body (default 60)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--skip-build",
        action="store_true",
        help="query an index an earlier run left (with --sqlite-path or DATABASE_URL)",
    )
    parser.add_argument("--sqlite-path", help="SQLite file to (re)create (default: a temp dir)")
    parser.add_argument(
        "--narrow-filter",
        type=int,
        help="SQLite: filters leaving at most this many rows are resolved first "
        "(default: the backend's own; 0 always intersects in FTS5)",
    )
    parser.add_argument(
        "--cold",
        action="store_true",
        help="SQLite: drop the file from the OS page cache before every query (as after a restart)",
    )
    args = parser.parse_args()
    setup_django(args.sqlite_path)

    import datetime

    from django.db import connection, transaction

    from gongkai.search.backends import CANDIDATE_CAP, Filters, get_backend
    from gongkai.search.segment import default_segmenter, filter_tags

    rng = random.Random(args.seed)
    weights = zipf_weights(len(WORDS), 0.8)
    segmenter = default_segmenter()
    vendor = connection.vendor
    if args.cold and vendor != "sqlite":
        parser.error("--cold is for SQLite (PostgreSQL keeps its own buffers)")
    cold = evict_sqlite_cache if args.cold else lambda: None
    print(f"# search benchmark: {vendor}, {args.items:,} items, pool {args.pool:,}", flush=True)
    load_seconds = seg_seconds = 0.0
    seg_chars = 0
    if args.skip_build:
        print("reusing the existing index (--skip-build)", flush=True)
        if vendor == "sqlite" and not args.cold:
            warm_sqlite_cache()
    else:
        create_schema()

        started = time.perf_counter()
        pool = []
        for _ in range(args.pool):
            title = make_text(rng, 8, weights)
            body = make_text(rng, args.body_words, weights)
            pool.append(
                (title, body, segmenter.segment_for_index(title), segmenter.segment_for_index(body))
            )
        seg_seconds = time.perf_counter() - started
        seg_chars = sum(len(p[0]) + len(p[1]) for p in pool)
        print(f"segmentation: {seg_chars / seg_seconds:,.0f} chars/s", flush=True)

        insert_doc = (
            "INSERT INTO search_searchdocument (item_id, org_id, category_id, topic_id, year, doc_type, validity, "
            "genre, published_on, doc_number_key, index_number_key, title_seg, number_seg, meta_seg, "
            "body_seg, tag_seg) VALUES (%s, %s, %s, %s, %s, %s, %s, '', %s, '', '', %s, %s, '', %s, %s)"
        )
        insert_raw = "INSERT INTO bench_search_raw VALUES (%s, %s, %s, %s, %s, %s)"
        batch = 5000
        backend = get_backend()
        load_seconds = raw_seconds = 0.0
        started = time.perf_counter()
        # The production rebuild path: rows without per-row full-text upkeep, then one build.
        with backend.bulk_load():
            for start in range(1, args.items + 1, batch):
                docs, raws = [], []
                for item_id in range(start, min(start + batch, args.items + 1)):
                    title, body, title_seg, body_seg = pool[rng.randrange(len(pool))]
                    year = rng.choice(YEARS)
                    published = datetime.date(year, rng.randint(1, 12), rng.randint(1, 28))
                    org = rng.randint(1, ORG_COUNT)
                    category = rng.randint(1, CATEGORY_COUNT)
                    topic = rng.randint(1, TOPIC_COUNT)
                    doc_type = rng.choice(["", "", "", "normative", "regulation"])
                    validity = rng.choice(["", "", "in_force", "repealed"])
                    number = f"示政发 {year} {item_id % 500} 号"
                    tags = filter_tags(
                        org_id=org,
                        category_id=category,
                        topic_id=topic,
                        year=year,
                        doc_type=doc_type,
                        validity=validity,
                    )
                    docs.append(
                        (
                            item_id,
                            org,
                            category,
                            topic,
                            year,
                            doc_type,
                            validity,
                            published,
                            title_seg,
                            " ".join(segmenter.segment_for_index(number).split()),
                            body_seg,
                            tags,
                        )
                    )
                    raws.append((item_id, org, year, published, title, body))
                with transaction.atomic(), connection.cursor() as cursor:
                    cursor.executemany(insert_doc, docs)
                t0 = time.perf_counter()
                with transaction.atomic(), connection.cursor() as cursor:
                    cursor.executemany(insert_raw, raws)  # the LIKE baseline: not part of the build
                raw_seconds += time.perf_counter() - t0
                done = min(start + batch - 1, args.items)
                rate = done / (time.perf_counter() - started - raw_seconds)
                print(
                    f"\r  loaded {done:,}/{args.items:,} ({rate:,.0f} rows/s)", end="", flush=True
                )
            rows_seconds = time.perf_counter() - started - raw_seconds
            print(flush=True)
            finish_started = time.perf_counter()
        finish_seconds = time.perf_counter() - finish_started  # FTS5 rebuild / CREATE INDEX
        load_seconds = rows_seconds + finish_seconds
        with connection.cursor() as cursor:
            if vendor == "sqlite":
                cursor.execute("ANALYZE")
            else:
                cursor.execute("VACUUM ANALYZE search_searchdocument")
                cursor.execute("ANALYZE bench_search_raw")
        print(
            f"index build: {args.items / load_seconds:,.0f} rows/s "
            f"({rows_seconds:.0f} s rows, then {finish_seconds:.0f} s full-text build)",
            flush=True,
        )

    backend = get_backend()
    if args.narrow_filter is not None:
        backend.narrow_filter = args.narrow_filter
    qrng = random.Random(args.seed + 1)
    qweights = zipf_weights(len(WORDS), 0.5)  # users ask for common and rare words alike
    rows = []
    for n_words in (1, 2, 3):
        queries = [qrng.choices(WORDS, weights=qweights, k=n_words) for _ in range(args.queries)]
        for with_filters in (False, True):
            engine_ms, like_ms, totals, capped = [], [], [], 0
            for words in queries:
                filters = (
                    Filters(org_ids=(qrng.randint(1, ORG_COUNT),), year=qrng.choice(YEARS))
                    if with_filters
                    else Filters()
                )
                alternatives = segmenter.expand(segmenter.query_terms(" ".join(words)))
                # As if typed together (领导信息): the whole string is also ranked as a phrase.
                phrases = segmenter.query_phrases("".join(words)) if len(words) > 1 else []
                cold()
                t0 = time.perf_counter()
                result = backend.search(alternatives=alternatives, filters=filters, phrases=phrases)
                engine_ms.append((time.perf_counter() - t0) * 1000)
                totals.append(result.total)
                capped += result.approximate
                where = " AND ".join(["(title LIKE %s OR body LIKE %s)"] * len(words))
                params: list[object] = [p for w in words for p in (f"%{w}%", f"%{w}%")]
                if with_filters:
                    where += " AND org_id = %s AND year = %s"
                    params += [filters.org_ids[0], filters.year]
                cold()
                t0 = time.perf_counter()
                with connection.cursor() as cursor:
                    cursor.execute(
                        f"SELECT item_id FROM bench_search_raw WHERE {where} "  # noqa: S608
                        "ORDER BY published_on DESC LIMIT 10",
                        params,
                    )
                    cursor.fetchall()
                like_ms.append((time.perf_counter() - t0) * 1000)
            rows.append(
                (
                    n_words,
                    with_filters,
                    statistics.median(totals),
                    capped / len(queries),
                    percentile(engine_ms, 0.5),
                    percentile(engine_ms, 0.95),
                    percentile(like_ms, 0.5),
                    percentile(like_ms, 0.95),
                )
            )
            print(
                f"  {n_words}-word {'filtered' if with_filters else 'unfiltered'} done", flush=True
            )

    print()
    state = ", OS cache dropped before every query" if args.cold else ""
    print(f"### Search, {vendor}, {args.items:,} items ({os.cpu_count()} CPUs{state})")
    print()
    if load_seconds:
        print(
            f"- index build: {args.items / load_seconds:,.0f} rows/s; "
            f"segmentation {seg_chars / seg_seconds:,.0f} chars/s"
        )
    print()
    print(
        f"Engine: at most {CANDIDATE_CAP:,} matches ranked/counted per query; 'capped' is the "
        "share of queries that matched more (total shown as 约 N+)."
    )
    print()
    print(
        "| query | filters | median hits | capped | engine p50 ms | engine p95 ms "
        "| LIKE p50 ms | LIKE p95 ms |"
    )
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for n_words, with_filters, hits, capped_share, e50, e95, l50, l95 in rows:
        label = f"{n_words} word{'s' if n_words > 1 else ''}"
        shown = f"{hits:,.0f}+" if hits >= CANDIDATE_CAP else f"{hits:,.0f}"
        print(
            f"| {label} | {'org + year' if with_filters else 'none'} | {shown} "
            f"| {capped_share:.0%} | {e50:.1f} | {e95:.1f} | {l50:.0f} | {l95:.0f} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
