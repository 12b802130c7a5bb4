"""Benchmark: concurrent online applications against gunicorn, and deadline arithmetic speed.

    .venv/bin/python bench/applications/bench_intake.py --db sqlite --clients 200 --seconds 60
    .venv/bin/python bench/applications/bench_intake.py --db postgres --clients 200 --seconds 60
    .venv/bin/python bench/applications/bench_intake.py --deadlines-only

Each client loops: GET /apply/ (CSRF cookie and token), POST the form with a small PNG as
identity proof. A submission is *confirmed* when the POST answers 302 to /apply/done/. At the
end the database must hold exactly as many applications as were confirmed, and there must be no
error responses. PostgreSQL runs in a throwaway cluster (initdb) in a temporary directory.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PY = str(ROOT / ".venv" / "bin" / "python")
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
CSRF_RE = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(cmd, env, **kw):
    return subprocess.run(cmd, env=env, cwd=ROOT, check=True, **kw)


def _as_pg_user(cmd: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root; on a root shell run its tools as the postgres user."""
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


def start_postgres(tmp: Path) -> str:
    pgdir, port = tmp / "pgroot", free_port()
    pgdir.mkdir()
    if os.geteuid() == 0:
        shutil.chown(tmp, user="postgres")
        shutil.chown(pgdir, user="postgres")
    data = pgdir / "data"
    run(
        _as_pg_user(["initdb", "-D", str(data), "-U", "bench", "--auth=trust", "-E", "UTF8"]),
        os.environ,
        stdout=subprocess.DEVNULL,
    )
    opts = f"-p {port} -k {pgdir} -c max_connections=300"
    run(
        _as_pg_user(
            ["pg_ctl", "-D", str(data), "-l", str(pgdir / "pg.log"), "-w", "-o", opts, "start"]
        ),
        os.environ,
        stdout=subprocess.DEVNULL,
    )
    run(["createdb", "-h", "127.0.0.1", "-p", str(port), "-U", "bench", "gongkai"], os.environ)
    return f"postgres://bench@127.0.0.1:{port}/gongkai"


def stop_postgres(tmp: Path) -> None:
    subprocess.run(
        _as_pg_user(["pg_ctl", "-D", str(tmp / "pgroot" / "data"), "-m", "fast", "stop"]),
        stdout=subprocess.DEVNULL,
        check=False,
    )


def multipart(fields: dict[str, str], files: dict[str, tuple[str, bytes, str]]):
    boundary = uuid.uuid4().hex
    parts = []
    for k, v in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
        )
    for k, (name, data, ctype) in files.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"; '
            f'filename="{name}"\r\nContent-Type: {ctype}\r\n\r\n'.encode()
            + data
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.latencies: list[float] = []
        self.confirmed = 0
        self.errors: dict[str, int] = {}

    def error(self, what: str):
        with self.lock:
            self.errors[what] = self.errors.get(what, 0) + 1


def client_loop(port: int, org_id: int, stop: float, stats: Stats, n: int) -> None:
    rnd = random.Random(n)
    while time.monotonic() < stop:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        try:
            conn.request("GET", "/apply/")
            r = conn.getresponse()
            body = r.read()
            if r.status != 200:
                stats.error(f"GET {r.status}")
                continue
            cookies = "; ".join(
                v.split(";", 1)[0] for k, v in r.getheaders() if k.lower() == "set-cookie"
            )
            token = CSRF_RE.search(body).group(1).decode()
            fields = {
                "csrfmiddlewaretoken": token,
                "org": str(org_id),
                "applicant_type": "natural_person",
                "applicant_name": "测试",
                "id_type": "resident_id",
                "id_number": f"110101199001{rnd.randrange(10**6):06d}",
                "phone": f"139{rnd.randrange(10**8):08d}",
                "email": "bench@example.com",
                "description": f"压力测试申请 {n}-{rnd.randrange(10**9)}",
                "delivery_form": "electronic",
                "delivery_way": "email",
                "agree": "on",
            }
            data, ctype = multipart(fields, {"proof": ("id.png", PNG, "image/png")})
            t0 = time.perf_counter()
            conn.request(
                "POST",
                "/apply/",
                body=data,
                headers={
                    "Content-Type": ctype,
                    "Cookie": cookies,
                    "Referer": f"http://127.0.0.1:{port}/apply/",
                },
            )
            r = conn.getresponse()
            r.read()
            elapsed = time.perf_counter() - t0
            if r.status == 302 and r.getheader("Location", "").endswith("/apply/done/"):
                with stats.lock:
                    stats.confirmed += 1
                    stats.latencies.append(elapsed)
            else:
                stats.error(f"POST {r.status}")
        except Exception as exc:  # noqa: BLE001 — every failure counts as an error
            stats.error(type(exc).__name__)
        finally:
            conn.close()


def bench_intake(db: str, clients: int, seconds: int, workers: int, threads: int) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="gongkai-bench-"))
    env = dict(
        os.environ,
        GONGKAI_DATA_DIR=str(tmp / "data"),
        DJANGO_SETTINGS_MODULE="bench.applications.settings_bench",
        PYTHONPATH=str(ROOT),
        GONGKAI_SECRET_KEY="bench-" + uuid.uuid4().hex,
    )
    try:
        if db == "postgres":
            env["DATABASE_URL"] = start_postgres(tmp)
        run([PY, "manage.py", "migrate", "-v", "0"], env)
        org_id = int(
            run(
                [
                    PY,
                    "-c",
                    (
                        "import django;django.setup();from gongkai.orgs.models import Org;"
                        "print(Org.objects.create(code='BENCH',name='压测单位',kind='department').pk)"
                    ),
                ],
                env,
                capture_output=True,
                text=True,
            ).stdout.strip()
        )
        port = free_port()
        log = open(tmp / "gunicorn.log", "w")  # noqa: SIM115 — closed after the server stops
        server = subprocess.Popen(
            [
                str(ROOT / ".venv/bin/gunicorn"),
                "gongkai.wsgi",
                "-b",
                f"127.0.0.1:{port}",
                "-w",
                str(workers),
                "-k",
                "gthread",
                "--threads",
                str(threads),
                "--backlog",
                "2048",
                "--timeout",
                "120",
            ],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        stats = Stats()
        stop = time.monotonic() + seconds
        pool = [
            threading.Thread(target=client_loop, args=(port, org_id, stop, stats, i))
            for i in range(clients)
        ]
        t0 = time.monotonic()
        for t in pool:
            t.start()
        for t in pool:
            t.join()
        wall = time.monotonic() - t0
        server.terminate()
        server.wait(30)
        log.close()
        stored = int(
            run(
                [
                    PY,
                    "-c",
                    (
                        "import django;django.setup();from gongkai.applications.models import Application;"
                        f"print(Application.objects.filter(org_id={org_id}).count())"
                    ),
                ],
                env,
                capture_output=True,
                text=True,
            ).stdout.strip()
        )
        lat = sorted(stats.latencies) or [0.0]
        return {
            "db": db,
            "clients": clients,
            "seconds": round(wall, 1),
            "gunicorn": f"{workers} workers x {threads} threads",
            "confirmed": stats.confirmed,
            "stored": stored,
            "errors": stats.errors,
            "throughput_per_s": round(stats.confirmed / wall, 1),
            "p50_ms": round(statistics.median(lat) * 1000, 1),
            "p99_ms": round(lat[min(len(lat) - 1, int(len(lat) * 0.99))] * 1000, 1),
            "ok": not stats.errors and stored == stats.confirmed,
        }
    finally:
        if db == "postgres":
            stop_postgres(tmp)
        shutil.rmtree(tmp, ignore_errors=True)


def bench_deadlines(n: int = 200_000) -> dict:
    sys.path.insert(0, str(ROOT))
    from gongkai.calendar.seed import official_calendar
    from gongkai.calendar.workdays import naive_add_workdays

    cal = official_calendar()
    rnd = random.Random(1)
    base = dt.date(2010, 1, 1).toordinal()
    cases = [
        (dt.date.fromordinal(base + rnd.randrange(5000)), rnd.choice((7, 15, 20, 40)))
        for _ in range(n)
    ]
    t0 = time.perf_counter()
    fast = [cal.add_workdays(d, k).date for d, k in cases]
    t_fast = time.perf_counter() - t0
    t0 = time.perf_counter()
    naive = [naive_add_workdays(cal, d, k) for d, k in cases]
    t_naive = time.perf_counter() - t0
    assert fast == naive, "fast and naive deadline arithmetic disagree"
    return {
        "dates": n,
        "fast_per_s": round(n / t_fast),
        "naive_per_s": round(n / t_naive),
        "speedup": round(t_naive / t_fast, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--deadlines-only", action="store_true")
    args = parser.parse_args()
    results = {"deadlines": bench_deadlines()}
    if not args.deadlines_only:
        for db in ["sqlite", "postgres"] if args.db == "both" else [args.db]:
            results[db] = bench_intake(db, args.clients, args.seconds, args.workers, args.threads)
            print(json.dumps({db: results[db]}, ensure_ascii=False), file=sys.stderr, flush=True)
    print(json.dumps(results, ensure_ascii=False, indent=2))
    sys.exit(0 if all(r.get("ok", True) for r in results.values()) else 1)


if __name__ == "__main__":
    main()
