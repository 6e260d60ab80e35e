"""reo-lca's exports in Brightway: every preset x side as a bw_processing datapackage loads with
``bw_processing.load_datapackage``, bw2calc reproduces reo-lca's total, a seeded bw2calc Monte
Carlo on the exported distributions agrees with reo-lca's own Monte Carlo of the same route,
and the ``reo-lca-matrices/2`` documents from the CLI, the npm package and the library API are
valid against the schema and identical.

Run by ``scripts/test-brightway.sh`` (which makes the venv from requirements.txt and builds the
CLI, the example and, when stale, the npm package). Environment: ``REO_LCA`` (the CLI),
``REO_LCA_EXAMPLE`` (``examples/matrices.rs`` built), ``REO_LCA_PKG`` (the npm package dir).
"""

import json
import math
import os
import subprocess
import tempfile
from pathlib import Path

import bw2calc
import bw_processing as bwp
import jsonschema
import numpy as np
import pytest
from fsspec.implementations.zip import ZipFileSystem

ROOT = Path(__file__).resolve().parents[2]
CLI = os.environ.get("REO_LCA", str(ROOT / "target" / "release" / "reo-lca"))
EXAMPLE = os.environ.get("REO_LCA_EXAMPLE", "")
PKG = os.environ.get("REO_LCA_PKG", str(ROOT / "pkg"))
SCHEMA = json.loads((ROOT / "schema" / "reo-lca-matrices-2.schema.json").read_text())
TMP = Path(tempfile.mkdtemp(prefix="reo-bw-"))
SIDES = ("mined", "recycled")

# Monte Carlo comparison (see BENCHMARKS.md, "Brightway side by side", for the figures).
BW_ITERATIONS = 300
REO_ITERATIONS = 5000
SEED = 20261
# Medians: 2 % for the mapping's approximations plus three standard errors of the median of
# bw2calc's 300 draws (1.2533·sd/√n, sd from those draws): the widest route
# (ionic-missouri-ndpr mined, P5-P95 about ±35 %) has a standard error of 1.4 %.
MEDIAN_SYSTEMATIC = 0.02
OVERLAP_MIN = 0.6


def run(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def presets() -> list[str]:
    return [line.split()[0] for line in run(CLI, "presets").splitlines() if line.strip()]


PRESETS = presets()


def document(preset: str, side: str) -> dict:
    return json.loads(run(CLI, "export", "--preset", preset, "--route", side))


def package(preset: str, side: str) -> Path:
    path = TMP / f"{preset}-{side}.zip"
    if not path.exists():
        run(CLI, "export", "--preset", preset, "--route", side, "--format", "bw-datapackage",
            "--out", str(path))
    return path


def load(path: Path):
    return bwp.load_datapackage(ZipFileSystem(str(path)))


def demand(dp) -> dict:
    return {int(k): float(v) for k, v in dp.metadata["reo_lca"]["demand"]}


def totals(preset: str) -> dict:
    c = json.loads(run(CLI, "compare", "--preset", preset, "--json"))
    return {"mined": c["mined"]["total"], "recycled": c["recycled"]["total"]}


# --- deterministic scores -------------------------------------------------------------------

worst = {"rel": 0.0}


@pytest.mark.parametrize("preset", PRESETS)
def test_bw2calc_reproduces_every_total(preset):
    expected = totals(preset)
    for side in SIDES:
        dp = load(package(preset, side))
        lca = bw2calc.LCA(demand=demand(dp), data_objs=[dp])
        lca.lci()
        lca.lcia()
        rel = abs(lca.score - expected[side]) / abs(expected[side])
        worst["rel"] = max(worst["rel"], rel)
        print(f"{preset:22} {side:9} reo-lca {expected[side]:.15g} bw2calc {lca.score:.15g} rel {rel:.1e}")
        assert rel <= 1e-9, (preset, side, lca.score, expected[side])
        assert math.isclose(dp.metadata["reo_lca"]["score"]["value"], expected[side], rel_tol=1e-12)


def test_worst_round_trip_is_reported():
    print(f"largest relative difference bw2calc vs reo-lca: {worst['rel']:.1e}")
    assert worst["rel"] <= 1e-9


# --- layout ---------------------------------------------------------------------------------


def test_layout_is_what_bw_processing_writes():
    """The same arrays written by bw_processing itself give the same resources and .npy bytes."""
    dp = load(package("ionic-missouri-ndpr", "recycled"))
    meta = dp.metadata
    ref = bwp.create_datapackage(name=meta["name"], id_=meta["id"])
    for group in ("technosphere", "biosphere", "characterisation"):
        arrays = {r["kind"]: a for a, r in zip(dp.data, dp.resources) if r["group"] == group}
        assert arrays["indices"].dtype == np.dtype(bwp.INDICES_DTYPE)
        assert arrays["data"].dtype == np.float64
        assert arrays["flip"].dtype == bool
        assert arrays["distributions"].dtype == np.dtype(bwp.UNCERTAINTY_DTYPE)
        matrix = next(r["matrix"] for r in dp.resources if r["group"] == group)
        # Distributions and flips are written even where bw_processing would leave them out
        # (no uncertainty, no flip), so pass one that it keeps.
        ref.add_persistent_vector(matrix=matrix, name=group, indices_array=arrays["indices"],
                                  data_array=arrays["data"], flip_array=arrays["flip"],
                                  distributions_array=arrays["distributions"])
    keep = lambda r: {k: v for k, v in r.items()}
    ours = {r["name"]: keep(r) for r in meta["resources"]}
    for r in ref.metadata["resources"]:
        assert ours[r["name"]] == keep(r), r["name"]
    for key in ("profile", "combinatorial", "sequential", "seed", "64_bit_indices",
                "sum_intra_duplicates", "sum_inter_duplicates", "matrix_serialize_format_type"):
        assert meta[key] == ref.metadata[key], key
    # .npy bytes as numpy.save writes them
    import io
    import zipfile
    z = zipfile.ZipFile(package("ionic-missouri-ndpr", "recycled"))
    for a, r in zip(dp.data, dp.resources):
        buf = io.BytesIO()
        np.save(buf, a, allow_pickle=False)
        assert z.read(r["path"]) == buf.getvalue(), r["path"]


def test_same_scenario_gives_the_same_bytes():
    a = TMP / "again.zip"
    run(CLI, "export", "--preset", "sprecher-hdd", "--route", "mined", "--format",
        "bw-datapackage", "--out", str(a))
    assert a.read_bytes() == package("sprecher-hdd", "mined").read_bytes()


# --- lognormal cells ------------------------------------------------------------------------


def test_lognormal_cells_round_trip_to_geometric_mean_and_sd():
    """exp(loc) is the cell's geometric mean (its deterministic magnitude) and exp(scale) the
    driving input's GSD, through the float32 fields of the distributions array."""
    checked = {"parameter": 0, "exchange": 0}
    for preset in PRESETS:
        for side in SIDES:
            doc = document(preset, side)
            inputs = {i["id"]: i for i in doc["inputs"]}
            dp = load(package(preset, side))
            dists = {r["group"]: a for a, r in zip(dp.data, dp.resources) if r["kind"] == "distributions"}
            data = {r["group"]: a for a, r in zip(dp.data, dp.resources) if r["kind"] == "data"}
            for group in ("technosphere", "biosphere"):
                for k, cell in enumerate(doc[group]["entries"]):
                    u = cell["uncertainty"]
                    if u["uncertaintyType"] != 2 or u["mapping"] != "exact":
                        continue
                    i = inputs[u["parameter"]]
                    assert i["distribution"]["kind"] == "lognormal"
                    d = dists[group][k]
                    assert d["uncertainty_type"] == 2
                    # float32 loc and scale: relative error of the exp() up to |loc|·2⁻²⁴.
                    tol = 1e-6 * max(1.0, abs(float(d["loc"])))
                    assert math.isclose(math.exp(d["loc"]), abs(cell["value"]), rel_tol=tol)
                    assert math.isclose(math.exp(d["loc"]), data[group][k], rel_tol=tol)
                    assert math.isclose(math.exp(d["scale"]), i["distribution"]["gsd"], rel_tol=1e-6)
                    # The cell scales with the input: its geometric mean is the input's (its
                    # deterministic value) times the same factor.
                    if i["kind"] == "parameter":
                        assert i["value"] > 0
                    checked[i["kind"]] += 1
    print(f"lognormal cells checked: {checked}")
    assert checked["exchange"] > 50
    assert checked["parameter"] >= 1  # miningDiesel (GSD 1.5) in the Bayan Obo routes


# --- Monte Carlo ----------------------------------------------------------------------------


def quantiles(x):
    return np.quantile(np.asarray(x), [0.05, 0.5, 0.95])


def bw_monte_carlo(dp, n):
    lca = bw2calc.LCA(demand=demand(dp), data_objs=[dp], use_distributions=True, seed_override=SEED)
    lca.lci()
    lca.lcia()
    scores = [lca.score]
    for _ in range(n - 1):
        next(lca)
        scores.append(lca.score)
    return scores


# Every preset x side (bw2calc 300 iterations each: about 0.3 s a route).
MC_CASES = [(p, s) for p in PRESETS for s in SIDES]


@pytest.mark.parametrize("preset,side", MC_CASES)
def test_monte_carlo_agrees_with_reo_lca(preset, side):
    """Medians within 2 % + 3 standard errors, and the P5-P95 intervals overlapping by at
    least 60 % of the narrower one. The samplers differ: bw2calc draws each cell independently (inputs shared by
    several cells lose their correlation) and drops the non-dominant drivers of mixed cells;
    reo-lca draws each input once per iteration. See BENCHMARKS.md for the figures."""
    draws = bw_monte_carlo(load(package(preset, side)), BW_ITERATIONS)
    bw = quantiles(draws)
    out = json.loads(run(CLI, "mc", "--preset", preset, "--iterations", str(REO_ITERATIONS),
                         "--seed", "1", "--json", "--samples"))
    reo = quantiles(out["samples"][side])
    median_diff = abs(bw[1] - reo[1]) / abs(reo[1])
    se = 1.2533 * np.std(draws, ddof=1) / math.sqrt(BW_ITERATIONS) / abs(reo[1])
    tolerance = MEDIAN_SYSTEMATIC + 3 * se
    overlap = max(0.0, min(bw[2], reo[2]) - max(bw[0], reo[0]))
    narrower = min(bw[2] - bw[0], reo[2] - reo[0])
    share = overlap / narrower if narrower > 0 else 1.0
    print(f"MC {preset} {side}: bw2calc P5/P50/P95 {bw[0]:.4g}/{bw[1]:.4g}/{bw[2]:.4g} "
          f"({BW_ITERATIONS} it.), reo-lca {reo[0]:.4g}/{reo[1]:.4g}/{reo[2]:.4g} "
          f"({REO_ITERATIONS} it.); median diff {median_diff:.2%} (tolerance {tolerance:.2%}), "
          f"overlap {share:.0%}")
    assert median_diff <= tolerance
    assert share >= OVERLAP_MIN


# --- the document: schema, and the same from CLI, npm package and library -------------------


def node_documents(preset: str) -> dict:
    script = f"""
import {{ exportMatrices, Calculator }} from {json.dumps(str(Path(PKG) / 'node.js'))};
const s = {{ preset: {json.dumps(preset)} }};
const calc = new Calculator(s);
const out = {{}};
for (const side of ['mined', 'recycled']) out[side] = [exportMatrices(s, side), calc.matrices(side)];
process.stdout.write(JSON.stringify(out));
"""
    return json.loads(run("node", "--input-type=module", "-e", script))


@pytest.mark.parametrize("preset", PRESETS)
def test_documents_validate_and_agree(preset):
    validator = jsonschema.Draft202012Validator(SCHEMA)
    node = node_documents(preset) if Path(PKG, "node.js").exists() else None
    for side in SIDES:
        cli = document(preset, side)
        docs = {"cli": cli}
        if EXAMPLE:
            docs["rust"] = json.loads(run(EXAMPLE, preset, side))
        if node is not None:
            docs["node exportMatrices"], docs["node Calculator.matrices"] = node[side]
        for name, doc in docs.items():
            errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
            assert not errors, f"{name}: {errors[0].message} at {list(errors[0].path)}"
            assert doc == cli, f"{name} differs from the CLI's document ({preset} {side})"
    assert EXAMPLE and node is not None, "the Rust-side and npm documents were not all checked"


def test_schema_rejects_a_wrong_document():
    validator = jsonschema.Draft202012Validator(SCHEMA)
    doc = document("ionic-missouri", "mined")
    doc["technosphere"]["entries"][0]["uncertainty"]["uncertaintyType"] = 7
    assert list(validator.iter_errors(doc))
    doc = document("ionic-missouri", "mined")
    del doc["conventions"]
    assert list(validator.iter_errors(doc))
