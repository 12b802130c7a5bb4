"""Annual report benchmark: the government-wide roll-up at city scale.

Usage (from the repository root):

    .venv/bin/python bench/report/run.py                 # 62 orgs, 1,000,000 items,
                                                          # 20,000 applications, 200 cases
    .venv/bin/python bench/report/run.py --items 100000  # a quicker run

The data goes into a throw-away instance (GONGKAI_DATA_DIR = a new temporary directory unless
--data-dir is given): migrations run there, then rows are bulk-created directly (no services,
no review workflow), spread over 2022–2024 so that carried-over applications exist. It times,
in the same run and on the same data:

- compute: ``report_rollup`` (grouped queries, five in all) against the naive version that
  issues one COUNT per cell per org (``report_compute_naive``), and checks they agree;
- render: DOCX and PDF of the roll-up.

The figures are printed and written into docs/performance.md under the "Report" heading
(only that section of the file is replaced).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
YEAR = 2024


def timed(fn, repeat: int = 3):
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times), result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orgs", type=int, default=62)
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--applications", type=int, default=20_000)
    parser.add_argument("--cases", type=int, default=200)
    parser.add_argument("--data-dir", help="instance directory (default: a new temp dir)")
    parser.add_argument("--no-docs", action="store_true", help="do not update docs/performance.md")
    args = parser.parse_args()

    data_dir = args.data_dir or tempfile.mkdtemp(prefix="gongkai-bench-report-")
    os.environ["GONGKAI_DATA_DIR"] = data_dir
    os.environ.pop("DATABASE_URL", None) if not args.data_dir else None
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    print(f"instance: {data_dir} ({connection.vendor})")
    call_command("migrate", verbosity=0)

    from gongkai.appeals.models import Appeal
    from gongkai.applications.models import Application, Status
    from gongkai.catalogue.models import CatalogueItem, Category
    from gongkai.orgs.models import Org
    from gongkai.reports import render, selectors
    from gongkai.reports.models import AnnualFigures
    from gongkai.reports.tables import rollup
    from gongkai.statute import layout

    rng = random.Random(2024)
    start = time.perf_counter()
    with transaction.atomic():
        gov = Org.objects.create(code="bench", name="澜江市人民政府", kind=Org.Kind.GOVERNMENT)
        departments = (args.orgs - 1) // 2
        orgs = [gov] + Org.objects.bulk_create(
            [
                Org(
                    code=f"bench-{i:02d}",
                    name=f"澜江市第{i}{'局' if i <= departments else '镇人民政府'}",
                    kind=Org.Kind.DEPARTMENT if i <= departments else Org.Kind.TOWN,
                    parent=gov,
                    sort_order=i,
                )
                for i in range(1, args.orgs)
            ]
        )
        cats = {
            o.pk: Category.objects.create(org=o, name="法规公文类", slug="policies") for o in orgs
        }
        AnnualFigures.objects.bulk_create(
            [
                AnnualFigures(
                    org=o,
                    year=YEAR,
                    licensing=rng.randint(0, 500),
                    punishment=rng.randint(0, 200),
                    coercion=rng.randint(0, 20),
                )
                for o in orgs
            ]
        )
    days = (YEAR - 2021) * 365
    base = __import__("datetime").date(2022, 1, 1)
    dt = __import__("datetime")
    batch = []
    for n in range(args.items):
        org = orgs[n % len(orgs)]
        formed = base + dt.timedelta(days=rng.randrange(days))
        doc_type = (
            "normative" if rng.random() < 0.02 else ("regulation" if rng.random() < 0.001 else "")
        )
        repealed = (
            formed + dt.timedelta(days=rng.randint(30, 900))
            if doc_type and rng.random() < 0.2
            else None
        )
        batch.append(
            CatalogueItem(
                org_id=org.pk,
                category_id=cats[org.pk].pk,
                title=f"条目{n}",
                index_number=f"{org.code}/{formed.year}-{n:07d}",
                formed_on=formed,
                published_on=formed,
                live=True,
                doc_type=doc_type,
                valid_until=repealed,
            )
        )
        if len(batch) == 20000:
            CatalogueItem.objects.bulk_create(batch)
            batch = []
    CatalogueItem.objects.bulk_create(batch)
    types = [c.key for c in layout.section3_columns() if c.key != "total"]
    outcomes = list(layout.outcome_keys())
    now = __import__("django.utils.timezone", fromlist=["now"]).now()
    apps = []
    for n in range(args.applications):
        org = orgs[n % len(orgs)]
        received = base + dt.timedelta(days=rng.randrange(days + 20))
        concluded = (
            received + dt.timedelta(days=rng.randint(1, 60)) if rng.random() < 0.95 else None
        )
        apps.append(
            Application(
                org_id=org.pk,
                reference=f"{received.year}-{n:06d}",
                channel="online",
                applicant_type=rng.choices(types, weights=[80, 10, 2, 2, 4, 2])[0],
                description="申请",
                received_at=now,
                receipt_date=received,
                status=Status.CONCLUDED if concluded else Status.RECEIVED,
                concluded_on=concluded,
                outcome=rng.choice(outcomes) if concluded else "",
                tracking_code=f"B{n:011d}",
            )
        )
    Application.objects.bulk_create(apps, batch_size=5000)
    kinds = ["review", "litigation_direct", "litigation_after_review"]
    cases = []
    for n in range(args.cases):
        filed = base + dt.timedelta(days=rng.randrange(days))
        result = rng.choice(["upheld", "corrected", "other", ""])
        cases.append(
            Appeal(
                org_id=orgs[n % len(orgs)].pk,
                kind=rng.choice(kinds),
                filed_on=filed,
                result=result,
                concluded_on=filed + dt.timedelta(days=rng.randint(30, 200)) if result else None,
            )
        )
    Appeal.objects.bulk_create(cases)
    print(
        f"data: {len(orgs)} orgs, {args.items} items, {args.applications} applications, "
        f"{args.cases} cases in {time.perf_counter() - start:.1f} s"
    )

    fast_min, fast_median, fast = timed(lambda: selectors.report_rollup(org=gov, year=YEAR).report)
    naive_min, _naive_median, naive_parts = timed(
        lambda: [selectors.report_compute_naive(org=o, year=YEAR) for o in orgs], repeat=1
    )
    naive = rollup(naive_parts, org_code=gov.code, org_name=gov.name)
    assert naive == fast, "naive and grouped computations disagree"
    cells = len(selectors.all_cell_paths())
    print(f"compute (grouped, report_rollup): min {fast_min:.3f} s, median {fast_median:.3f} s")
    print(f"compute (naive, {cells} COUNTs × {len(orgs)} orgs): {naive_min:.2f} s — same result")
    prose = {
        "overview": "全年主动公开政府信息。" * 40,
        "problems": "存在问题。",
        "other_matters": "无。",
    }
    docx_min, _m, docx = timed(lambda: render.render_docx(fast, prose))
    pdf_min, _m, pdf = timed(lambda: render.render_pdf(fast, prose))
    print(
        f"render DOCX: {docx_min:.3f} s ({len(docx)} bytes); PDF: {pdf_min:.3f} s ({len(pdf)} bytes)"
    )
    print(
        f"targets: compute < 2 s: {'met' if fast_min < 2 else 'MISSED'}; "
        f"DOCX + PDF < 10 s: {'met' if docx_min + pdf_min < 10 else 'MISSED'}"
    )

    if not args.no_docs:
        section = (
            "## Report\n\n"
            f"`bench/report/run.py` ({connection.vendor}, {len(orgs)} orgs, {args.items:,} catalogue "
            f"items, {args.applications:,} applications, {args.cases} cases; roll-up of {YEAR}; "
            f"measured {time.strftime('%Y-%m-%d')}):\n\n"
            "| step | time |\n| --- | --- |\n"
            f"| compute, grouped queries (`report_rollup`, best of 3) | {fast_min:.3f} s |\n"
            f"| compute, naive: one COUNT per cell per org ({cells} × {len(orgs)}) | {naive_min:.2f} s |\n"
            f"| render DOCX | {docx_min:.3f} s |\n"
            f"| render PDF (WeasyPrint) | {pdf_min:.3f} s |\n\n"
            "Targets: compute under 2 s, DOCX + PDF under 10 s. Both computations give the same "
            "report (the script asserts it).\n"
        )
        path = ROOT / "docs" / "performance.md"
        text = path.read_text(encoding="utf-8") if path.exists() else "# Performance\n\n"
        pattern = re.compile(r"^## Report\n.*?(?=^## |\Z)", re.S | re.M)
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
