"""The peer a data-savvy office would write instead of zhibiao: pandas + openpyxl.

    python peer.py score --tree tree.csv INPUT... > result.csv   # INPUT: csv/xlsx files or folders
    python peer.py score --templates --tree tree.csv DIR...      # filled templates: DIR/<unit>/<department>.xlsx
    python peer.py check zhibiao.csv peer.csv                    # do the two agree on the totals?

`score` does the same merge and sums as `zhibiao score`: one score per unit and item (the mean
over departments; 不涉及 leaves the mean, and an item every department marks 不涉及 leaves both the
points obtained and the maximum), the sums per unit, the 100-point score rounded half up to one
decimal and the rank (1, 2, 2, 4). Files are read one after another, as such a script would.
"""

import math
import sys
from pathlib import Path

import pandas as pd

NOT_APPLICABLE = "不涉及"


def files_of(paths):
    for p in map(Path, paths):
        if p.is_dir():
            yield from sorted(f for f in p.rglob("*") if f.suffix.lower() in (".csv", ".xlsx"))
        else:
            yield p


def read(path):
    if path.suffix.lower() == ".csv":
        return pd.read_csv(path, dtype=str)
    return pd.read_excel(path, engine="openpyxl", dtype=object)


def read_template(path):
    """A filled template: a title row above the header; the unit and department from the folder and
    file names, as an office script would take them."""
    frame = pd.read_excel(path, engine="openpyxl", header=1, dtype=object, usecols=["编号", "自评得分"])
    return frame.rename(columns={"自评得分": "得分"}).assign(单位=path.parent.name, 部门=path.stem)


def score(tree_path, inputs, templates=False):
    tree = pd.read_csv(tree_path, dtype={"编号": str})[["编号", "分值"]]
    frame = pd.concat([(read_template if templates else read)(f) for f in files_of(inputs)], ignore_index=True)
    if "部门" not in frame:
        frame["部门"] = ""
    frame["编号"] = frame["编号"].astype(str)
    raw = frame["得分"].astype(str).str.strip()
    frame["分"] = pd.to_numeric(raw.where(raw != NOT_APPLICABLE), errors="raise")
    # One score per unit and item: the mean over departments (NaN, i.e. 不涉及, is skipped).
    items = frame.groupby(["单位", "编号"], sort=False)["分"].mean().reset_index()
    counts = items.groupby("单位").size()
    if (counts != len(tree)).any():
        sys.exit(f"missing items for {list(counts[counts != len(tree)].index)[:5]}")
    items = items.merge(tree, on="编号", how="left")
    items["满分"] = items["分值"].where(items["分"].notna(), 0)
    units = items.groupby("单位", sort=False).agg(obtained=("分", "sum"), maximum=("满分", "sum"))
    units["score"] = (units["obtained"] / units["maximum"] * 1000 + 0.5).map(math.floor) / 10
    units["rank"] = units["score"].rank(method="min", ascending=False).astype(int)
    units.sort_values(["rank"]).to_csv(sys.stdout)


def check(zhibiao_csv, peer_csv):
    """The honest cross-check: the same units with the same points obtained and possible."""
    ours = pd.read_csv(zhibiao_csv, usecols=["unit", "obtained", "maximum"]).set_index("unit")
    theirs = pd.read_csv(peer_csv, usecols=["单位", "obtained", "maximum"]).set_index("单位")
    if set(ours.index) != set(theirs.index):
        sys.exit(f"units differ: {len(ours)} in zhibiao, {len(theirs)} in the peer")
    diff = (ours - theirs.loc[ours.index]).abs().max().max()
    if not diff < 1e-9:
        sys.exit(f"totals differ by up to {diff}")
    print(f"agree: {len(ours)} units, obtained {ours['obtained'].sum()}, maximum {ours['maximum'].sum()}")


if __name__ == "__main__":
    command, args = sys.argv[1], sys.argv[2:]
    templates = bool(args) and args[0] == "--templates"
    args = args[1:] if templates else args
    if command == "score" and args and args[0] == "--tree":
        score(args[1], args[2:], templates)
    elif command == "check":
        check(*args)
    else:
        sys.exit(__doc__)
