#!/usr/bin/env python3
"""Load on `zhibiao serve`: N units submitting at once (every item of the sample tree, 提交) while
the office refreshes the board, then the board of a round of 3,000 units. Prints median and p99
latencies as a line of BENCH.md. Standard library only.

    python3 bench/serve_load.py --bin target/release/zhibiao [--units 300] [--database postgres://…]
"""

import argparse
import http.client
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TREE = os.path.join(ROOT, "indicators", "示范创建指标体系-示例.csv")


def call(addr, method, path, body=b"", headers=None):
    host, port = addr.split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=600)
    conn.request(method, path, body=body, headers=headers or {})
    reply = conn.getresponse()
    data = reply.read()
    conn.close()
    return reply.status, data


def multipart(fields):
    boundary = "zhibiao-bench-boundary"
    out = b""
    for name, filename, value in fields:
        out += f"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"".encode()
        if filename:
            out += f"; filename=\"{filename}\"".encode()
        out += b"\r\n\r\n" + value + b"\r\n"
    out += f"--{boundary}--\r\n".encode()
    return f"multipart/form-data; boundary={boundary}", out


def percentiles(samples):
    samples = sorted(samples)
    p99 = samples[min(len(samples) - 1, int(len(samples) * 0.99))]
    return statistics.median(samples) * 1000, p99 * 1000


def main():
    args = argparse.ArgumentParser()
    args.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "zhibiao"))
    args.add_argument("--units", type=int, default=300)
    args.add_argument("--board-units", type=int, default=3000)
    args.add_argument("--database")
    a = args.parse_args()

    data = tempfile.mkdtemp(prefix="zhibiao-serve-bench-")
    store = ["--data", data] + (["--database", a.database] if a.database else [])
    token = subprocess.run([a.bin, "serve", "token"] + store, check=True, capture_output=True, text=True).stdout.split()[-1]
    with open(os.path.join(data, "pw"), "w") as f:
        f.write("bench-password")
    server = subprocess.Popen([a.bin, "serve", "--listen", "127.0.0.1:0", "--admin-password-file", os.path.join(data, "pw")] + store,
                              stdout=subprocess.PIPE, text=True)
    addr = server.stdout.readline().split("http://")[1].strip().rstrip("/")
    auth = {"Authorization": f"Bearer {token}"}
    try:
        tree = open(TREE, "rb").read()

        def round_of(n):
            units = "".join(f"单位{i:04},{'县区' if i % 3 else '市直部门'}\n" for i in range(n)).encode()
            kind, body = multipart([("name", None, b"bench"), ("tree", "tree.csv", tree), ("units", None, units)])
            status, reply = call(addr, "POST", "/api/v1/rounds", body, {**auth, "Content-Type": kind})
            assert status == 201, reply
            rid = json.loads(reply)["id"]
            links = json.loads(call(addr, "GET", f"/api/v1/rounds/{rid}/links", headers=auth)[1])["links"]
            return rid, [l["token"] for l in links]

        rid, tokens = round_of(a.units)
        status, view = call(addr, "GET", f"/api/v1/unit/{tokens[0]}")
        items = json.loads(view)["items"]
        body = json.dumps({"items": [{"code": i["code"], "score": i["points"]} for i in items], "submit": True}).encode()

        submissions, boards, failures = [], [], []
        done = threading.Event()

        def submit(token):
            start = time.perf_counter()
            status, reply = call(addr, "PUT", f"/api/v1/unit/{token}", body, {"Content-Type": "application/json"})
            (submissions if status == 200 else failures).append(time.perf_counter() - start)

        def refresh():
            while not done.is_set():
                start = time.perf_counter()
                call(addr, "GET", f"/api/v1/rounds/{rid}", headers=auth)
                boards.append(time.perf_counter() - start)

        office = threading.Thread(target=refresh)
        office.start()
        started = time.perf_counter()
        threads = [threading.Thread(target=submit, args=(t,)) for t in tokens]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - started
        done.set()
        office.join()
        assert not failures, f"{len(failures)} submissions failed"

        big, _ = round_of(a.board_units)
        big_board = []
        for _ in range(10):
            start = time.perf_counter()
            status, _ = call(addr, "GET", f"/api/v1/rounds/{big}", headers=auth)
            assert status == 200
            big_board.append(time.perf_counter() - start)

        store_name = "PostgreSQL" if a.database else "SQLite"
        s_med, s_p99 = percentiles(submissions)
        b_med, b_p99 = percentiles(boards)
        g_med, _ = percentiles(big_board)
        print(f"| {store_name} | {a.units} × {len(items)} items: {wall:.1f} s | {s_med:.0f} / {s_p99:.0f} ms | "
              f"{b_med:.0f} / {b_p99:.0f} ms ({len(boards)}) | {g_med:.0f} ms |")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    sys.exit(main())
