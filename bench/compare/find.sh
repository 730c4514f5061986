#!/usr/bin/env bash
# bench/compare/find.sh: C-FIND latency per indexed query kind (STUDY level, Study Root), measured
# by the benchmark project's `find-latency` client over one association:
#   (a) Osprey on an archive of 1,000,000 instances (100,000 studies, 30,000 patients), made once by
#       `generate-index` straight into the index and cached (see OSPREY_FIND_ARCHIVE);
#   (b) Osprey and Orthanc side by side on the same 20,000 small instances (2,000 studies), sent to
#       each with DCMTK storescu.
# See bench/compare/README.md for what is measured and how to read it.
#
# Usage: bench/compare/find.sh
# Environment (all optional):
#   OSPREY_FIND_ARCHIVE=${TMPDIR:-/tmp}/osprey-find-archive   where the big archive is made and kept
#                       between runs (an Osprey data directory: index/osprey.db, bench-manifest.json;
#                       about 1.1 GB); reused when its manifest matches STUDIES and INSTANCES_PER_STUDY
#   STUDIES=100000 INSTANCES_PER_STUDY=10   the big archive
#   SIDE_COUNT=20000    instances of the side-by-side set (a multiple of 10: 10 per study)
#   SIDE_BYTES=2K       pixel data per instance of that set (files of about 3.7 KB)
#   QUERIES=200         timed queries per kind and round (the manifests hold 200 values per kind)
#   ROUNDS=3            rounds per server (a new association each); (b) alternates the servers,
#                       swapping which goes first each round. The table pools every round's queries.
#   WARMUP=10           untimed queries per kind at the start of every round
#   PARTS="big side"    which parts to run
#   ORTHANC_STORAGE_ACCESS=Always   Orthanc's "StorageAccessOnFind" (its default; "Never" answers
#                       from its database only)
#   SKIP_BUILD=1        do not build; KEEP=1 keep the temp dir (files, logs, raw latencies)
#   OUT=FILE            also write the report of a partial run there; only a complete run (both
#                       parts, the default sizes) replaces bench/compare/results-find.md
# Exit status 0 when every answer of every round was right (status Success, as many matches as the
# manifest says); 1 otherwise (the report is then not written).
set -Eeuo pipefail
SCRIPT_NAME=find.sh
# shellcheck source=bench/compare/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ARCHIVE=${OSPREY_FIND_ARCHIVE:-${TMPDIR:-/tmp}/osprey-find-archive}
STUDIES=${STUDIES:-100000}
INSTANCES_PER_STUDY=${INSTANCES_PER_STUDY:-10}
SIDE_COUNT=${SIDE_COUNT:-20000}
SIDE_BYTES=${SIDE_BYTES:-2K}
QUERIES=${QUERIES:-200}
ROUNDS=${ROUNDS:-3}
WARMUP=${WARMUP:-10}
PARTS=${PARTS:-"big side"}
ORTHANC_STORAGE_ACCESS=${ORTHANC_STORAGE_ACCESS:-Always}
KEEP=${KEEP:-0}

require_tools storescu echoscu curl dotnet
[[ " $PARTS " != *" side "* ]] || require_tools Orthanc

begin_run find

build "$WORK/build.log"

RAW="$WORK/latencies.tsv"   # label, kind, query, ms, matches, expected, status
: > "$RAW"
FAILED=0
NOTES=()

# One round of find-latency against a server; its table goes to the log, its queries to $RAW.
measure() { # label port ae manifest round
    local out="$WORK/find-$1-$5.log"
    if dotnet "$BENCH_DLL" find-latency --host 127.0.0.1 --port "$2" --called-ae "$3" --calling-ae FINDBENCH \
        --queries "$QUERIES" --warmup "$WARMUP" --manifest "$4" --label "$1" --out "$RAW" > "$out" 2>&1; then
        log "$1 round $5: $(awk 'NR > 2 {printf "%s %s ms; ", $1, $3}' "$out")(load $(load1))"
    else
        FAILED=1
        log "$1 round $5: FAILED"
        cat "$out" >&2
    fi
}

# ---------------------------------------------------------------------------------------------
# (a) Osprey on the 1,000,000-instance archive
# ---------------------------------------------------------------------------------------------
BIG_LABEL=""
if [[ " $PARTS " == *" big "* ]]; then
    log "big archive: $ARCHIVE ($(fmt "$STUDIES") studies x $INSTANCES_PER_STUDY; made once, then reused)"
    dotnet "$BENCH_DLL" generate-index "$ARCHIVE" --studies "$STUDIES" --instances-per-study "$INSTANCES_PER_STUDY" >&2 \
        || die "generate-index failed"
    BIG_LABEL="osprey-$(fmt "$(( STUDIES * INSTANCES_PER_STUDY ))")"
    start_osprey "$ARCHIVE" "$WORK/osprey-big.log" || die "Osprey did not start on $ARCHIVE"
    # The index is read from the page cache in every run after the first query of a kind; a cold
    # cache (a server just booted) is not measured.
    for (( round = 1; round <= ROUNDS; round++ )); do
        measure "$BIG_LABEL" "$OSPREY_PORT" OSPREY "$ARCHIVE/bench-manifest.json" "$round"
    done
    stop_pid "$OSPREY_PID"
    NOTES+=("The big archive's index: $(du -sh "$ARCHIVE/index" | cut -f1) ($(fmt "$STUDIES") studies, $(fmt "$(( STUDIES * INSTANCES_PER_STUDY ))") instances, made by generate-index in $("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1])).get("GenerationSeconds"))' "$ARCHIVE/bench-manifest.json") s).")
fi

# ---------------------------------------------------------------------------------------------
# (b) Osprey and Orthanc on the same 20,000 instances
# ---------------------------------------------------------------------------------------------
SIDE_LABELS=()
if [[ " $PARTS " == *" side "* ]]; then
    (( SIDE_COUNT % 10 == 0 )) || die "SIDE_COUNT ($SIDE_COUNT) must be a multiple of 10"
    log "side-by-side set: $(fmt "$SIDE_COUNT") instances ($SIDE_BYTES pixel data), $(( SIDE_COUNT / 10 )) studies"
    dotnet "$BENCH_DLL" generate "$WORK/side" "$SIDE_COUNT" "$SIDE_BYTES" --archive --instances-per-study 10 \
        --manifest "$WORK/side-manifest.json" >&2 || die "generate failed"
    OSPREY_LABEL="osprey-$(fmt "$SIDE_COUNT")"
    ORTHANC_LABEL="orthanc-$(fmt "$SIDE_COUNT")"
    SIDE_LABELS=("$OSPREY_LABEL" "$ORTHANC_LABEL")

    start_osprey "$WORK/osprey-side" "$WORK/osprey-side.log" || die "Osprey did not start"
    start_orthanc "$WORK/orthanc-side" "$WORK/orthanc-side.log" "\"StorageAccessOnFind\": \"$ORTHANC_STORAGE_ACCESS\"," \
        || die "Orthanc did not start"
    quiet_disk
    s=$(send_dir OSPREY "$OSPREY_PORT" "$WORK/side" "$WORK/storescu-osprey.log") || die "storing into Osprey failed"
    log "stored into Osprey in $s s"
    NOTES+=("Storing the set with one storescu took $s s into Osprey")
    quiet_disk
    s=$(send_dir ORTHANC "$ORTHANC_PORT" "$WORK/side" "$WORK/storescu-orthanc.log") || die "storing into Orthanc failed"
    log "stored into Orthanc in $s s"
    NOTES[-1]+=" and $s s into Orthanc (not part of the latency figures)."
    n=$(osprey_instances "$WORK/osprey-side"); [[ "$n" == "$SIDE_COUNT" ]] || die "Osprey holds $n instances, not $SIDE_COUNT"
    n=$(orthanc_instances); [[ "$n" == "$SIDE_COUNT" ]] || die "Orthanc holds $n instances, not $SIDE_COUNT"
    quiet_disk

    for (( round = 1; round <= ROUNDS; round++ )); do
        if (( round % 2 == 1 )); then order=(osprey orthanc); else order=(orthanc osprey); fi
        for who in "${order[@]}"; do
            if [[ $who == osprey ]]; then measure "$OSPREY_LABEL" "$OSPREY_PORT" OSPREY "$WORK/side-manifest.json" "$round"
            else measure "$ORTHANC_LABEL" "$ORTHANC_PORT" ORTHANC "$WORK/side-manifest.json" "$round"
            fi
        done
    done
    stop_pid "$OSPREY_PID"
    stop_pid "$ORTHANC_PID"
fi

# ---------------------------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------------------------
LABELS=()
[[ -z "$BIG_LABEL" ]] || LABELS+=("$BIG_LABEL")
LABELS+=("${SIDE_LABELS[@]}")
TABLE=$("$PY" "$HELPER" latency "$RAW" "${LABELS[@]}")
ELAPSED=$(awk -v a="$START_ALL" -v b="$EPOCHREALTIME" 'BEGIN {printf "%.0f", b - a}')
REPORT="# C-FIND latency: Osprey (1,000,000 instances; and 20,000 beside Orthanc)

$(date -u '+%Y-%m-%d %H:%M UTC'); $(machine_line "$WORK").
$(versions_line).
find-latency (bench/Osprey.Benchmarks): one association per round, Study Root, STUDY level, one key per query,
9 return keys (PatientName, PatientID, StudyDate, StudyTime, AccessionNumber, StudyDescription, ModalitiesInStudy,
NumberOfStudyRelatedInstances, StudyInstanceUID); time from sending the C-FIND-RQ to the final response;
$QUERIES timed queries per kind and round after $WARMUP untimed, $ROUNDS rounds, all pooled (median and nearest-rank p99
of $(( QUERIES * ROUNDS )) queries); every answer checked against the generator's expected match count.
Servers at their defaults (Osprey: case-insensitive matching, empty matching on, QueryRetrieveLimit 1000;
Orthanc: StorageAccessOnFind $ORTHANC_STORAGE_ACCESS, DicomAlwaysAllowFind true).

$TABLE

${NOTES[*]:-}
Whole run: ${ELAPSED} s. Load average (1, 5, 15 min) at the start: $LOAD_BEFORE; at the end: $(load3) (the machine has $(nproc) cores; above that, other work shared them)."

echo
echo "$REPORT"
if (( FAILED )); then
    echo "$SCRIPT_NAME: SOME ROUNDS FAILED (wrong answers or errors above); results-find.md not written" >&2
    exit 1
fi
if [[ -n "${OUT:-}" ]]; then
    echo "$REPORT" > "$OUT"
    log "wrote $OUT"
elif [[ " $PARTS " == *" big "* && " $PARTS " == *" side "* && "$STUDIES" == 100000 && "$INSTANCES_PER_STUDY" == 10 \
        && "$SIDE_COUNT" == 20000 && "$QUERIES" -ge 100 ]]; then
    echo "$REPORT" > "$HERE/results-find.md"
    log "wrote $HERE/results-find.md"
else
    log "partial run: results-find.md left as it was (OUT=FILE to save this report)"
fi
