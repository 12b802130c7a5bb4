"""Benchmark: importing a legacy catalogue as published, against importing it as drafts.

    .venv/bin/python bench/importing/run.py [--items 3000]

Publishing an imported item (gongkai.review.publication.items_published) indexes it, strips its
attachments' metadata, pre-checks it and computes its Art. 26 delay, in batches. The baseline,
measured in the same run on the same rows, is the same file imported as drafts (no 发布日期):
the rows and attachment copies without publication. Prints both times, items per second and the
cost of publication per item. A fresh data dir (SQLite) is made and removed.
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PY = str(ROOT / ".venv" / "bin" / "python")


def manage(env: dict, *args: str) -> float:
    started = time.perf_counter()
    subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=3000)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="gk-bench-import-"))
    try:
        legacy = tmp / "legacy"
        subprocess.run(
            [PY, "scripts/operator-fixture", str(legacy), "--items", str(args.items)],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        source = legacy / "items-qx.csv"
        drafts = legacy / "items-drafts.csv"
        with source.open(encoding="utf-8-sig", newline="") as fin:
            rows = list(csv.reader(fin))
        column = rows[0].index("发布日期")
        numbers = rows[0].index("索引号")
        with drafts.open("w", encoding="utf-8", newline="") as fout:
            writer = csv.writer(fout)
            writer.writerow(rows[0])
            for row in rows[1:]:
                row[column] = row[numbers] = ""  # drafts, numbered afresh (no clash)
                writer.writerow(row)
        env = dict(os.environ, GONGKAI_DATA_DIR=str(tmp / "data"), DATABASE_URL="")
        env.pop("GONGKAI_TESTING", None)
        manage(env, "migrate", "-v0")
        manage(env, "import_orgs", str(legacy / "orgs.csv"))
        baseline = manage(env, "import_items", str(drafts), "--org", "qx-fgw")
        published = manage(env, "import_items", str(source), "--org", "qx")
        count = len(rows) - 1
        live = sum(1 for row in rows[1:] if row[column])
        print(f"items: {count} ({live} published), attachments referenced by 1 row in 5")
        print(f"baseline (as drafts):   {baseline:7.1f} s  {count / baseline:7.0f} items/s")
        print(f"published:              {published:7.1f} s  {count / published:7.0f} items/s")
        print(
            f"publication costs {(published - baseline) / live * 1000:.1f} ms per published item "
            f"({published / baseline:.2f}× the baseline)"
        )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
