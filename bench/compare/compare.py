#!/usr/bin/env python3
"""Helpers of store.sh (standard library only).

  compare.py port                     print a free TCP port on 127.0.0.1
  compare.py table RESULTS.tsv ROWS.tsv [--receivers LIST]
                                      print the Markdown table of store.sh

RESULTS.tsv: one line per measured run: receiver, row id, round, seconds, files, bytes, status
(OK or FAILED). ROWS.tsv: row id and label, in table order. A row's rate is the median over its
rounds; a receiver with any FAILED run of a row shows FAILED there, one not run shows "-".
"""
import socket
import statistics
import sys

NAMES = {"osprey": "Osprey", "orthanc": "Orthanc", "storescp": "storescp"}
ORDER = ["osprey", "orthanc", "storescp"]


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def table(results_path, rows_path, receivers):
    rows = []
    with open(rows_path) as f:
        for line in f:
            if line.strip():
                rid, label = line.rstrip("\n").split("\t", 1)
                rows.append((rid, label))
    runs = {}
    with open(results_path) as f:
        for line in f:
            if not line.strip():
                continue
            receiver, rid, _round, seconds, files, size, status = line.rstrip("\n").split("\t")
            runs.setdefault((receiver, rid), []).append((float(seconds), int(files), int(size), status))

    def rate(receiver, rid):
        r = runs.get((receiver, rid))
        if not r:
            return None
        if any(status != "OK" for *_, status in r):
            return "FAILED"
        seconds = statistics.median(s for s, *_ in r)
        _, files, size, _ = r[0]
        return files / seconds, size / 1e6 / seconds

    def ratio(a, b):
        if isinstance(a, tuple) and isinstance(b, tuple):
            return f"{a[0] / b[0]:.2f}x"
        return "-"

    out = ["| row | " + " | ".join(f"{NAMES[r]} inst/s | {NAMES[r]} MB/s" for r in receivers)
           + " | Osprey/Orthanc | Osprey/storescp |",
           "|---|" + "---:|" * (2 * len(receivers) + 2)]
    for rid, label in rows:
        cells = [label]
        rates = {}
        for receiver in receivers:
            v = rate(receiver, rid)
            rates[receiver] = v
            if v is None:
                cells += ["-", "-"]
            elif v == "FAILED":
                cells += ["FAILED", "FAILED"]
            else:
                cells += [f"{v[0]:.0f}" if v[0] >= 100 else f"{v[0]:.1f}", f"{v[1]:.1f}"]
        cells.append(ratio(rates.get("osprey"), rates.get("orthanc")))
        cells.append(ratio(rates.get("osprey"), rates.get("storescp")))
        out.append("| " + " | ".join(cells) + " |")
    print("\n".join(out))


def main(argv):
    if len(argv) >= 2 and argv[1] == "port":
        print(free_port())
        return 0
    if len(argv) >= 4 and argv[1] == "table":
        receivers = ORDER
        if len(argv) >= 6 and argv[4] == "--receivers":
            wanted = argv[5].split()
            receivers = [r for r in ORDER if r in wanted]
        table(argv[2], argv[3], receivers)
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
