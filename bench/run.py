"""Run the benchmarks and print one table: each measure, its floor measured in the same run, the
ratio, and the goal (a ratio, or an absolute target).

Each script prints its rows as `RESULT {json}` lines (bench/support.py); this runs them one
after another (a machine shared with other work is busy enough) and gathers the rows. `--quick`
(what `make bench` runs) takes fewer samples; sizes stay those of the issue (10,000 evidence
rows, 2,390 requirements, 10,000 people). PostgreSQL rows need the test server
(TEST_POSTGRES_URL, default postgresql://postgres@127.0.0.1:5432/test); without it they are
skipped with a message. `--only click` runs the scripts whose name contains `click`.
    PYTHONPATH=. python bench/run.py [--quick] [--only NAME] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from support import RESULT

BENCH = Path(__file__).resolve().parent
# The scripts whose rows make the table, in the table's order, with their arguments.
SCRIPTS: list[tuple[str, list[str]]] = [
    ("bench_click.py", []),
    ("bench_click_cost.py", []),
    ("bench_reminders.py", ["--backend", "sqlite"]),
    ("bench_reminders.py", ["--backend", "postgresql"]),
    ("bench_startup.py", []),
    ("bench_summary.py", []),
]
QUICK = {"bench_click.py", "bench_click_cost.py", "bench_startup.py", "bench_summary.py"}


def run(script: str, arguments: list[str], quick: bool) -> list[dict[str, Any]]:
    """Run one script, echo what it says, and return its rows."""
    command = [sys.executable, str(BENCH / script), *arguments]
    if quick and script in QUICK:
        command.append("--quick")
    env = os.environ | {"PYTHONPATH": os.pathsep.join([str(BENCH.parent), str(BENCH)])}
    print(f"$ {' '.join(command[1:])}", flush=True)
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    rows = []
    for line in done.stdout.splitlines():
        if line.startswith(RESULT):
            rows.append(json.loads(line[len(RESULT) :]))
        else:
            print(f"  {line}")
    if done.returncode != 0:
        print(done.stderr[-3000:], file=sys.stderr)
        raise SystemExit(f"{script} failed (exit {done.returncode})")
    print(f"  ({time.perf_counter() - started:.0f} s)", flush=True)
    return rows


def ratio(row: dict[str, Any]) -> float:
    now, floor = float(row["now"]), float(row["floor"])
    if row.get("higher"):
        now, floor = floor, now
    return now / floor if floor else float("inf")


def verdict(row: dict[str, Any]) -> str:
    """What the goal asks and whether it is met."""
    parts = []
    if row.get("goal") is not None:
        ok = ratio(row) <= row["goal"]
        parts.append(f"<= {row['goal']:g}x {'ok' if ok else 'MISSED'}")
    if row.get("target") is not None:
        ok = float(row["now"]) <= row["target"]
        parts.append(f"<= {row['target']:g} {row['unit']} {'ok' if ok else 'MISSED'}".strip())
    return ", ".join(parts) or "-"


def number(value: float, unit: str) -> str:
    if unit in ("", "/s") or value >= 100:
        return f"{value:,.0f} {unit}".strip()
    return f"{value:,.2f} {unit}" if value < 10 else f"{value:,.1f} {unit}"


def table(rows: list[dict[str, Any]]) -> str:
    """The rows as a Markdown table (readable in a terminal, pasteable into an issue)."""
    lines = ["| measure | now | floor | ratio | goal |", "| --- | ---: | ---: | ---: | --- |"]
    for row in rows:
        unit = row["unit"]
        floor = number(float(row["floor"]), unit)
        if row.get("note"):
            floor += f" ({row['note'].removeprefix('floor: ')})"
        lines.append(
            f"| {row['measure']} | {number(float(row['now']), unit)} | {floor} "
            f"| {ratio(row):.2f}x | {verdict(row)} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer samples: a few minutes")
    parser.add_argument("--only", help="run only the scripts whose name contains this")
    parser.add_argument("--json", type=Path, help="also write the rows to this file")
    args = parser.parse_args()
    rows: list[dict[str, Any]] = []
    for script, arguments in SCRIPTS:
        if args.only and args.only not in script:
            continue
        rows += run(script, arguments, args.quick)
    print()
    print(table(rows))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n")


if __name__ == "__main__":
    main()
