"""Runs the benchmark on generated data (see run.sh, which calls this): cross-checks zhibiao against
the peer, times the floor, zhibiao and the peer with hyperfine (or a plain loop when hyperfine is not
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
    floor = str(args.bin / "examples" / "calamine_floor")
    peer_script = [sys.executable, str(here / "peer.py"), "score"]
    peer_tree = ["--tree", str(data / "tree.csv")]
    tree = ["--tree", str(data / "tree.csv")]
    writes_workbook = "--out" in subprocess.run([zhibiao, "score", "--help"], capture_output=True, text=True).stdout
    # Small: one run each, to prove that everything works; the figures are not meant to be read.
    fast_runs, peer_runs, warmup = (1, 1, 0) if args.mode == "small" else (10, 3, 1)

    scenarios = [
        ("(a) 1 csv", data / "a" / "scores.csv", False),
        ("(a) 1 xlsx", data / "a" / "scores.xlsx", True),
        ("(b) workbooks", data / "b", True),
    ]

    def peer(path):
        return [*peer_script, *(["--templates"] if path.is_dir() else []), *peer_tree, str(path)]

    (work / "out").mkdir(parents=True, exist_ok=True)

    # The honest cross-check first: the same totals for every unit, or no figures at all.
    for i, (name, path, _) in enumerate(scenarios):
        ours, theirs = work / "out" / f"zhibiao-{i}.csv", work / "out" / f"peer-{i}.csv"
        with open(ours, "w") as out:
            subprocess.run([zhibiao, "--lang", "en", "score", *tree, str(path), "--format", "csv"], check=True, stdout=out)
        with open(theirs, "w") as out:
            subprocess.run(peer(path), check=True, stdout=out)
        print(f"{name}: ", end="", flush=True)
        check(ours, theirs)

    rows = []
    for i, (name, path, is_workbook) in enumerate(scenarios):
        score = [zhibiao, "score", *tree, str(path)]
        programs = [("calamine floor", [floor, str(path)], fast_runs, warmup)] if is_workbook else []
        programs.append(("zhibiao → table", [*score, "--format", "csv"], fast_runs, warmup))
        programs.append(("zhibiao → json", [*score, "--format", "json"], fast_runs, warmup))
        if writes_workbook:
            # Seconds at national scale: fewer runs.
            runs = fast_runs if path.is_dir() else min(fast_runs, 3)
            programs.append(("zhibiao → xlsx", [*score, "--out", str(work / "out" / f"result-{i}.xlsx")], runs, warmup))
        programs.append(("pandas peer", peer(path), peer_runs, 0))
        for program, cmd, runs, warmup in programs:
            before = load()
            mean, sd, best = timing(cmd, runs, warmup)
            kb = peak_kb(cmd)
            mb = kb / 1024 if kb else float("nan")
            rows.append(dict(data=name, program=program, mean=mean, sd=sd, min=best, mb=mb, runs=runs, load=(before, load())))
            print(f"{name:14} {program:15} {mean:8.3f} s ± {sd:.3f}  {mb:7.1f} MB  load {before:.2f}", flush=True)

    # The 1.5× goal, measured the fair way as well: floor and zhibiao alternating.
    b_path = scenarios[2][1]
    ours_b = [zhibiao, "score", *tree, str(b_path), *(["--out", str(work / "out" / "result-paired.xlsx")] if writes_workbook else ["--format", "json"])]
    pairs = 2 if args.mode == "small" else 20
    paired = paired_ratio([floor, str(b_path)], ours_b, pairs)
    print(f"(b) paired: zhibiao / floor = {paired:.2f} (median of {pairs})", flush=True)

    section = render(args, rows, writes_workbook, data, paired, pairs)
    target = Path("BENCH.md") if args.mode == "full" else work / "BENCH.md"
    text = target.read_text() if target.exists() else f"# Benchmark\n\n{BEGIN}\n{END}\n"
    head, rest = text.split(BEGIN, 1)
    target.write_text(head + BEGIN + "\n" + section + END + rest.split(END, 1)[1])
    print(f"wrote {target}")


def render(args, rows, writes_workbook, data, paired, pairs):
    def get(name, program):
        return next(r for r in rows if r["data"] == name and r["program"] == program)

    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    commit = subprocess.run(["git", "describe", "--always", "--dirty"], capture_output=True, text=True).stdout.strip()
    layout = (data / "README.txt").read_text().strip()
    out = [
        f"Measured {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC, commit `{commit}`, "
        f"{args.mode} size, `{args.bin}` build; {os.cpu_count()} cores ({cpu}), shared with other work: the "
        "load average (1 min) before and after each measurement is given next to it.",
        f"Python {sys.version.split()[0]}, pandas {pandas.__version__}, openpyxl {openpyxl.__version__}; "
        "timing by " + ("hyperfine" if shutil.which("hyperfine") else "a plain loop") + ", peak memory = maximum resident set size.",
        "",
        "Data: " + layout,
        "",
        "zhibiao runs end to end: read, merge, score, rank, then print the per-unit table the peer prints too"
        " (`→ table`: `--format csv`), or the full json report with every item's score and source cell"
        " (`→ json`: `--format json`)"
        + (", or write the result workbook (`→ xlsx`: `--out result.xlsx`). Output goes to /dev/null." if writes_workbook
           else "; output to /dev/null. (`score --out result.xlsx` did not exist yet.)"),
        "The floor is calamine opening the same workbooks and reading every sheet into memory, in parallel over files",
        "with rayon as zhibiao does (`examples/calamine_floor.rs`); it has no csv counterpart. The peer reads files one",
        "after another, as such a script would; it reads workbooks through openpyxl, and for (b) takes the unit and",
        "the department from the folder and file names.",
        "",
        "| data | program | time (mean ± σ) | min | runs | peak memory | load before → after |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        out.append(
            f"| {r['data']} | {r['program']} | {r['mean']:.3f} s ± {r['sd']:.3f} | {r['min']:.3f} s | {r['runs']} | "
            f"{r['mb']:.0f} MB | {r['load'][0]:.2f} → {r['load'][1]:.2f} |"
        )
    # End to end means the result workbook where zhibiao writes one; the (a) goals are about scoring.
    ours = "zhibiao → xlsx" if writes_workbook else "zhibiao → json"
    b_ours, b_floor = get("(b) workbooks", ours), get("(b) workbooks", "calamine floor")

    def ratio(name, program):
        return get(name, "pandas peer")["mean"] / get(name, program)["mean"]

    def verdict(ok):
        return "met" if ok else "**not met**"

    goals = [
        (
            f"(b) end to end ({ours}) within 1.5× the calamine floor",
            f"{paired:.2f}× (median of {pairs} alternating pairs; ratio of the means above: {b_ours['mean'] / b_floor['mean']:.2f}×)",
            paired <= 1.5,
        ),
    ]
    for program in ["zhibiao → table", ours]:
        goals += [
            (f"≥ 10× faster than the peer on xlsx, (a), {program}", f"{ratio('(a) 1 xlsx', program):.1f}×", ratio("(a) 1 xlsx", program) >= 10),
            (f"≥ 10× faster than the peer on xlsx, (b), {program}", f"{ratio('(b) workbooks', program):.1f}×", ratio("(b) workbooks", program) >= 10),
            (f"faster than the peer on csv, (a), {program}", f"{ratio('(a) 1 csv', program):.1f}×", ratio("(a) 1 csv", program) > 1),
        ]
    for program in ["zhibiao → table", "zhibiao → json"]:
        a_csv, a_xlsx = get("(a) 1 csv", program), get("(a) 1 xlsx", program)
        goals += [
            (f"(a) scored in well under a second, {program} (csv / xlsx)", f"{a_csv['mean']:.2f} s / {a_xlsx['mean']:.2f} s", max(a_csv["mean"], a_xlsx["mean"]) < 1),
            (f"(a) peak memory under 200 MB, {program} (csv / xlsx)", f"{a_csv['mb']:.0f} MB / {a_xlsx['mb']:.0f} MB", max(a_csv["mb"], a_xlsx["mb"]) < 200),
        ]
    out += ["", "| goal | measured | |", "|---|---|---|"]
    out += [f"| {g} | {m} | {verdict(ok)} |" for g, m, ok in goals]
    if args.mode == "small":
        out += ["", "(small size and a debug build: this proves the bench runs, the figures mean nothing.)"]
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    main()
