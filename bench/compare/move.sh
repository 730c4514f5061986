#!/usr/bin/env bash
# bench/compare/move.sh: C-MOVE throughput, Osprey vs Orthanc, side by side in one run: one study of
# 500 CT instances stored in both, then moved by DCMTK movescu to a DCMTK storescp (a configured
# device in Osprey's settings.json, a DicomModalities entry in Orthanc's config), timed from
# movescu's start to its exit. See bench/compare/README.md.
#
# Usage: bench/compare/move.sh
# Environment (all optional):
#   COUNT=500           instances in each study
#   CASES="40K,+B 40K,--ignore 512K,+B 512K,--ignore"   the rows: pixel data per instance (40K:
#                       160x128 16-bit, 42 KB files; 512K: 512x512, 0.53 MB files), then storescp's
#                       storage flags: +B writes each received data set to a file as it arrives
#                       (bit-preserving, as in store.sh); --ignore receives and discards, which takes
#                       the destination's file work out of the figure (the senders' rate). The first
#                       row is the headline: 42 KB instances, because with 0.53 MB ones storescp's
#                       writing of 263 MB per move (the destination's disk) weighs on both servers and
#                       varies most from run to run (that +B row took 1.7x to 3x the time of its
#                       --ignore row in runs here; at 42 KB the two rows are alike).
#   ROUNDS=3            timed moves per server and row, interleaved (Osprey, Orthanc, then Orthanc, Osprey, …)
#   SKIP_BUILD=1        do not build; KEEP=1 keep the temp dir (files, logs)
#   OUT=FILE            also write the report of a partial run there; only a complete run (the
#                       default COUNT and CASES, ROUNDS >= 3) replaces bench/compare/results-move.md
# Exit status 0 when every move succeeded (movescu exit 0, no error logged, final status Success,
# storescp holding COUNT files unless it discards them); 1 otherwise (the report is then not written).
set -Eeuo pipefail
SCRIPT_NAME=move.sh
# shellcheck source=bench/compare/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

COUNT=${COUNT:-500}
DEFAULT_CASES="40K,+B 40K,--ignore 512K,+B 512K,--ignore"
CASES=${CASES:-$DEFAULT_CASES}
ROUNDS=${ROUNDS:-3}
KEEP=${KEEP:-0}

require_tools storescu storescp movescu echoscu dcmdump curl Orthanc dotnet

begin_run move
DEST_PID=""

build "$WORK/build.log"

# One study per size (two series, fresh UIDs).
declare -A STUDY_UID STUDY_BYTES
SIZES=()
for c in $CASES; do
    size=${c%%,*}
    [[ -n "${STUDY_UID[$size]:-}" ]] && continue
    SIZES+=("$size")
    dotnet "$BENCH_DLL" generate "$WORK/study-$size" "$COUNT" "$size" --studies 1 --series 2 >&2 || die "generate failed"
    STUDY_UID[$size]=$(dcmdump +P StudyInstanceUID "$WORK/study-$size/00000.dcm" | sed -E 's/.*\[([^]]*)\].*/\1/')
    [[ -n "${STUDY_UID[$size]}" ]] || die "cannot read the Study Instance UID of $WORK/study-$size/00000.dcm"
    STUDY_BYTES[$size]=$(find "$WORK/study-$size" -type f -printf '%s\n' | awk '{s += $1} END {printf "%d", s}')
done

# The move destination: storescp (128 KiB PDUs), one association at a time, restarted with an empty
# directory for every move on the same port (DCMTK sets SO_REUSEADDR).
DEST_PORT=$(free_port)
start_dest() { # dir log flags
    mkdir -p "$1"
    # shellcheck disable=SC2086
    TCP_NODELAY=1 setsid storescp -aet STORESCP -od "$1" -pdu $MAX_PDU $3 "$DEST_PORT" > "$2" 2>&1 < /dev/null &
    DEST_PID=$!
    STARTED_PIDS+=("$DEST_PID")
    wait_echo storescp "$DEST_PID" "$DEST_PORT" STORESCP "$2"
}

# Osprey with the destination as a device; Orthanc with it as a modality.
mkdir -p "$WORK/osprey"
cat > "$WORK/osprey/settings.json" <<EOF
{ "Devices": [ { "AeTitle": "STORESCP", "Host": "127.0.0.1", "Port": $DEST_PORT } ] }
EOF
start_osprey "$WORK/osprey" "$WORK/osprey.log" || die "Osprey did not start"
start_orthanc "$WORK/orthanc" "$WORK/orthanc.log" "\"DicomModalities\": { \"storescp\": [ \"STORESCP\", \"127.0.0.1\", $DEST_PORT ] }," \
    || die "Orthanc did not start"

STORE_NOTES=()
stored=0
for size in "${SIZES[@]}"; do
    log "storing the $size study ($(fmt "$COUNT") instances) into Osprey and Orthanc"
    a=$(send_dir OSPREY "$OSPREY_PORT" "$WORK/study-$size" "$WORK/store-osprey-$size.log") || die "storing into Osprey failed"
    b=$(send_dir ORTHANC "$ORTHANC_PORT" "$WORK/study-$size" "$WORK/store-orthanc-$size.log") || die "storing into Orthanc failed"
    STORE_NOTES+=("$size study: $a s into Osprey, $b s into Orthanc.")
    stored=$(( stored + COUNT ))
done
n=$(osprey_instances "$WORK/osprey"); [[ "$n" == "$stored" ]] || die "Osprey holds $n instances, not $stored"
n=$(orthanc_instances); [[ "$n" == "$stored" ]] || die "Orthanc holds $n instances, not $stored"

RESULTS="$WORK/results.tsv"   # case, receiver, round, seconds, instances, bytes, status
: > "$RESULTS"
FAILED=0

# One move: fresh storescp, quiet disk, movescu timed, then checks. Round 0 is the untimed warm-up.
run_move() { # case receiver round
    local case=$1 receiver=$2 round=$3 ae port
    local size=${case%%,*} flags=${case#*,} dir="$WORK/run/$receiver-${1//[^A-Za-z0-9]/_}-$3"
    local ignore=0
    [[ " $flags " != *" --ignore "* ]] || ignore=1
    if [[ $receiver == osprey ]]; then ae=OSPREY; port=$OSPREY_PORT; else ae=ORTHANC; port=$ORTHANC_PORT; fi
    mkdir -p "$dir"
    start_dest "$dir/received" "$dir/storescp.log" "$flags" || { FAILED=1; return 0; }
    quiet_disk
    local t0 t1 rc=0
    t0=$EPOCHREALTIME
    TCP_NODELAY=1 movescu -v -S -aet MOVEBENCH -aec "$ae" -aem STORESCP -k QueryRetrieveLevel=STUDY \
        -k StudyInstanceUID="${STUDY_UID[$size]}" 127.0.0.1 "$port" > "$dir/movescu.log" 2>&1 || rc=$?
    t1=$EPOCHREALTIME
    stop_pid "$DEST_PID"
    local seconds received problems=() final
    seconds=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f", b - a}')
    received=$(find "$dir/received" -type f | wc -l)
    # movescu -v logs each response; a final Success means every sub-operation completed (PS3.4
    # C.4.2.1.5: otherwise B000 Warning or A7xx/C000 Failure).
    final=$(grep -E 'Received Final Move Response' "$dir/movescu.log" | tail -1)
    (( rc == 0 )) || problems+=("movescu exited with status $rc")
    ! grep -q -E '^(E|F): ' "$dir/movescu.log" || problems+=("movescu logged errors")
    (( ignore )) || [[ "$received" == "$COUNT" ]] || problems+=("storescp received $received files, not $COUNT")
    [[ "$final" == *"(Success)"* ]] || problems+=("the final response is not Success: ${final:-none}")
    local status=OK
    if (( ${#problems[@]} > 0 )); then
        status=FAILED
        FAILED=1
        {
            echo "FAILED: $receiver move, case $case, round $round"
            printf '  - %s\n' "${problems[@]}"
            echo "  movescu log ($dir/movescu.log), last lines:"; tail -15 "$dir/movescu.log" | sed 's/^/    /'
            echo "  storescp log:"; tail -5 "$dir/storescp.log" | sed 's/^/    /'
        } >&2
    fi
    if (( round > 0 )); then
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$case" "$receiver" "$round" "$seconds" "$COUNT" "${STUDY_BYTES[$size]}" "$status" >> "$RESULTS"
    fi
    local what="round $round"
    (( round > 0 )) || what="warm-up"
    log "$receiver move $case $what: $status, $seconds s, $(awk -v n="$COUNT" -v s="$seconds" 'BEGIN {printf "%.0f", n / s}') instances/s (load $(load1))"
}

# Per row: a warm-up move each (the .NET server's JIT for the sending path; both servers' page cache
# of the study), then interleaved rounds.
for c in $CASES; do
    run_move "$c" osprey 0
    run_move "$c" orthanc 0
    for (( round = 1; round <= ROUNDS; round++ )); do
        if (( round % 2 == 1 )); then order=(osprey orthanc); else order=(orthanc osprey); fi
        for who in "${order[@]}"; do run_move "$c" "$who" "$round"; done
    done
done
stop_all

TABLE=$("$PY" "$HELPER" move "$RESULTS")
ELAPSED=$(awk -v a="$START_ALL" -v b="$EPOCHREALTIME" 'BEGIN {printf "%.0f", b - a}')
REPORT="# C-MOVE: Osprey vs Orthanc

$(date -u '+%Y-%m-%d %H:%M UTC'); $(machine_line "$WORK").
$(versions_line).
Each row: one study of $(fmt "$COUNT") synthetic CT instances (Explicit VR Little Endian, two series; 40K: 160x128
16-bit pixels, 42 KB files; 512K: 512x512, 0.53 MB files) stored in both servers, then
\`movescu -v -S -aem STORESCP -k QueryRetrieveLevel=STUDY -k StudyInstanceUID=…\` (TCP_NODELAY=1) to
\`storescp -pdu $MAX_PDU FLAGS\` (a fresh one, empty directory, for every move; +B writes each data set to a file
as it arrives, --ignore receives and discards it), a device in Osprey's settings.json and a DicomModalities
entry in Orthanc's config. Time from movescu's start to its exit. Per row one untimed warm-up move each, then
$ROUNDS timed moves each, interleaved (who goes first alternates), with a quiet disk before each; medians.
Servers at their defaults otherwise (Orthanc: SynchronousCMove true; both accept 128 KiB PDUs).

$TABLE

Storing the studies with one storescu (not timed above): ${STORE_NOTES[*]}
Whole run: ${ELAPSED} s. Load average (1, 5, 15 min) at the start: $LOAD_BEFORE; at the end: $(load3) (the machine has $(nproc) cores; above that, other work shared them)."

echo
echo "$REPORT"
if (( FAILED )); then
    echo "$SCRIPT_NAME: SOME MOVES FAILED (see above); results-move.md not written" >&2
    exit 1
fi
if [[ -n "${OUT:-}" ]]; then
    echo "$REPORT" > "$OUT"
    log "wrote $OUT"
elif [[ "$COUNT" == 500 && "$CASES" == "$DEFAULT_CASES" && "$ROUNDS" -ge 3 ]]; then
    echo "$REPORT" > "$HERE/results-move.md"
    log "wrote $HERE/results-move.md"
else
    log "partial run: results-move.md left as it was (OUT=FILE to save this report)"
fi
