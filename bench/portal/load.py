"""A bounded closed-loop HTTP load client: N threads, one connection each, for a fixed time.

Runs in its own process (``python bench/portal/load.py --port … --paths-file …``) so that its
work is not mixed with the orchestrator's. Each thread sends a request, reads the whole
response, records its latency and sends the next (closed loop: at most N requests in flight).
Connections are kept alive where the server allows it; gunicorn's sync workers close after
each response, and ``http.client`` then reconnects for the next request, as a browser would.
Only 127.0.0.1 is ever contacted. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import http.client
import json
import math
import random
import sys
import threading
import time


def _worker(
    port: int,
    paths: list[str],
    stop_at: float,
    seed: int,
    out: list[float],
    statuses: dict[str, int],
    lock: threading.Lock,
) -> None:
    rng = random.Random(seed)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    latencies: list[float] = []
    counts: dict[str, int] = {}
    while time.monotonic() < stop_at:
        path = paths[rng.randrange(len(paths))]
        t0 = time.perf_counter()
        try:
            conn.request("GET", path, headers={"Accept-Encoding": "identity"})
            response = conn.getresponse()
            response.read()
            status = str(response.status)
        except (OSError, http.client.HTTPException) as exc:
            status = type(exc).__name__
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        elapsed = time.perf_counter() - t0
        counts[status] = counts.get(status, 0) + 1
        if status == "200":
            latencies.append(elapsed)
    conn.close()
    with lock:
        out.extend(latencies)
        for key, n in counts.items():
            statuses[key] = statuses.get(key, 0) + n


def percentile(sorted_values: list[float], q: float) -> float:
    """Nearest-rank percentile of an ascending list (q in 0..100)."""
    if not sorted_values:
        return float("nan")
    rank = max(1, min(len(sorted_values), math.ceil(q / 100 * len(sorted_values))))
    return sorted_values[rank - 1]


def run_load(*, port: int, paths: list[str], seconds: float, clients: int) -> dict:
    latencies: list[float] = []
    statuses: dict[str, int] = {}
    lock = threading.Lock()
    start = time.monotonic()
    stop_at = start + seconds
    threads = [
        threading.Thread(
            target=_worker, args=(port, paths, stop_at, n, latencies, statuses, lock), daemon=True
        )
        for n in range(clients)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(seconds + 60)
    wall = time.monotonic() - start
    latencies.sort()
    ok = len(latencies)
    return {
        "requests": sum(statuses.values()),
        "ok": ok,
        "statuses": statuses,
        "seconds": round(wall, 2),
        "rps": ok / wall if wall else 0.0,
        "p50_ms": percentile(latencies, 50) * 1000,
        "p95_ms": percentile(latencies, 95) * 1000,
        "p99_ms": percentile(latencies, 99) * 1000,
        "latencies": latencies,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--paths-file", required=True, help="one URL path per line")
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--clients", type=int, default=8)
    args = parser.parse_args()
    with open(args.paths_file, encoding="utf-8") as handle:
        paths = [line.strip() for line in handle if line.strip()]
    result = run_load(port=args.port, paths=paths, seconds=args.seconds, clients=args.clients)
    json.dump(result, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
