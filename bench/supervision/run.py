"""Supervision benchmark: the dashboard and the quarterly scoreboard for the demo city.

Usage (from the repository root):

    .venv/bin/python bench/supervision/run.py                # demo city, current quarter
    .venv/bin/python bench/supervision/run.py --no-sitecheck # skip the (slow) full site check

The data goes into a throw-away instance (GONGKAI_DATA_DIR = a new temporary directory unless
--data-dir is given): migrations run there, then ``demo_build(scale="city")`` builds 澜江市 (62
orgs, the seed's 2011 mix and three recent years, ~39,000 items), and the script adds what the
demo does not make: copies of its items up to --items (100,000), applications over the last
three years (--applications) and a year of daily visits shaped like the seed (about 100,000 a year,
a peak day of 1,554). With --data-dir pointing at an earlier run, existing data is reused. It times, on that data:

- the column report behind the dashboard (every org's columns, verdicts);
- the quarterly scoreboard: measures, scores and ranks for every org (target: under 5 s);
- saving the scoreboard snapshots, the page's trend (four quarters) and the public figures;
- optionally, one full site check of everything published.

The figures are printed and written into docs/performance.md under the "Supervision" heading
(only that section of the file is replaced).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import re
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def timed(fn, repeat: int = 3):
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times), result


def _applications(orgs, n: int, today: dt.date, rng: random.Random) -> int:
    from gongkai.applications.models import Application, Status

    rows = []
    for i in range(n):
        received = today - dt.timedelta(days=rng.randrange(3 * 365))
        due = received + dt.timedelta(days=28)
        org = rng.choice(orgs)
        if due < today and rng.random() < 0.9:
            late = rng.random() < 0.06
            concluded = (
                due + dt.timedelta(days=rng.randint(1, 10))
                if late
                else (received + dt.timedelta(days=rng.randint(1, 27)))
            )
            status, outcome = Status.CONCLUDED, rng.choice(["granted", "partial", "denied.1"])
        else:
            concluded, status, outcome = None, Status.IN_PROGRESS, ""
        rows.append(
            Application(
                org=org,
                reference=f"B{received.year}-{i:06d}",
                channel="online",
                applicant_type="natural_person",
                description="基准测试申请",
                received_at=dt.datetime.combine(received, dt.time(9), tzinfo=dt.UTC),
                receipt_date=received,
                due_date=due,
                status=status,
                outcome=outcome,
                concluded_on=concluded if concluded and concluded <= today else None,
            )
        )
        if rows[-1].concluded_on is None and status == Status.CONCLUDED:
            rows[-1].status, rows[-1].outcome = Status.IN_PROGRESS, ""
    Application.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def _visits(orgs, today: dt.date, rng: random.Random) -> tuple[int, int]:
    """A year of visits: ~280 a day with weekly rhythm and one 1,554 peak, spread over orgs."""
    from gongkai.catalogue.models import CatalogueItem
    from gongkai.supervision.models import DailyVisits

    items_by_org: dict[int, list[tuple[int, int]]] = {}
    for item_id, org_id, cat_id in (
        CatalogueItem.objects.public()
        .filter(published_on__gte=today - dt.timedelta(days=365))
        .values_list("id", "org_id", "category_id")
    ):
        items_by_org.setdefault(org_id, []).append((item_id, cat_id))
    start = today - dt.timedelta(days=364)
    peak = start + dt.timedelta(days=rng.randrange(365))
    rows, total = [], 0
    for d in range(365):
        day = start + dt.timedelta(days=d)
        daily = 1554 if day == peak else int(rng.gauss(300 if day.weekday() < 5 else 160, 40))
        total += daily
        weights = [rng.random() for _ in orgs]
        s = sum(weights)
        shares = [int(daily * w / s) for w in weights]
        shares[0] += daily - sum(shares)  # the day's total is exact
        for org, n in zip(orgs, shares, strict=True):
            candidates = items_by_org.get(org.pk) or [(None, None)]
            # Half to the org's pages, half to two of its recent items.
            rows.append(DailyVisits(date=day, org=org, count=n - 2 * (n // 4)))
            for _ in range(2):
                item_id, cat_id = rng.choice(candidates)
                rows.append(
                    DailyVisits(
                        date=day, org=org, item_id=item_id, category_id=cat_id, count=n // 4
                    )
                )
    DailyVisits.objects.bulk_create(rows, batch_size=2000)
    return len(rows), total


def _top_up_items(target: int, today: dt.date, rng: random.Random) -> int:
    """Copy the demo's public items (new 索引号, dates spread over the last three years) until
    the instance holds ``target`` items: the demo city has ~39,000, a busy city ~100,000."""
    from gongkai.catalogue.models import CatalogueItem

    have = CatalogueItem.objects.count()
    if have >= target:
        return 0
    sources = list(
        CatalogueItem.objects.public().values_list("org_id", "category_id", "title", "doc_type")[
            :5000
        ]
    )
    rows = []
    for i in range(target - have):
        org_id, category_id, title, doc_type = rng.choice(sources)
        published = today - dt.timedelta(days=rng.randrange(3 * 365))
        formed = published - dt.timedelta(days=rng.choice((0, 1, 2, 5, 9, 40)))
        delay = 30 if (published - formed).days >= 40 else (published - formed).days
        at = dt.datetime.combine(published, dt.time(10), tzinfo=dt.UTC)
        rows.append(
            CatalogueItem(
                org_id=org_id,
                category_id=category_id,
                title=title,
                doc_type=doc_type,
                index_number=f"BENCH/{i:07d}",
                formed_on=formed,
                published_on=published,
                live=True,
                first_published_at=at,
                last_published_at=at,
                publish_delay_workdays=delay,
            )
        )
    CatalogueItem.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applications", type=int, default=3000)
    parser.add_argument("--items", type=int, default=100_000, help="top the demo up to this")
    parser.add_argument("--data-dir", help="instance directory (default: a new temp dir)")
    parser.add_argument("--no-sitecheck", action="store_true", help="skip the full site check")
    parser.add_argument("--no-docs", action="store_true", help="do not update docs/performance.md")
    args = parser.parse_args()

    data_dir = args.data_dir or tempfile.mkdtemp(prefix="gongkai-bench-supervision-")
    os.environ["GONGKAI_DATA_DIR"] = data_dir
    if not args.data_dir:
        os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    print(f"instance: {data_dir} ({connection.vendor})")
    call_command("migrate", verbosity=0)

    from gongkai.catalogue.models import CatalogueItem
    from gongkai.demo.services import demo_build
    from gongkai.orgs.models import Org
    from gongkai.supervision import selectors
    from gongkai.supervision.rules import PeriodKind, period_containing
    from gongkai.supervision.scoreboard import (
        scoreboard_compute,
        scoreboard_save,
        scoreboard_trend,
        scoring_scheme_active,
    )

    today = timezone.localdate()
    rng = random.Random(2011)
    started = time.perf_counter()
    if not Org.objects.exists():
        demo_build(
            scale="city", password=secrets.token_urlsafe(12), progress=sys.stderr, today=today
        )
    orgs = list(Org.objects.order_by("id"))
    from gongkai.applications.models import Application
    from gongkai.supervision.models import DailyVisits

    with transaction.atomic():
        _top_up_items(args.items, today, rng)
        if not Application.objects.exists():
            _applications(orgs, args.applications, today, rng)
        if not DailyVisits.objects.exists():
            _visits(orgs, today, rng)
    apps = Application.objects.count()
    visit_rows = DailyVisits.objects.count()
    visits_total = sum(DailyVisits.objects.values_list("count", flat=True))
    items = CatalogueItem.objects.count()
    print(
        f"data: {len(orgs)} orgs, {items:,} items, {apps:,} applications, "
        f"{visit_rows:,} visit rows ({visits_total:,} visits) in {time.perf_counter() - started:.0f} s"
    )

    quarter = period_containing(PeriodKind.QUARTER, today)
    scheme = scoring_scheme_active()
    report_min, report_med, report = timed(lambda: selectors.column_report(today=today))
    board_min, board_med, board = timed(
        lambda: scoreboard_compute(period=quarter, today=today, scheme=scheme)
    )
    save_min, _m, _r = timed(lambda: scoreboard_save(board=board), repeat=1)
    trend_min, _m, _r = timed(
        lambda: scoreboard_trend(
            kind=PeriodKind.QUARTER, until=quarter.end, today=today, scheme=scheme
        ),
        repeat=1,
    )
    year = period_containing(PeriodKind.YEAR, today)
    public_min, _m, _r = timed(
        lambda: selectors.public_figures(start=year.start, end=today, today=today), repeat=1
    )
    visits_min, _m, summary = timed(
        lambda: selectors.visit_summary(start=today - dt.timedelta(days=364), end=today)
    )
    sitecheck = None
    if not args.no_sitecheck:
        from gongkai.supervision.sitecheck import site_check_run

        t0 = time.perf_counter()
        run = site_check_run(today=today)
        sitecheck = (time.perf_counter() - t0, run)

    failing = sum(1 for r in report if not r.verdict.passes)
    stale = sum(len(r.stale) for r in report)
    blank = sum(len(r.blank) for r in report)
    print(
        f"column report (dashboard): {report_min:.3f} s best, {report_med:.3f} s median; "
        f"{failing} of {len(report)} sites would fail; {stale} stale, {blank} blank columns"
    )
    print(
        f"scoreboard {quarter.key}: {board_min:.3f} s best, {board_med:.3f} s median "
        f"({len(board.rows)} orgs; top {board.rows[0].org.name} {board.rows[0].result.total})"
    )
    print(
        f"save snapshots: {save_min:.3f} s; trend of 4 quarters (computing missing): {trend_min:.2f} s"
    )
    print(
        f"public figures of {year.key}: {public_min:.3f} s; visit summary: {visits_min:.3f} s "
        f"(total {summary.total:,}, peak {summary.peak_count:,} on {summary.peak_day})"
    )
    if sitecheck:
        seconds, run = sitecheck
        print(
            f"site check: {seconds:.1f} s for {run.items_checked:,} items, "
            f"{run.findings_open:,} open findings"
        )

    if not args.no_docs:
        rows = [
            f"| column report behind the dashboard (best of 3) | {report_min:.3f} s |",
            f"| quarterly scoreboard `scoreboard_compute` {quarter.key} (best of 3) | {board_min:.3f} s |",
            f"| save the quarter's snapshots | {save_min:.3f} s |",
            f"| trend of four quarters, computing the missing ones | {trend_min:.2f} s |",
            f"| public figures of the year (`/stats/`) | {public_min:.3f} s |",
            f"| visit summary of a year (best of 3) | {visits_min:.3f} s |",
        ]
        if sitecheck:
            rows.append(
                f"| full site check of {sitecheck[1].items_checked:,} public items | "
                f"{sitecheck[0]:.1f} s |"
            )
        section = (
            "## Supervision\n\n"
            f"`bench/supervision/run.py` ({connection.vendor}, demo city: {len(orgs)} orgs, "
            f"{items:,} catalogue items, {apps:,} applications, {visits_total:,} visits in a year; "
            f"measured {time.strftime('%Y-%m-%d')}):\n\n"
            "| step | time |\n| --- | --- |\n" + "\n".join(rows) + "\n\n"
            f"Target: the quarterly scoreboard under 5 s. On this data {failing} of {len(report)} "
            f"sites would fail an inspection today ({stale} stale and {blank} blank columns).\n"
        )
        path = ROOT / "docs" / "performance.md"
        text = path.read_text(encoding="utf-8") if path.exists() else "# Performance\n\n"
        pattern = re.compile(r"^## Supervision\n.*?(?=^## |\Z)", re.S | re.M)
        text = (
            pattern.sub(section + "\n", text)
            if pattern.search(text)
            else text.rstrip() + "\n\n" + section
        )
        path.write_text(text, encoding="utf-8")
        print(f"written to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
