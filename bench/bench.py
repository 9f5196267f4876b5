"""Runs the benchmark on generated data (see run.sh, which calls this): cross-checks zhibiao against
the peers, times the floors, zhibiao and the peers with hyperfine (or a plain loop when hyperfine is not
installed), takes each program's peak memory from the kernel (wait4's maxrss, as /usr/bin/time -v
reports it), and writes the figures between the markers of BENCH.md.
"""

import argparse
import datetime
import json
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import openpyxl
import pandas

from peer import check

BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"


def load():
    return os.getloadavg()[0]


def peak_kb(cmd):
    """Runs cmd once under GNU time; its peak resident memory in KB, `None` without GNU time.
    (wait4's own maxrss would count the forked Python's memory before the exec.)"""
    gnu_time = Path("/usr/bin/time")
    with tempfile.TemporaryFile() as err, tempfile.NamedTemporaryFile() as out:
        wrapped = [str(gnu_time), "-f", "%M", "-o", out.name, *cmd] if gnu_time.exists() else cmd
        if subprocess.run(wrapped, stdout=subprocess.DEVNULL, stderr=err).returncode != 0:
            err.seek(0)
            sys.exit(f"failed: {shlex.join(cmd)}\n{err.read().decode(errors='replace')[-2000:]}")
        return int(Path(out.name).read_text().split()[-1]) if gnu_time.exists() else None


def timing(cmd, runs, warmup):
    """(mean, stddev, min) wall seconds over `runs` runs."""
    if shutil.which("hyperfine"):
        with tempfile.NamedTemporaryFile(suffix=".json") as out:
            subprocess.run(
                ["hyperfine", "-N", "--style", "none", "--warmup", str(warmup), "--runs", str(runs),
                 "--export-json", out.name, shlex.join(cmd)],
                check=True, stdout=subprocess.DEVNULL,
            )
            r = json.load(open(out.name))["results"][0]
        return r["mean"], r["stddev"] or 0.0, r["min"]
    times = []
    for i in range(warmup + runs):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if i >= warmup:
            times.append(time.perf_counter() - start)
    return statistics.mean(times), statistics.stdev(times) if len(times) > 1 else 0.0, min(times)


def paired_ratio(base, cmd, pairs):
    """Median of cmd's time over base's, over runs that alternate the two (after one pair to warm
    up): on a shared machine the load drifts between two separate measurements and would decide
    their ratio."""
    def once(c):
        start = time.perf_counter()
        subprocess.run(c, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return time.perf_counter() - start
    ratios = []
    for i in range(pairs + 1):
        t_base, t_cmd = once(base), once(cmd)
        if i:
            ratios.append(t_cmd / t_base)
    return statistics.median(ratios)


def in_process(cmd):
    """(mean, stddev, min) of a peer timed inside its own process (`peer.py time`), imports done."""
    r = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)
    return r["mean"], r["sd"], r["min"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mode", choices=["small", "full"], required=True)
    ap.add_argument("--bin", type=Path, required=True)
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--work", type=Path, required=True)
    args = ap.parse_args()
    here = Path(__file__).resolve().parent
    data, work = args.data, args.work
    zhibiao = str(args.bin / "zhibiao")
    floors = {False: str(args.bin / "examples" / "csv_floor"), True: str(args.bin / "examples" / "calamine_floor")}
    tree = ["--tree", str(data / "tree.csv")]
    # Small: one run each, to prove that everything works; the figures are not meant to be read.
    fast_runs, peer_runs, warmup, pairs = (1, 1, 0, 2) if args.mode == "small" else (10, 3, 1, 15)

    scenarios = [
        ("(a) 1 csv", data / "a" / "scores.csv", False),
        ("(a) 1 xlsx", data / "a" / "scores.xlsx", True),
        ("(b) workbooks", data / "b", True),
    ]

    def peer(engine, path, timed_runs=None):
        timed = ["time", str(timed_runs)] if timed_runs else []
        return [sys.executable, str(here / "peer.py"), *timed, engine, *(["--templates"] if path.is_dir() else []), *tree, str(path)]

    def peers(path):
        """The pandas peer everywhere; on csv DuckDB (its Python API reads csv without extensions) and
        the short script a user writes first, in pandas and as one DuckDB SQL query."""
        short = [("DuckDB", "duckdb"), ("pandas short", "short"), ("DuckDB SQL short", "duckdb-short")]
        return [("pandas", "score")] + (short if path.suffix == ".csv" else [])

    (work / "out").mkdir(parents=True, exist_ok=True)

    # The honest cross-check first: the same totals for every unit from every peer, or no figures at all.
    for i, (name, path, _) in enumerate(scenarios):
        ours = work / "out" / f"zhibiao-{i}.csv"
        with open(ours, "w") as out:
            subprocess.run([zhibiao, "--lang", "en", "score", *tree, str(path), "--format", "csv"], check=True, stdout=out)
        for label, engine in peers(path):
            theirs = work / "out" / f"{engine}-{i}.csv"
            with open(theirs, "w") as out:
                subprocess.run(peer(engine, path), check=True, stdout=out)
            print(f"{name}, {label}: ", end="", flush=True)
            check(ours, theirs)

    rows = []

    def measure(name, program, cmd, runs, warmup, timed=None):
        before = load()
        mean, sd, best = timed() if timed else timing(cmd, runs, warmup)
        kb = peak_kb(cmd) if cmd else None
        mb = kb / 1024 if kb else None
        rows.append(dict(data=name, program=program, mean=mean, sd=sd, min=best, mb=mb, runs=runs, load=(before, load())))
        shown = f"{mb:7.1f} MB" if mb else "      —"
        print(f"{name:14} {program:22} {mean:8.3f} s ± {sd:.3f}  {shown}  load {before:.2f}", flush=True)

    for i, (name, path, is_workbook) in enumerate(scenarios):
        score = [zhibiao, "score", *tree, str(path)]
        measure(name, "calamine floor" if is_workbook else "csv floor", [floors[is_workbook], str(path)], fast_runs, warmup)
        measure(name, "zhibiao → table", [*score, "--format", "csv"], fast_runs, warmup)
        measure(name, "zhibiao → json", [*score, "--format", "json"], fast_runs, warmup)
        # Seconds at national scale: fewer runs.
        runs = fast_runs if path.is_dir() else min(fast_runs, 5)
        measure(name, "zhibiao → xlsx", [*score, "--out", str(work / "out" / f"result-{i}.xlsx")], runs, warmup)
        for label, engine in peers(path):
            # The short scripts are compared as the issue compares them: after their imports.
            if engine not in ("short", "duckdb-short"):
                measure(name, f"{label} (process)", peer(engine, path), peer_runs, 0)
            measure(name, f"{label} (in-process)", None, peer_runs, 0, lambda: in_process(peer(engine, path, peer_runs)))

    # The ratios to a floor, measured the fair way: floor and zhibiao alternating, so that the load
    # drifting on a shared machine does not decide them.
    paired = {}
    for i, (name, path, is_workbook) in enumerate(scenarios):
        score = [zhibiao, "score", *tree, str(path)]
        ours = [*score, "--out", str(work / "out" / "result-paired.xlsx")] if path.is_dir() else [*score, "--format", "csv"]
        paired[name] = paired_ratio([floors[is_workbook], str(path)], ours, pairs)
        print(f"{name} paired: zhibiao / floor = {paired[name]:.2f} (median of {pairs})", flush=True)

    section = render(args, rows, data, paired, pairs)
    target = Path("BENCH.md") if args.mode == "full" else work / "BENCH.md"
    text = target.read_text() if target.exists() else f"# Benchmark\n\n{BEGIN}\n{END}\n"
    head, rest = text.split(BEGIN, 1)
    target.write_text(head + BEGIN + "\n" + section + END + rest.split(END, 1)[1])
    print(f"wrote {target}")


def render(args, rows, data, paired, pairs):
    def get(name, program):
        return next(r for r in rows if r["data"] == name and r["program"] == program)

    csv_, xlsx, b = "(a) 1 csv", "(a) 1 xlsx", "(b) workbooks"
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    commit = subprocess.run(["git", "describe", "--always", "--dirty"], capture_output=True, text=True).stdout.strip()
    loads = [l for r in rows for l in r["load"]]
    out = [
        f"{datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC, `{commit}`, {args.mode} size, `{args.bin}`;"
        f" {os.cpu_count()} shared cores ({cpu}), load {min(loads):.1f}–{max(loads):.1f}. Python {sys.version.split()[0]},"
        f" pandas {pandas.__version__}, openpyxl {openpyxl.__version__}, DuckDB {duckdb.__version__}; runs per line:"
        f" {get(b, 'zhibiao → table')['runs']}, (a) → xlsx {get(csv_, 'zhibiao → xlsx')['runs']}, peers {get(b, 'pandas (process)')['runs']}.",
        "",
        "| data | program | mean | min | RSS |",
        "|---|---|---|---|---|",
    ]
    for r in rows:
        mb = f"{r['mb']:.0f} MB" if r["mb"] else "—"
        out.append(f"| {r['data']} | {r['program']} | {r['mean']:.3f} s | {r['min']:.3f} s | {mb} |")

    def faster(name, peer, program="zhibiao → table"):
        ratio = get(name, peer)["mean"] / get(name, program)["mean"]
        return f"{ratio:.1f}×", ratio

    def both(program, key, limit, unit):
        a, x = (get(name, program)[key] or float("nan") for name in (csv_, xlsx))
        return f"{a:.{2 if unit == 's' else 0}f} / {x:.{2 if unit == 's' else 0}f} {unit}", max(a, x) < limit

    def within(name, limit):
        return f"{paired[name]:.2f}× ({pairs} pairs)", paired[name] <= limit

    goals = [
        ("(a) csv → table faster than pandas, in-process", *faster(csv_, "pandas (in-process)")),
        ("(a) csv → table faster than DuckDB, in-process", *faster(csv_, "DuckDB (in-process)")),
        ("(a) csv → table faster than the short pandas script, in-process", *faster(csv_, "pandas short (in-process)")),
        ("(a) csv → table faster than the short DuckDB SQL, in-process", *faster(csv_, "DuckDB SQL short (in-process)")),
        ("(a) csv → table within 2× the csv floor", *within(csv_, 2)),
        ("(a) xlsx → table within 1.15× the calamine floor", *within(xlsx, 1.15)),
        ("(b) → xlsx within 1.3× the calamine floor", *within(b, 1.3)),
        ("(a) peak RSS → table < 60 MB (csv / xlsx)", *both("zhibiao → table", "mb", 60, "MB")),
        ("(a) peak RSS → json < 100 MB (csv / xlsx)", *both("zhibiao → json", "mb", 100, "MB")),
        ("(a) peak RSS → xlsx < 100 MB (csv / xlsx)", *both("zhibiao → xlsx", "mb", 100, "MB")),
        ("(a) → json < 0.35 s (csv / xlsx)", *both("zhibiao → json", "mean", 0.35, "s")),
        ("(a) → xlsx < 1.0 s (csv / xlsx)", *both("zhibiao → xlsx", "mean", 1.0, "s")),
    ]
    goals = [(g, m, ok if isinstance(ok, bool) else ok > 1) for g, m, ok in goals]
    for name in (xlsx, b):
        m, ratio = faster(name, "pandas (process)", "zhibiao → xlsx")
        goals.append((f"{name} → xlsx ≥ 10× faster than pandas (process)", m, ratio >= 10))
    out += ["", "| goal | measured | |", "|---|---|---|"]
    out += [f"| {g} | {m} | {'met' if ok else '**not met**'} |" for g, m, ok in goals]
    if args.mode == "small":
        out += ["", "(small size and a debug build: this proves the bench runs, the figures mean nothing.)"]
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    main()
