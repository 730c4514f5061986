#!/usr/bin/env python3
"""Helpers of store.sh, find.sh and move.sh (standard library only).

  compare.py port                     print a free TCP port on 127.0.0.1
  compare.py table RESULTS.tsv ROWS.tsv [--receivers LIST]
                                      print the Markdown table of store.sh
  compare.py latency RAW.tsv LABEL...  print the Markdown table of find.sh
  compare.py move RESULTS.tsv          print the Markdown table of move.sh

RESULTS.tsv: one line per measured run: receiver, row id, round, seconds, files, bytes, status
(OK or FAILED). ROWS.tsv: row id and label, in table order. A row's rate is the median over its
rounds; a receiver with any FAILED run of a row shows FAILED there, one not run shows "-".
"""
import socket
import statistics
import sys

NAMES = {"osprey": "Osprey", "baseline": "Osprey baseline", "orthanc": "Orthanc", "storescp": "storescp"}
ORDER = ["osprey", "baseline", "orthanc", "storescp"]


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

    versus = [r for r in receivers if r != "osprey"] if "baseline" in receivers else ["orthanc", "storescp"]
    out = ["| row | " + " | ".join(f"{NAMES[r]} inst/s | {NAMES[r]} MB/s" for r in receivers)
           + " | " + " | ".join(f"Osprey/{NAMES[r]}" for r in versus) + " |",
           "|---|" + "---:|" * (2 * len(receivers) + len(versus))]
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
        for r in versus:
            cells.append(ratio(rates.get("osprey"), rates.get(r)))
        out.append("| " + " | ".join(cells) + " |")
    print("\n".join(out))


KIND_NAMES = {
    "PatientID": "Patient ID",
    "AccessionNumber": "Accession Number",
    "StudyInstanceUID": "Study Instance UID",
    "StudyDate": "Study Date range",
    "PatientName": "Patient Name prefix",
}


def percentile(sorted_values, p):
    """Nearest-rank percentile of sorted values."""
    import math
    rank = math.ceil(p / 100 * len(sorted_values))
    return sorted_values[min(max(rank - 1, 0), len(sorted_values) - 1)]


def latency(raw_path, labels):
    """RAW.tsv (find-latency --out): label, kind, query, ms, matches, expected, status. One row per
    kind; per label the median and p99 of every query pooled over the rounds, the mean matches; then
    for each orthanc-N label the ratio of its median to osprey-N's (above 1: Osprey answers faster)."""
    data = {}
    kinds = []
    with open(raw_path) as f:
        for line in f:
            if not line.strip():
                continue
            label, kind, _n, ms, matches, _expected, _status = line.rstrip("\n").split("\t")
            data.setdefault((label, kind), []).append((float(ms), int(matches)))
            if kind not in kinds:
                kinds.append(kind)
    kinds = [k for k in KIND_NAMES if k in kinds] + [k for k in kinds if k not in KIND_NAMES]
    pairs = [(lab, "osprey-" + lab[len("orthanc-"):]) for lab in labels
             if lab.startswith("orthanc-") and "osprey-" + lab[len("orthanc-"):] in labels]

    def stats(label, kind):
        r = data.get((label, kind))
        if not r:
            return None
        ms = sorted(x for x, _ in r)
        return statistics.median(ms), percentile(ms, 99), sum(m for _, m in r) / len(r), len(r)

    head = ["query (STUDY level)"]
    for lab in labels:
        head += [f"{lab} median ms", f"{lab} p99 ms", f"{lab} matches"]
    head += [f"{o} / {p} (median)" for o, p in pairs]
    out = ["| " + " | ".join(head) + " |", "|---|" + "---:|" * (len(head) - 1)]
    for kind in kinds:
        cells = [KIND_NAMES.get(kind, kind)]
        for lab in labels:
            st = stats(lab, kind)
            cells += ["-", "-", "-"] if st is None else [f"{st[0]:.2f}", f"{st[1]:.2f}", f"{st[2]:.1f}"]
        for o, p in pairs:
            so, sp = stats(o, kind), stats(p, kind)
            cells.append(f"{so[0] / sp[0]:.1f}x" if so and sp else "-")
        out.append("| " + " | ".join(cells) + " |")
    counts = sorted({st[3] for lab in labels for kind in kinds if (st := stats(lab, kind))})
    out.append("")
    out.append(f"Queries per cell: {', '.join(str(c) for c in counts)}. Matches: the mean number of studies a query of the kind returned.")
    for lab in labels:
        if lab.startswith("osprey-") and lab.replace(",", "").endswith("1000000"):
            slow = [KIND_NAMES.get(k, k) for k in kinds if (st := stats(lab, k)) and st[0] >= 20]
            out.append(f"Target (median under 20 ms for every indexed kind at 1,000,000 instances): "
                       + ("met." if not slow else "NOT met for " + ", ".join(slow) + "."))
    print("\n".join(out))


def move(results_path):
    """RESULTS.tsv: case (SIZE,STORESCP_FLAGS), receiver, round, seconds, instances, bytes, status.
    One row per case, in file order: median seconds per receiver, instances/s and MB/s from it, the
    ratio Osprey/Orthanc of the rates; then every run's seconds. The first case is the headline
    (the issue's target: at least 2x)."""
    runs = {}
    cases = []
    with open(results_path) as f:
        for line in f:
            if not line.strip():
                continue
            case, receiver, _round, seconds, n, size, status = line.rstrip("\n").split("\t")
            runs.setdefault((case, receiver), []).append((float(seconds), int(n), int(size), status))
            if case not in cases:
                cases.append(case)

    def label(case):
        size, flags = case.split(",", 1)
        n, total = next(((r[0][1], r[0][2]) for (c, _), r in runs.items() if c == case), (0, 0))
        if not n:
            return case
        each = total / n
        return f"{n} x {each / 1e3:.0f} KB to storescp {flags}" if each < 1e5 else f"{n} x {each / 1e6:.2f} MB to storescp {flags}"

    def rate(case, receiver):
        r = runs.get((case, receiver))
        if not r:
            return None
        if any(st != "OK" for *_, st in r):
            return "FAILED"
        secs = statistics.median(s for s, *_ in r)
        return secs, r[0][1] / secs, r[0][2] / 1e6 / secs

    out = ["| C-MOVE of one study | Osprey median s | Osprey inst/s | Osprey MB/s | Orthanc median s | Orthanc inst/s | Orthanc MB/s | Osprey/Orthanc |",
           "|---|---:|---:|---:|---:|---:|---:|---:|"]
    ratios = []
    for case in cases:
        cells = [label(case)]
        rates = {}
        for receiver in ["osprey", "orthanc"]:
            v = rate(case, receiver)
            rates[receiver] = v
            if v is None:
                cells += ["-"] * 3
            elif v == "FAILED":
                cells += ["FAILED"] * 3
            else:
                cells += [f"{v[0]:.2f}", f"{v[1]:.0f}", f"{v[2]:.1f}"]
        a, b = rates.get("osprey"), rates.get("orthanc")
        ratio = a[1] / b[1] if isinstance(a, tuple) and isinstance(b, tuple) else None
        ratios.append(ratio)
        cells.append(f"{ratio:.2f}x" if ratio else "-")
        out.append("| " + " | ".join(cells) + " |")
    out.append("")
    if ratios and ratios[0]:
        out.append(f"Target (Osprey at least 2x Orthanc's instances/s, first row): {'met' if ratios[0] >= 2 else 'NOT met'} ({ratios[0]:.2f}x)."
                   + (f" Other rows: {', '.join(f'{r:.2f}x' for r in ratios[1:] if r)}." if len(ratios) > 1 else ""))
        out.append("")
    out.append("Every timed run, seconds:")
    out.append("")
    for case in cases:
        for receiver in ["osprey", "orthanc"]:
            r = runs.get((case, receiver))
            if r:
                out.append(f"- {label(case)}, {NAMES[receiver]}: " + ", ".join(
                    f"{s:.2f}" + ("" if st == "OK" else " FAILED") for s, _, _, st in r))
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
    if len(argv) >= 4 and argv[1] == "latency":
        latency(argv[2], argv[3:])
        return 0
    if len(argv) == 3 and argv[1] == "move":
        move(argv[2])
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
