"""Monte Carlo throughput side by side: bw2calc on reo-lca's exported datapackages
(``use_distributions=True``, one ``next(lca)`` per iteration) against reo-lca's own Monte
Carlo of the same scenarios (the native bench ``benches/monte_carlo.rs``). Not a test: prints
a table for BENCHMARKS.md ("Brightway side by side").

    cargo build --release --bin reo-lca
    target/bw-venv/bin/python benches/brightway.py      # after scripts/test-brightway.sh made the venv
    # options: --bw-iterations N (default 300), --reo cli (time `reo-lca mc` instead), --json

What is timed:
* bw2calc: per preset x side, a datapackage from ``reo-lca export --format bw-datapackage``;
  ``LCA(...).lci(); .lcia()`` once (not timed), then N iterations of ``next(lca)`` (new draws
  of every cell, matrix rebuild, sparse solve, score). One route per iteration. Best of three.
* reo-lca, ``--reo bench`` (default): ``cargo bench --profile benchmark --bench monte_carlo``,
  its "10k draws" column: 10,000 iterations of both routes with common random numbers (draws,
  derived quantities, matrix values, solve, score; best of 7), without the summary.
* reo-lca, ``--reo cli``: ``reo-lca mc --iterations N --json`` as a process, minus the same
  command with 1 iteration; includes the summary and the regression coefficients the command
  always computes, so it understates the draw rate.
reo-lca computes both routes per iteration; the ratio is per route (reo-lca's rate doubled).
"""

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import bw2calc
import bw_processing as bwp
import numpy as np
from fsspec.implementations.zip import ZipFileSystem

ROOT = Path(__file__).resolve().parents[1]
CLI = os.environ.get("REO_LCA", str(ROOT / "target" / "release" / "reo-lca"))
SIDES = ("mined", "recycled")
ROUNDS = 3


def run(*args):
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def bw_rate(path: Path, n: int) -> float:
    best = float("inf")
    for _ in range(ROUNDS):
        dp = bwp.load_datapackage(ZipFileSystem(str(path)))
        d = {int(k): float(v) for k, v in dp.metadata["reo_lca"]["demand"]}
        lca = bw2calc.LCA(demand=d, data_objs=[dp], use_distributions=True, seed_override=1)
        lca.lci()
        lca.lcia()
        t = time.perf_counter()
        for _ in range(n):
            next(lca)
        best = min(best, time.perf_counter() - t)
    return n / best


def reo_seconds(preset: str, n: int) -> float:
    best = float("inf")
    for _ in range(ROUNDS):
        t = time.perf_counter()
        run(CLI, "mc", "--preset", preset, "--iterations", str(n), "--seed", "1", "--json")
        best = min(best, time.perf_counter() - t)
    return best


def bench_rates() -> dict:
    """Iterations per second (both routes) by preset, from the native Monte Carlo bench."""
    out = subprocess.run(["cargo", "bench", "--profile", "benchmark", "--bench", "monte_carlo"],
                         cwd=ROOT, check=True, capture_output=True, text=True).stdout
    rates = {}
    for line in out.splitlines():
        f = line.split()
        # preset, inputs, tri, prepare "ms", 10k draws "ms", µs/iter, …
        if len(f) >= 8 and f[3 + 1] == "ms" and f[6] == "ms":
            rates[f[0]] = 10_000 / (float(f[5]) / 1e3)
    return rates


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bw-iterations", type=int, default=300)
    ap.add_argument("--reo-iterations", type=int, default=20000)
    ap.add_argument("--reo", choices=["bench", "cli"], default="bench")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    rates = bench_rates() if a.reo == "bench" else {}
    tmp = Path(tempfile.mkdtemp(prefix="reo-bw-bench-"))
    presets = [l.split()[0] for l in run(CLI, "presets").splitlines() if l.strip()]
    rows = []
    for preset in presets:
        if a.reo == "bench":
            reo = rates[preset]
        else:
            start = reo_seconds(preset, 1)
            reo = a.reo_iterations / max(reo_seconds(preset, a.reo_iterations) - start, 1e-9)
        for side in SIDES:
            path = tmp / f"{preset}-{side}.zip"
            run(CLI, "export", "--preset", preset, "--route", side, "--format", "bw-datapackage",
                "--out", str(path))
            doc = json.loads(run(CLI, "export", "--preset", preset, "--route", side))
            bw = bw_rate(path, a.bw_iterations)
            rows.append({
                "preset": preset, "side": side,
                "products": doc["technosphere"]["shape"][0],
                "cells": len(doc["technosphere"]["entries"]) + len(doc["biosphere"]["entries"]),
                "bw2calc_it_per_s": bw,
                "reo_lca_it_per_s": reo,
                "reo_lca_route_it_per_s": 2 * reo,
                "ratio_per_route": 2 * reo / bw,
            })
    env = {
        "python": platform.python_version(), "bw2calc": bw2calc.__version__,
        "bw_processing": bwp.__version__, "numpy": np.__version__,
        "pypardiso": bool(getattr(bw2calc, "PYPARDISO", False)),
        "cpus": os.cpu_count(), "load": os.getloadavg(),
    }
    if a.json:
        print(json.dumps({"env": env, "rows": rows}, indent=2))
        return
    print(f"# bw2calc {env['bw2calc']} (pypardiso: {env['pypardiso']}), bw_processing "
          f"{env['bw_processing']}, numpy {env['numpy']}, Python {env['python']}; "
          f"{env['cpus']} CPUs, load {env['load'][0]:.1f}; reo-lca from the {a.reo}")
    print("| preset | side | products | cells | bw2calc it/s | reo-lca it/s (both routes) "
          "| reo-lca route-it/s | ratio per route |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['preset']} | {r['side']} | {r['products']} | {r['cells']} | "
              f"{r['bw2calc_it_per_s']:,.0f} | {r['reo_lca_it_per_s']:,.0f} | "
              f"{r['reo_lca_route_it_per_s']:,.0f} | {r['ratio_per_route']:,.0f}x |")
    ratios = [r["ratio_per_route"] for r in rows]
    print(f"geometric mean ratio per route: {float(np.exp(np.mean(np.log(ratios)))):,.0f}x")


if __name__ == "__main__":
    sys.exit(main())
