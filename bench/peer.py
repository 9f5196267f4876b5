"""The peers a data-savvy office would write instead of zhibiao: pandas + openpyxl, and DuckDB (csv).

    python peer.py score --tree tree.csv INPUT... > result.csv   # INPUT: csv/xlsx files or folders
    python peer.py score --templates --tree tree.csv DIR...      # filled templates: DIR/<unit>/<department>.xlsx
    python peer.py duckdb --tree tree.csv SCORES.csv > result.csv  # the same in DuckDB's Python API
    python peer.py short --tree tree.csv SCORES.csv > result.csv   # the short script a user writes first
    python peer.py duckdb-short --tree tree.csv SCORES.csv         # the same as one DuckDB SQL query
    python peer.py time RUNS score|duckdb [--templates] --tree tree.csv INPUT...
                                                                 # in-process: after the imports, RUNS runs;
                                                                 # prints mean, stddev and min seconds (json)
    python peer.py check zhibiao.csv peer.csv                    # do the two agree on the totals?

`score` does the same merge and sums as `zhibiao score`: one score per unit and item (the mean
over departments; 不涉及 leaves the mean, and an item every department marks 不涉及 leaves both the
points obtained and the maximum), the sums per unit, the 100-point score rounded half up to one
decimal and the rank (1, 2, 2, 4). Files are read one after another, as such a script would.
`short` and `duckdb-short` are the few lines a user writes first for one long table, without the mean
over departments or any check (see each).
"""

import csv
import importlib
import io
import json
import math
import statistics
import sys
import time
from pathlib import Path

# Each peer imports only its own library, as its script would: the whole-process times include it.

NOT_APPLICABLE = "不涉及"


def files_of(paths):
    for p in map(Path, paths):
        if p.is_dir():
            yield from sorted(f for f in p.rglob("*") if f.suffix.lower() in (".csv", ".xlsx"))
        else:
            yield p


def read(path):
    import pandas as pd
    if path.suffix.lower() == ".csv":
        return pd.read_csv(path, dtype=str)
    return pd.read_excel(path, engine="openpyxl", dtype=object)


def read_template(path):
    """A filled template: a title row above the header; the unit and department from the folder and
    file names, as an office script would take them."""
    import pandas as pd
    frame = pd.read_excel(path, engine="openpyxl", header=1, dtype=object, usecols=["编号", "自评得分"])
    return frame.rename(columns={"自评得分": "得分"}).assign(单位=path.parent.name, 部门=path.stem)


def score(tree_path, inputs, templates=False, out=sys.stdout):
    import pandas as pd
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
    units.sort_values(["rank"]).to_csv(out)


def score_duckdb(tree_path, inputs, templates=False, out=sys.stdout):
    """The same read, merge, sums, score and rank in DuckDB, for long csv tables."""
    if templates or any(not str(f).lower().endswith(".csv") for f in files_of(inputs)):
        sys.exit("the DuckDB peer reads csv tables only")
    import duckdb
    db = duckdb.connect()
    db.execute("CREATE TABLE tree AS SELECT 编号, CAST(分值 AS DECIMAL(18, 4)) AS 分值 FROM read_csv(?, all_varchar = true)",
               [str(tree_path)])
    db.execute(
        "CREATE TABLE rows AS SELECT 单位, 编号, CASE WHEN trim(得分) = ? THEN NULL ELSE CAST(trim(得分) AS DECIMAL(18, 4)) END AS 分 "
        "FROM read_csv(?, all_varchar = true, union_by_name = true)",
        [NOT_APPLICABLE, [str(f) for f in files_of(inputs)]],
    )
    # One score per unit and item: the mean over departments (NULL, i.e. 不涉及, is skipped).
    db.execute("CREATE TABLE items AS SELECT 单位, 编号, avg(分) AS 分 FROM rows GROUP BY 单位, 编号")
    short = db.execute("SELECT 单位 FROM items GROUP BY 单位 HAVING count(*) <> (SELECT count(*) FROM tree) LIMIT 5").fetchall()
    if short:
        sys.exit(f"missing items for {[u for (u,) in short]}")
    result = db.execute("""
        WITH units AS (
            SELECT 单位, sum(分) AS obtained, sum(CASE WHEN 分 IS NULL THEN 0 ELSE 分值 END) AS maximum
            FROM items JOIN tree USING (编号) GROUP BY 单位),
        scored AS (SELECT *, floor(obtained / maximum * 1000 + 0.5) / 10 AS score FROM units)
        SELECT 单位, obtained, maximum, score, rank() OVER (ORDER BY score DESC) AS rank FROM scored ORDER BY rank""")
    writer = csv.writer(out)
    writer.writerow([d[0] for d in result.description])
    writer.writerows(result.fetchall())


def short(tree_path, inputs, templates=False, out=sys.stdout):
    """The first script a data-savvy user writes for one long table: read_csv, merge with the tree,
    groupby().sum(), round, rank(method="min"). Floats throughout, round() is round-half-even on the
    binary value, a blank unit cell is no unit, and one score per unit and item is assumed (no
    department mean, no check that every item is there, no message naming a cell)."""
    import pandas as pd
    if templates:
        sys.exit("the short script reads one long table")
    tree = pd.read_csv(tree_path, dtype={"编号": str})[["编号", "分值"]]
    rows = pd.concat([pd.read_csv(f, dtype={"编号": str}) for f in files_of(inputs)], ignore_index=True)
    rows["得分"] = pd.to_numeric(rows["得分"], errors="coerce")  # 不涉及 → NaN
    rows = rows.merge(tree, on="编号")
    rows["满分"] = rows["分值"].where(rows["得分"].notna(), 0)
    units = rows.groupby("单位").agg(obtained=("得分", "sum"), maximum=("满分", "sum"))
    units["score"] = (units["obtained"] / units["maximum"] * 100).round(1)
    units["rank"] = units["score"].rank(method="min", ascending=False).astype(int)
    units.sort_values("rank").to_csv(out)


def short_duckdb(tree_path, inputs, templates=False, out=sys.stdout):
    """The same short script as one DuckDB SQL query: TRY_CAST makes 不涉及 NULL, a join with the tree,
    sums per unit, round() and rank(). Decimal sums, but round() and the division are DuckDB's own,
    and it assumes what the short pandas script assumes."""
    if templates or any(not str(f).lower().endswith(".csv") for f in files_of(inputs)):
        sys.exit("the DuckDB peer reads csv tables only")
    import duckdb
    result = duckdb.execute("""
        WITH rows AS (SELECT 单位, 编号, TRY_CAST(得分 AS DECIMAL(18, 4)) AS 分 FROM read_csv(?, all_varchar = true)),
        tree AS (SELECT 编号, CAST(分值 AS DECIMAL(18, 4)) AS 分值 FROM read_csv(?, all_varchar = true)),
        units AS (SELECT 单位, sum(分) AS obtained, sum(CASE WHEN 分 IS NULL THEN 0 ELSE 分值 END) AS maximum
                  FROM rows JOIN tree USING (编号) GROUP BY 单位)
        SELECT 单位, obtained, maximum, round(obtained / maximum * 100, 1) AS score,
               rank() OVER (ORDER BY round(obtained / maximum * 100, 1) DESC) AS rank
        FROM units ORDER BY rank""", [[str(f) for f in files_of(inputs)], str(tree_path)])
    writer = csv.writer(out)
    writer.writerow([d[0] for d in result.description])
    writer.writerows(result.fetchall())


def time_in_process(runs, run, args):
    """Times `run` RUNS times in this process, its imports done: what the script costs once Python
    and the libraries are loaded. Prints mean, stddev and min seconds as json."""
    for library in LIBRARIES[run]:
        importlib.import_module(library)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run(*args, out=io.StringIO())
        times.append(time.perf_counter() - start)
    sd = statistics.stdev(times) if len(times) > 1 else 0.0
    print(json.dumps({"mean": statistics.mean(times), "sd": sd, "min": min(times)}))


def check(zhibiao_csv, peer_csv):
    """The honest cross-check: the same units with the same points obtained and possible."""
    import pandas as pd
    ours = pd.read_csv(zhibiao_csv, usecols=["unit", "obtained", "maximum"]).set_index("unit")
    theirs = pd.read_csv(peer_csv, usecols=["单位", "obtained", "maximum"]).set_index("单位")
    if set(ours.index) != set(theirs.index):
        sys.exit(f"units differ: {len(ours)} in zhibiao, {len(theirs)} in the peer")
    diff = (ours - theirs.loc[ours.index]).abs().max().max()
    if not diff < 1e-9:
        sys.exit(f"totals differ by up to {diff}")
    print(f"agree: {len(ours)} units, obtained {ours['obtained'].sum()}, maximum {ours['maximum'].sum()}")


ENGINES = {"score": score, "duckdb": score_duckdb, "short": short, "duckdb-short": short_duckdb}
LIBRARIES = {score: ["pandas", "openpyxl"], score_duckdb: ["duckdb"], short: ["pandas"], short_duckdb: ["duckdb"]}

if __name__ == "__main__":
    command, args = sys.argv[1], sys.argv[2:]
    runs = None
    if command == "time" and len(args) > 2:
        runs, command, args = int(args[0]), args[1], args[2:]
    templates = bool(args) and args[0] == "--templates"
    args = args[1:] if templates else args
    if command in ENGINES and args and args[0] == "--tree":
        if runs:
            time_in_process(runs, ENGINES[command], (args[1], args[2:], templates))
        else:
            ENGINES[command](args[1], args[2:], templates)
    elif command == "check":
        check(*args)
    else:
        sys.exit(__doc__)
