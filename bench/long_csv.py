"""A long csv score sheet of any length, scored by zhibiao and checked against sums of our own.

    python3 bench/long_csv.py --bin target/release/zhibiao --rows 10000000 --work target/long

Writes WORK/tree.csv (the benchmark's shape: 112 items of 10 points, three 一级 groups) and
WORK/scores.csv (单位, 编号, 得分: every unit × every item, the units named on their first row only,
as a long table leaves the cells below blank), runs `zhibiao score --format csv` on them under GNU
time, and compares every unit's points obtained and possible with sums worked out here in integer
hundredths, with no decimal type (exit 1 on any difference). Prints rows, seconds and peak RSS.

The scores have two decimals (0.00 to 10.00), one unit-item in 97 is 不涉及 and one in 89 has a score
with 30 trailing zeros after its hundredths, which an exact reader must take as the same value.
"""

import argparse
import csv
import io
import pathlib
import re
import subprocess
import sys
import time

ITEMS = 112
GROUPS = 3


def code(item):
    """Items in tree order: group g holds items g·ITEMS/GROUPS onwards."""
    group = item * GROUPS // ITEMS
    first = -(-group * ITEMS // GROUPS)
    return f"{group + 1}.{item - first + 1}"


def hundredths(unit, item):
    """A score in hundredths of a point, or None for 不涉及."""
    if (unit * 31 + item * 7) % 97 == 0:
        return None
    return (unit * 7919 + item * 104729) % 1001


def written(unit, item, h):
    if h is None:
        return "不涉及"
    text = f"{h // 100}.{h % 100:02d}"
    return text + "0" * 30 if (unit + item) % 89 == 0 else text


def write(work, rows):
    units = -(-rows // ITEMS)
    with open(work / "tree.csv", "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["一级指标", "二级指标", "三级指标", "编号", "分值"])
        for item in range(ITEMS):
            group = code(item).split(".")[0]
            out.writerow([f"一级指标{group}", f"二级指标{group}", f"第{item + 1}项", code(item), "10"])
    # Sums per unit: obtained and possible, in hundredths.
    sums = []
    with open(work / "scores.csv", "w", encoding="utf-8", buffering=1 << 20) as f:
        f.write("单位,编号,得分\n")
        written_rows = 0
        for unit in range(units):
            obtained = possible = 0
            lines = []
            for item in range(ITEMS):
                if written_rows == rows:
                    break
                h = hundredths(unit, item)
                if h is not None:
                    obtained, possible = obtained + h, possible + 1000
                name = f"县{unit:07d}" if item == 0 else ""
                lines.append(f"{name},{code(item)},{written(unit, item, h)}\n")
                written_rows += 1
            f.write("".join(lines))
            sums.append((obtained, possible))
    return sums


def shown(h):
    """Hundredths as zhibiao shows points: no trailing zeros."""
    text = f"{h // 100}.{h % 100:02d}".rstrip("0").rstrip(".")
    return text


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    parser.add_argument("--rows", type=int, required=True)
    parser.add_argument("--work", type=pathlib.Path, required=True)
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    # Every unit must have all its items, or --missing would decide its points.
    args.rows -= args.rows % ITEMS
    sums = write(args.work, args.rows)
    size = (args.work / "scores.csv").stat().st_size
    cmd = ["/usr/bin/time", "-v", args.bin, "--lang", "en", "score", "--tree", str(args.work / "tree.csv"),
           str(args.work / "scores.csv"), "--format", "csv"]
    start = time.monotonic()
    run = subprocess.run(cmd, capture_output=True, text=True)
    seconds = time.monotonic() - start
    if run.returncode != 0:
        sys.exit(f"zhibiao failed ({run.returncode}):\n{run.stderr[-3000:]}")
    peak = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", run.stderr).group(1))
    table = {row["unit"]: row for row in csv.DictReader(io.StringIO(run.stdout))}
    wrong = 0
    for unit, (obtained, possible) in enumerate(sums):
        row = table.get(f"县{unit:07d}", {})
        got = (row.get("obtained"), row.get("maximum"))
        want = (shown(obtained), shown(possible))
        if got != want:
            wrong += 1
            if wrong <= 5:
                print(f"县{unit:07d} differs: zhibiao {got}, sums {want}", file=sys.stderr)
    if len(table) != len(sums):
        wrong += 1
        print(f"zhibiao gave {len(table)} units, the sheet has {len(sums)}", file=sys.stderr)
    print(f"rows {args.rows} ({size / 1e6:.0f} MB), units {len(sums)}: {seconds:.2f} s, peak RSS {peak / 1024:.0f} MB, "
          f"{'all totals agree' if not wrong else f'{wrong} differ'}")
    sys.exit(1 if wrong else 0)


if __name__ == "__main__":
    main()
