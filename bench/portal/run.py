"""Portal benchmark: item page and catalogue throughput and latency under gunicorn.

Usage (from the repository root):

    .venv/bin/python bench/portal/run.py --scale city       # the demo city (~39,000 items)
    .venv/bin/python bench/portal/run.py --scale million    # 1,000,000 items
    .venv/bin/python bench/portal/run.py --data-dir /tmp/x  # reuse an instance built before

The instance lives in its own GONGKAI_DATA_DIR (SQLite, or ``--database-url`` for PostgreSQL):
migrations, ``demo_build`` (``--scale million`` makes the demo's own million) and
``collectstatic`` run once; a data dir that already holds orgs is reused as it is.

gunicorn then serves it the way production does: ``deploy/gunicorn.conf.py`` (sync workers,
2 × cores + 1, preload, worker recycling, access log), debug and testing off, a random secret
key, allowed host 127.0.0.1, on a free loopback port. The settings module is
``bench.portal.settings``: the project's settings with a URLconf that adds ``/bench/trivial/``
(a small HttpResponse through the same middleware) for comparison.

A second process (``bench/portal/load.py``, threads + http.client) drives a closed loop of
``--clients`` connections for ``--seconds`` per target:

- trivial: ``/bench/trivial/``;
- item, warm: 20 fixed items, each fetched beforehand until every worker has it cached;
- item, cold-ish: random public items among all of them (mostly cache misses at scale);
- catalogue: org catalogue routes with category / year filters and a page number;
- home: ``/``.

It prints requests/s and p50/p95/p99 per target and the item/trivial ratio, and writes them
(with the date, machine, load average, item count and settings) into docs/performance.md
under "Portal", replacing only the block of this scale.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))  # load.percentile
PY = sys.executable
WARM_ITEMS = 20
COLD_SAMPLE = 20_000
TARGET_RATIO = 0.5
TARGET_P95_MS = 50.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def machine() -> str:
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        mem = int(Path("/proc/meminfo").read_text().split()[1]) // (1024 * 1024)
    except (OSError, ValueError, IndexError):
        mem = 0
    return f"{os.cpu_count()} cores ({model}), {mem} GiB"


def loadavg() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


# --- Building the instance -----------------------------------------------------------------------


def build(*, scale: str, seed: int) -> dict:
    """Migrate, fill and collect static files (each only once); return what the load needs."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from gongkai.catalogue.models import CatalogueItem, Category
    from gongkai.demo.services import demo_build
    from gongkai.orgs.models import Org
    from gongkai.portal.models import OrgSitePage

    call_command("migrate", verbosity=0)
    if not Org.objects.exists():
        started = time.perf_counter()
        result = demo_build(
            scale=scale, seed=seed, password=secrets.token_urlsafe(12), progress=sys.stderr
        )
        print(
            f"demo --scale {scale}: {result.items:,} items in {time.perf_counter() - started:.0f} s"
        )
    static_root = Path(os.environ["GONGKAI_DATA_DIR"]) / "static"
    if not (static_root / "staticfiles.json").exists():
        call_command("collectstatic", interactive=False, verbosity=0)

    public = CatalogueItem.objects.public()
    ids = list(public.order_by("id").values_list("id", flat=True))
    rng = random.Random(seed)
    sites = list(OrgSitePage.objects.live().select_related("org").order_by("path"))
    catalogue_paths = []
    for site in sites:
        base = site.url
        slugs = list(Category.objects.filter(org=site.org).values_list("slug", flat=True)) or list(
            Category.objects.filter(org__isnull=True).values_list("slug", flat=True)
        )
        for slug in slugs:
            years = sorted(
                {
                    d.year
                    for d in public.filter(org=site.org, category__slug=slug)
                    .order_by("-published_on")
                    .values_list("published_on", flat=True)[:200]
                    if d
                }
            )
            year = years[-1] if years else ""
            catalogue_paths.append(f"{base}catalogue/?category={slug}&year={year}")
            catalogue_paths.append(f"{base}catalogue/?category={slug}&page=2")
        catalogue_paths.append(f"{base}catalogue/")
    rng.shuffle(catalogue_paths)
    info = {
        "vendor": connection.vendor,
        "items": CatalogueItem.objects.count(),
        "public": len(ids),
        "orgs": Org.objects.count(),
        "warm": [f"/xxgk/items/{pk}/" for pk in rng.sample(ids, WARM_ITEMS)],
        "cold": [f"/xxgk/items/{pk}/" for pk in rng.sample(ids, min(COLD_SAMPLE, len(ids)))],
        "catalogue": catalogue_paths[:400],
    }
    connection.close()
    return info


# --- Serving and loading -------------------------------------------------------------------------


def start_gunicorn(env: dict, port: int, log: Path, workers: int | None) -> subprocess.Popen:
    server_env = dict(env, GUNICORN_BIND=f"127.0.0.1:{port}")
    if workers:
        server_env["GUNICORN_WORKERS"] = str(workers)
    cmd = [
        str(Path(PY).with_name("gunicorn")),
        "-c",
        str(ROOT / "deploy" / "gunicorn.conf.py"),
        "gongkai.wsgi",
    ]
    handle = log.open("w")
    server = subprocess.Popen(cmd, env=server_env, cwd=ROOT, stdout=handle, stderr=handle)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited: see {log}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise SystemExit("gunicorn did not start within 60 s")


def load(*, port: int, paths: list[str], seconds: float, clients: int, tmp: Path) -> dict:
    paths_file = tmp / "paths.txt"
    paths_file.write_text("\n".join(paths), encoding="utf-8")
    before = loadavg()
    out = subprocess.run(
        [
            PY,
            str(ROOT / "bench" / "portal" / "load.py"),
            "--port",
            str(port),
            "--paths-file",
            str(paths_file),
            "--seconds",
            str(seconds),
            "--clients",
            str(clients),
        ],
        check=True,
        capture_output=True,
        text=True,
        timeout=seconds + 120,
    )
    result = json.loads(out.stdout)
    result["load_before"] = before
    result["load_after"] = loadavg()
    return result


def merge(results: list[dict]) -> dict:
    """Rounds of one target as one result: all latencies, requests over the summed time."""
    from load import percentile

    latencies = sorted(x for r in results for x in r["latencies"])
    seconds = sum(r["seconds"] for r in results)
    statuses: dict[str, int] = {}
    for r in results:
        for key, n in r["statuses"].items():
            statuses[key] = statuses.get(key, 0) + n
    return {
        "ok": len(latencies),
        "statuses": statuses,
        "seconds": seconds,
        "rps": len(latencies) / seconds if seconds else 0.0,
        "p50_ms": percentile(latencies, 50) * 1000,
        "p95_ms": percentile(latencies, 95) * 1000,
        "p99_ms": percentile(latencies, 99) * 1000,
        "load_before": results[0]["load_before"],
    }


def prewarm(port: int, paths: list[str], rounds: int) -> None:
    """Fetch each path ``rounds`` times on fresh connections so every worker caches it."""
    import http.client

    for _ in range(rounds):
        for path in paths:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            conn.request("GET", path)
            conn.getresponse().read()
            conn.close()


# --- Report --------------------------------------------------------------------------------------


def row(name: str, r: dict) -> str:
    bad = {k: v for k, v in r["statuses"].items() if k != "200"}
    errors = ", ".join(f"{k}×{v}" for k, v in sorted(bad.items())) or "0"
    return (
        f"| {name} | {r['rps']:.0f} | {r['p50_ms']:.1f} | {r['p95_ms']:.1f} | {r['p99_ms']:.1f} "
        f"| {errors} | {r['load_before']} |"
    )


def write_docs(block: str, scale: str) -> Path:
    path = ROOT / "docs" / "performance.md"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Performance\n"
    intro = (
        "## Portal\n\n"
        "`bench/portal/run.py`: gunicorn with `deploy/gunicorn.conf.py` and production settings "
        "(debug off, manifest static files, SQLite in WAL mode, per-process memory cache), a "
        "closed-loop client in a second process on the same machine. The trivial view is a "
        "small `HttpResponse` behind the same middleware. Targets: the warm item page at "
        "least half the trivial view's throughput, p95 under 50 ms at a million items.\n\n"
        "Caching, as deployed by default: each gunicorn worker has its own memory cache "
        "(`GONGKAI_CACHE_URL` unset) and is recycled after ~2,000 requests (`max_requests`), "
        "which empties it. The item page caches the rendered page per version; home and "
        "catalogue pages cache the rendered page for 60 s (anonymous visitors). 'Cold-ish' "
        "items and the catalogue's 400 filter/page combinations therefore mostly miss: "
        "their rows measure the uncached cost. A shared cache (Redis) would turn most of "
        "those misses into hits across workers.\n\n"
        "Finding (2026-11-27, million items, quiet machine): worker recycling is what holds "
        "the warm item page back. With the deploy default `max_requests = 2000` it reached "
        "0.33 of the trivial view; with `GUNICORN_MAX_REQUESTS=1000000` (8 s rounds) 1,000 "
        "against 1,378 req/s, i.e. 0.73, p95 9.5 ms. In-process, the warm item page costs "
        "0.31 ms of CPU against 0.22 ms for the trivial view. Each recycled worker starts "
        "with an empty cache and renders every hot item again (20–50 ms each). Raise "
        "`GUNICORN_MAX_REQUESTS` or set `GONGKAI_CACHE_URL` (Redis) in production.\n"
    )
    section_re = re.compile(r"^## Portal\n.*?(?=^## |\Z)", re.S | re.M)
    match = section_re.search(text)
    # Keep the other scale's block as it was measured; replace this scale's; rewrite the intro.
    blocks = dict(
        re.findall(r"^### Portal: (\w+)\n(.*?)(?=^### |\Z)", match.group(0), re.S | re.M)
        if match
        else []
    )
    blocks[scale] = block.split("\n", 1)[1]
    section = intro + "".join(
        f"\n### Portal: {name}\n{blocks[name].rstrip()}\n"
        for name in ("city", "million")
        if name in blocks
    )
    section += "\n"
    if match:
        text = text[: match.start()] + section + text[match.end() :]
    else:
        text = text.rstrip() + "\n\n" + section
    path.write_text(text.rstrip() + "\n", encoding="utf-8")
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=("city", "million"), default="city")
    parser.add_argument("--data-dir", help="instance directory (default: a new temp dir)")
    parser.add_argument("--database-url", help="PostgreSQL URL (default: SQLite in the data dir)")
    parser.add_argument("--seconds", type=float, default=20, help="load per target (default 20)")
    parser.add_argument(
        "--clients", type=int, help="concurrent connections (default: one per gunicorn worker)"
    )
    parser.add_argument("--workers", type=int, help="gunicorn workers (default: deploy config)")
    parser.add_argument(
        "--rounds", type=int, default=4, help="alternating trivial/warm rounds (default 4)"
    )
    parser.add_argument("--seed", type=int, default=2011)
    parser.add_argument("--no-docs", action="store_true", help="do not update docs/performance.md")
    args = parser.parse_args()

    data_dir = Path(args.data_dir or tempfile.mkdtemp(prefix=f"gongkai-bench-portal-{args.scale}-"))
    data_dir.mkdir(parents=True, exist_ok=True)
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("GONGKAI_DEBUG", "GONGKAI_TESTING", "DATABASE_URL", "GONGKAI_CACHE_URL")
    }
    env.update(
        GONGKAI_DATA_DIR=str(data_dir),
        GONGKAI_SECRET_KEY=secrets.token_urlsafe(48),
        GONGKAI_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SETTINGS_MODULE="bench.portal.settings",
        PYTHONPATH=str(ROOT),
    )
    if args.database_url:
        env["DATABASE_URL"] = args.database_url
    os.environ.clear()
    os.environ.update(env)
    print(f"instance: {data_dir}")
    info = build(scale=args.scale, seed=args.seed)
    print(
        f"data: {info['orgs']} orgs, {info['items']:,} items ({info['public']:,} public), {info['vendor']}"
    )

    port = free_port()
    log = data_dir / "gunicorn-bench.log"
    workers = args.workers or (os.cpu_count() or 1) * 2 + 1
    args.clients = args.clients or workers
    server = start_gunicorn(env, port, log, args.workers)
    results: dict[str, dict] = {}
    try:
        prewarm(port, ["/bench/trivial/", "/", *info["warm"], *info["catalogue"][:10]], 3 * workers)
        trivial_name = "trivial view `/bench/trivial/`"
        warm_name = f"item page, warm ({WARM_ITEMS} items)"
        # Trivial and warm item alternate in short rounds, so that both see the same
        # machine: other jobs on a shared host come and go within a minute.
        rounds: dict[str, list[dict]] = {trivial_name: [], warm_name: []}
        prewarm(port, info["warm"], 2 * workers)
        for _ in range(args.rounds):
            for name, paths in ((trivial_name, ["/bench/trivial/"]), (warm_name, info["warm"])):
                rounds[name].append(
                    load(
                        port=port,
                        paths=paths,
                        seconds=args.seconds / args.rounds,
                        clients=args.clients,
                        tmp=data_dir,
                    )
                )
        for name, parts in rounds.items():
            results[name] = merge(parts)
        targets = [
            (f"item page, cold-ish (random of {len(info['cold']):,})", info["cold"]),
            ("catalogue (org, class, year, page)", info["catalogue"]),
            ("home page `/`", ["/"]),
        ]
        for name, paths in targets:
            results[name] = load(
                port=port, paths=paths, seconds=args.seconds, clients=args.clients, tmp=data_dir
            )
        for name, r in results.items():
            print(
                f"{name:45s} {r['rps']:8.0f} req/s  p50 {r['p50_ms']:6.1f}  p95 {r['p95_ms']:6.1f}  "
                f"p99 {r['p99_ms']:6.1f} ms  statuses {r['statuses']}  load {r['load_before']}"
            )
    finally:
        server.terminate()
        server.wait(60)

    names = list(results)
    trivial, warm, cold = results[names[0]], results[names[1]], results[names[2]]
    ratio = warm["rps"] / trivial["rps"] if trivial["rps"] else 0.0
    ratio_cold = cold["rps"] / trivial["rps"] if trivial["rps"] else 0.0
    ratio_ok = ratio >= TARGET_RATIO
    p95_ok = warm["p95_ms"] < TARGET_P95_MS
    print(f"item/trivial throughput: warm {ratio:.2f}, cold-ish {ratio_cold:.2f}")
    print(
        f"targets: warm item ≥ {TARGET_RATIO:.0%} of trivial: {'met' if ratio_ok else 'MISSED'}; "
        f"warm item p95 < {TARGET_P95_MS:.0f} ms: {'met' if p95_ok else 'MISSED'}"
    )

    if not args.no_docs:
        label = "1,000,000 items" if args.scale == "million" else "demo city"
        block = (
            f"### Portal: {args.scale}\n\n"
            f"{label}: {info['orgs']} orgs, {info['items']:,} catalogue items "
            f"({info['public']:,} public); {info['vendor']}; measured "
            f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on {machine()}; gunicorn {workers} sync workers "
            f"(deploy config), {args.clients} client connections, {args.seconds:.0f} s per target "
            f"(trivial and warm item alternating in {args.rounds} rounds). "
            "The machine is shared: the load average (1/5/15 min) at the start of each target "
            "is in the last column.\n\n"
            "| target | req/s | p50 ms | p95 ms | p99 ms | errors | load avg |\n"
            "| --- | ---: | ---: | ---: | ---: | --- | --- |\n"
            + "\n".join(row(name, r) for name, r in results.items())
            + f"\n\nItem page / trivial view throughput: warm **{ratio:.2f}**, cold-ish "
            f"{ratio_cold:.2f}. Targets: warm ≥ {TARGET_RATIO} "
            f"{'met' if ratio_ok else '**missed**'}; warm p95 < {TARGET_P95_MS:.0f} ms "
            f"{'met' if p95_ok else '**missed**'}.\n"
        )
        print(f"written to {write_docs(block, args.scale)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
