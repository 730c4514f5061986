#!/usr/bin/env bash
# bench/compare/store.sh: C-STORE throughput, side by side in one run on this machine:
# Osprey vs Orthanc (Debian package) vs DCMTK storescp, all driven by DCMTK storescu over loopback.
# See bench/compare/README.md for what is measured and how to read it.
#
# Usage: bench/compare/store.sh
# Environment (all optional):
#   COUNT=2000          instances per data set (the 0.5 MB and the 40 KB set); a multiple of CONCURRENCY
#   NAGLE_COUNT=200     instances of the "Nagle on" row (taken from the 40 KB set)
#   CONCURRENCY=4       associations (storescu processes) of the concurrent rows
#   ROUNDS=1            measure every row this many times (fresh receiver each time); the table shows the median
#   WARMUP=200          40 KB instances every fresh receiver gets, untimed, before a timed run (0: none):
#                       a .NET server compiles its hot paths in its first seconds, natives need no warm-up
#   RECEIVERS="osprey orthanc storescp"   which receivers to run (the others show "-"); add
#                       "baseline" (with BASELINE_DLL) for an A/B of two Osprey builds in one run
#   BASELINE_DLL=PATH   the osprey.dll of another build (e.g. a worktree of an earlier commit), run
#                       as receiver "baseline" exactly as "osprey" is; the table then gives Osprey/baseline
#   ROWS="big1 small1 big4 small4 nagle"  which rows to run
#   SKIP_BUILD=1        do not run `dotnet build` (use what is in bin/Release)
#   KEEP=1              keep the temp dir (data sets, logs) for inspection
#   STORESCP_FLAGS=+B   storescp's storage mode flags; STORESCP_FLAGS= (empty) for its parsing mode
#   TMPDIR              where the temp dir goes (needs about 8 GB free at COUNT=2000: every run's
#                       files are kept until the end)
#   OUT=FILE            also write the table of a partial run (reduced counts, rows or receivers)
#                       to FILE; only a complete run replaces bench/compare/results-store.md
#
# Exit status: 0 when every run of every row succeeded (and then the table is written, see OUT);
# 1 when any storescu run failed (non-zero exit, a refusal, a rejected association, or an
# error line in its log) or a receiver does not hold exactly the instances sent; the table then shows FAILED in those cells and results-store.md is not written.
set -Eeuo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
HERE="$ROOT/bench/compare"
HELPER="$HERE/compare.py"
PY=$(command -v /usr/bin/python3 || command -v python3)

COUNT=${COUNT:-2000}
NAGLE_COUNT=${NAGLE_COUNT:-200}
CONCURRENCY=${CONCURRENCY:-4}
ROUNDS=${ROUNDS:-1}
WARMUP=${WARMUP:-200}
RECEIVERS=${RECEIVERS:-"osprey orthanc storescp"}
ROWS=${ROWS:-"big1 small1 big4 small4 nagle"}
SKIP_BUILD=${SKIP_BUILD:-0}
KEEP=${KEEP:-0}
STORESCP_FLAGS=${STORESCP_FLAGS-+B}
# Every receiver is set to accept PDUs of up to 128 KiB (DCMTK's maximum, Osprey's default; DCMTK
# and Orthanc default to 16 KiB), so no one is measured with a smaller PDU than the others.
MAX_PDU=131072

OSPREY_DLL="$ROOT/src/Osprey.Server/bin/Release/net10.0/osprey.dll"
BENCH_DLL="$ROOT/bench/Osprey.Benchmarks/bin/Release/net10.0/Osprey.Benchmarks.dll"

if (( COUNT % CONCURRENCY != 0 )); then
    echo "store.sh: COUNT ($COUNT) must be a multiple of CONCURRENCY ($CONCURRENCY)" >&2
    exit 2
fi
if (( NAGLE_COUNT > COUNT )); then NAGLE_COUNT=$COUNT; fi
for tool in storescu storescp echoscu curl; do
    command -v "$tool" >/dev/null || { echo "store.sh: $tool not found (apt-get install -y dcmtk curl)" >&2; exit 2; }
done
if [[ " $RECEIVERS " == *" orthanc "* ]] && ! command -v Orthanc >/dev/null; then
    echo "store.sh: Orthanc not found (apt-get install -y orthanc)" >&2
    exit 2
fi

START_ALL=$EPOCHREALTIME
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/osprey-compare.XXXXXX")
SERVER_PID=""

stop_server() {
    # Each receiver runs in its own session (setsid), so its process group id is its pid: the
    # group signal reaches storescp's forked children too.
    local pid=$SERVER_PID
    [[ -n "$pid" ]] || return 0
    SERVER_PID=""
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 100); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
        echo "store.sh: pid $pid did not stop on SIGTERM; sending SIGKILL" >&2
        kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
}

CLIENT_PIDS=()
cleanup() {
    local pid
    for pid in "${CLIENT_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    stop_server
    if [[ "$KEEP" == 1 ]]; then
        echo "store.sh: kept $WORK" >&2
    else
        rm -rf "$WORK"
    fi
}
trap cleanup EXIT
trap 'echo "store.sh: line $LINENO: a command failed (status $?)" >&2' ERR
trap 'echo "store.sh: interrupted" >&2; exit 130' INT
trap 'echo "store.sh: terminated" >&2; exit 143' TERM

log() { printf '[%(%H:%M:%S)T] %s\n' -1 "$*" >&2; }

# ---------------------------------------------------------------------------------------------
# Build and data sets
# ---------------------------------------------------------------------------------------------
if [[ "$SKIP_BUILD" != 1 ]]; then
    log "building (dotnet build -c Release Osprey.slnx)"
    (cd "$ROOT" && dotnet build -c Release Osprey.slnx -nologo -v q) > "$WORK/build.log" 2>&1 || {
        tail -30 "$WORK/build.log" >&2
        echo "store.sh: build failed" >&2
        exit 1
    }
fi
[[ -f "$BENCH_DLL" ]] || { echo "store.sh: $BENCH_DLL missing (build first)" >&2; exit 1; }

# Four studies of two series each; the concurrent rows split each set into CONCURRENCY contiguous
# parts, so with four associations each sends its own study (as four modalities would).
DATA="$WORK/data"
for set in big small; do
    bytes=$([[ $set == big ]] && echo 512K || echo 40K)
    dotnet "$BENCH_DLL" generate "$DATA/$set/all" "$COUNT" "$bytes" --studies 4 >&2
    mapfile -t files < <(ls "$DATA/$set/all")
    per=$(( COUNT / CONCURRENCY ))
    for (( p = 0; p < CONCURRENCY; p++ )); do
        mkdir -p "$DATA/$set/part$p"
        for f in "${files[@]:p*per:per}"; do ln "$DATA/$set/all/$f" "$DATA/$set/part$p/$f"; done
    done
done
if (( WARMUP > 0 )); then dotnet "$BENCH_DLL" generate "$DATA/warm" "$WARMUP" 40K --studies 1 >&2; fi
mkdir -p "$DATA/nagle"
mapfile -t files < <(ls "$DATA/small/all")
for f in "${files[@]:0:NAGLE_COUNT}"; do ln "$DATA/small/all/$f" "$DATA/nagle/$f"; done

# Rows: id, label, data set, number of associations, TCP_NODELAY in storescu's environment.
ROWS_TSV="$WORK/rows.tsv"
: > "$ROWS_TSV"
declare -A ROW_SET ROW_ASSOC ROW_NODELAY
add_row() {
    [[ " $ROWS " == *" $1 "* ]] || return 0
    printf '%s\t%s\n' "$1" "$2" >> "$ROWS_TSV"
    ROW_SET[$1]=$3; ROW_ASSOC[$1]=$4; ROW_NODELAY[$1]=$5
}
fmt() { sed -E ':a; s/([0-9])([0-9]{3})($|,)/\1,\2\3/; ta' <<< "$1"; }  # 2000 -> 2,000
add_row big1   "$(fmt "$COUNT") × 0.5 MB, 1 association"                 big   1            1
add_row small1 "$(fmt "$COUNT") × 40 KB, 1 association"                  small 1            1
add_row big4   "$(fmt "$COUNT") × 0.5 MB, $CONCURRENCY associations"     big   "$CONCURRENCY" 1
add_row small4 "$(fmt "$COUNT") × 40 KB, $CONCURRENCY associations"      small "$CONCURRENCY" 1
add_row nagle  "$(fmt "$NAGLE_COUNT") × 40 KB, 1 association, Nagle on (storescu default)" nagle 1 0

# ---------------------------------------------------------------------------------------------
# Receivers. Each start_* starts one fresh receiver (empty storage) in its own session on a free
# 127.0.0.1 port, sets SERVER_PID, PORT and AE, and waits until it answers C-ECHO.
# Receivers get TCP_NODELAY=1 in their environment: DCMTK's network layer (storescp, and Orthanc,
# which is built on DCMTK) leaves Nagle on for its sockets without it (Osprey sets TCP_NODELAY
# itself and ignores the variable).
# ---------------------------------------------------------------------------------------------
free_port() { "$PY" "$HELPER" port; }
CLK_TCK=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; } # utime + stime, in clock ticks

wait_ready() { # name log
    local i
    for i in $(seq 300); do
        if ! kill -0 "$SERVER_PID" 2>/dev/null; then
            echo "store.sh: $1 exited during start-up; its log ($2):" >&2
            tail -30 "$2" >&2
            return 1
        fi
        if TCP_NODELAY=1 echoscu -aet BENCH -aec "$AE" -to 2 127.0.0.1 "$PORT" >/dev/null 2>&1; then return 0; fi
        sleep 0.2
    done
    echo "store.sh: $1 did not answer C-ECHO on 127.0.0.1:$PORT within 60 s; its log ($2):" >&2
    tail -30 "$2" >&2
    return 1
}

# Osprey: `osprey serve` with a fresh data directory; its Storage SCP writes every file durably
# (fsync of the file and its directory) and commits the index before it acknowledges.
start_osprey() { # store-dir log
    [[ -f "$OSPREY_DLL" ]] || { echo "store.sh: $OSPREY_DLL missing" >&2; return 1; }
    PORT=$(free_port); AE=OSPREY
    TCP_NODELAY=1 setsid dotnet "$OSPREY_DLL" serve --data "$1" --Dicom:TcpPort="$PORT" \
        --Dicom:BindAddress=127.0.0.1 --Dicom:StorageAeTitle=OSPREY --Dicom:MaxPduSize=$MAX_PDU \
        > "$2" 2>&1 < /dev/null &
    SERVER_PID=$!
    wait_ready osprey "$2"
}

# The baseline: another build of Osprey (BASELINE_DLL), started the same way, for an A/B in one run.
start_baseline() { # store-dir log
    [[ -f "${BASELINE_DLL:-}" ]] || { echo "store.sh: BASELINE_DLL ($BASELINE_DLL) missing" >&2; return 1; }
    # Not as a prefix assignment: that would export OSPREY_DLL, and Osprey reads OSPREY_* variables as settings.
    local ours=$OSPREY_DLL rc=0
    OSPREY_DLL=$BASELINE_DLL
    start_osprey "$@" || rc=$?
    OSPREY_DLL=$ours
    return $rc
}

# Orthanc: Debian's package run from its own config (not the system service): no plugins, SQLite
# index (the default) and file storage in the fresh directory, storage compression off. Everything
# else stays at Orthanc 1.10's defaults, notably "SyncStorageArea": true (each stored file is
# fdatasync'ed before the response) and "OverwriteInstances": false. HTTP is on (on a free port,
# local access only, no authentication) so the script can check /statistics afterwards. Orthanc
# 1.10 has no setting for the DICOM bind address: it listens on every interface.
start_orthanc() { # store-dir log
    PORT=$(free_port); AE=ORTHANC
    local http
    http=$(free_port)
    while [[ "$http" == "$PORT" ]]; do http=$(free_port); done
    mkdir -p "$1"
    cat > "$1/config.json" <<EOF
{
  "Name": "osprey-compare",
  "StorageDirectory": "$1/storage",
  "IndexDirectory": "$1/index",
  "StorageCompression": false,
  "Plugins": [],
  "HttpServerEnabled": true,
  "HttpPort": $http,
  "RemoteAccessAllowed": false,
  "AuthenticationEnabled": false,
  "RegisteredUsers": {},
  "DicomServerEnabled": true,
  "DicomAet": "ORTHANC",
  "DicomPort": $PORT,
  "DicomCheckCalledAet": false,
  "DicomAlwaysAllowStore": true,
  "MaximumPduLength": $MAX_PDU
}
EOF
    ORTHANC_HTTP=$http
    TCP_NODELAY=1 setsid Orthanc "$1/config.json" > "$2" 2>&1 < /dev/null &
    SERVER_PID=$!
    wait_ready orthanc "$2"
}

# storescp: DCMTK's plain receiver: files only, no index, no fsync (it only write()s and close()s
# each file; checked with strace). Flags:
#   --fork       a child process per association, so the concurrent rows are really concurrent
#                (the default --single-process serves one association at a time);
#   -od DIR      write every instance as a Part 10 file (+F, the default) named from its SOP
#                Instance UID (-uf, the default) into DIR: what a receiver must at least do;
#   -pdu 131072  as for the others (see MAX_PDU);
#   +B           (STORESCP_FLAGS, the default) bit-preserving: the File Meta Information, then the
#                data set bytes streamed to the file as they arrive. That is what Osprey does too
#                (it keeps the received bytes and parses only the header, before Pixel Data, for its
#                index), so storescp +B is the files-only ceiling for the same work minus the index
#                and the fsyncs. STORESCP_FLAGS= (empty) selects storescp's default mode instead: it
#                parses each whole data set into memory and writes it out again (slower: about 170
#                against 210 MB/s for 0.5 MB instances here).
# Not --ignore: that receives and discards, storing nothing.
start_storescp() { # store-dir log
    PORT=$(free_port); AE=STORESCP
    mkdir -p "$1"
    # shellcheck disable=SC2086
    TCP_NODELAY=1 setsid storescp -aet STORESCP -od "$1" -pdu $MAX_PDU --fork $STORESCP_FLAGS "$PORT" \
        > "$2" 2>&1 < /dev/null &
    SERVER_PID=$!
    wait_ready storescp "$2"
}

# How many instances the receiver holds after a row (-1: not checked).
stored_count() { # receiver store-dir
    case $1 in
        storescp) find "$2" -type f -name 'CT.*' | wc -l ;;
        orthanc) curl -sf "http://127.0.0.1:$ORTHANC_HTTP/statistics" | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["CountInstances"])' ;;
        osprey|baseline) find "$2" -type f -name '*.dcm' | wc -l ;;
    esac
}

# Waits until the file system has written back what earlier runs left (dirty pages, and the
# journal and discard work of deleting a receiver's gigabyte of files): measured on this machine,
# a run started right after another receiver's 0.5 MB rows went at half speed, fsyncing receivers
# most. `sync`, then up to 30 s until Dirty + Writeback in /proc/meminfo are under 8 MB, then 2 s.
quiet_disk() {
    sync
    local i kb
    for (( i = 0; i < 300; i++ )); do
        kb=$(awk '/^(Dirty|Writeback):/ {s += $2} END {print s + 0}' /proc/meminfo)
        (( kb < 8192 )) && break
        sleep 0.1
    done
    sleep 2
}

# ---------------------------------------------------------------------------------------------
# One measured run: fresh receiver, storescu process(es), wall time from the first start to the
# last exit, success count, stop.
# ---------------------------------------------------------------------------------------------
RESULTS="$WORK/results.tsv"
: > "$RESULTS"
FAILED=0

run_one() { # receiver row round
    local receiver=$1 row=$2 round=$3
    local set=${ROW_SET[$row]} assoc=${ROW_ASSOC[$row]} nodelay=${ROW_NODELAY[$row]}
    local dir="$WORK/run/$receiver-$row-$round" dirs=() p
    mkdir -p "$dir"
    if [[ $set == nagle ]]; then dirs=("$DATA/nagle")
    elif (( assoc == 1 )); then dirs=("$DATA/$set/all")
    else for (( p = 0; p < assoc; p++ )); do dirs+=("$DATA/$set/part$p"); done
    fi
    local files bytes
    files=$(find "${dirs[@]}" -type f | wc -l)
    bytes=$(find "${dirs[@]}" -type f -printf '%s\n' | awk '{s += $1} END {printf "%d", s}')

    "start_$receiver" "$dir/store" "$dir/server.log" || { stop_server; printf '%s\t%s\t%s\t1\t%s\t%s\tFAILED\n' "$receiver" "$row" "$round" "$files" "$bytes" >> "$RESULTS"; FAILED=1; return 0; }
    local warm_problem=""
    if (( WARMUP > 0 )); then
        TCP_NODELAY=1 storescu -aet WARMUP -aec "$AE" -xe +sd +r 127.0.0.1 "$PORT" "$DATA/warm" > "$dir/warmup.log" 2>&1 \
            || warm_problem="warm-up storescu exited with status $?"
    fi
    quiet_disk  # earlier rows' writes and deletions must not slow this one
    local env=(env -u TCP_NODELAY)
    [[ $nodelay == 1 ]] && env=(env TCP_NODELAY=1)
    local t0 t1 i rcs=()
    CLIENT_PIDS=()
    # The receiver's CPU time (user + system, all its threads) over the timed run: a steadier A/B
    # figure than the rate when the disk sets the pace (storescp --fork works in children: not counted).
    local cpu0
    cpu0=$(cpu_ticks "$SERVER_PID")
    t0=$EPOCHREALTIME
    for i in "${!dirs[@]}"; do
        "${env[@]}" storescu -aet "BENCH$i" -aec "$AE" -xe +sd +r 127.0.0.1 "$PORT" "${dirs[$i]}" \
            > "$dir/storescu$i.log" 2>&1 &
        CLIENT_PIDS+=($!)
    done
    for i in "${!CLIENT_PIDS[@]}"; do
        if wait "${CLIENT_PIDS[$i]}"; then rcs+=(0); else rcs+=($?); fi
    done
    t1=$EPOCHREALTIME
    local cpu_ms
    cpu_ms=$(awk -v a="$cpu0" -v b="$(cpu_ticks "$SERVER_PID")" -v hz="$CLK_TCK" 'BEGIN {printf "%.0f", (b - a) * 1000 / hz}')
    CLIENT_PIDS=()
    local seconds errors stored status=OK problems=()
    seconds=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f", b - a}')
    # storescu runs without -v (its per-file log lines cost the client about half its speed on two
    # cores, capping every receiver alike): a failed store shows as an E:/F: line or an exit status,
    # and every receiver must hold exactly what was sent.
    errors=$(cat "$dir"/storescu*.log | grep -c -E '^(E|F): ' || true)
    [[ -z "$warm_problem" ]] || problems+=("$warm_problem")
    for i in "${!rcs[@]}"; do
        (( rcs[i] == 0 )) || problems+=("storescu #$i exited with status ${rcs[$i]}")
    done
    (( errors == 0 )) || problems+=("storescu logged $errors errors")
    stored=$(stored_count "$receiver" "$dir/store" 2>/dev/null || echo "?")
    if (( ${#problems[@]} == 0 )) && [[ "$stored" != "$(( files + WARMUP ))" ]]; then
        problems+=("the receiver holds $stored instances, not $(( files + WARMUP )) ($files timed, $WARMUP warm-up)")
    fi
    stop_server
    if (( ${#problems[@]} > 0 )); then
        status=FAILED
        FAILED=1
        {
            echo
            echo "############################################################################"
            echo "FAILED: $receiver, row '$row', round $round"
            printf '  - %s\n' "${problems[@]}"
            for i in "${!dirs[@]}"; do
                echo "  storescu #$i log ($dir/storescu$i.log), lines that are not per-file progress:"
                grep -v -E 'Sending file|Converting transfer|Sending Store Request|Received Store Response \(Success\)|^I: *$|^I: Checking input files' \
                    "$dir/storescu$i.log" | head -20 | sed 's/^/    /'
            done
            echo "  receiver log ($dir/server.log), last lines:"
            tail -10 "$dir/server.log" | sed 's/^/    /'
            echo "############################################################################"
            [[ "$KEEP" == 1 ]] || echo "(rerun with KEEP=1 to keep the logs)"
        } >&2
    fi
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$receiver" "$row" "$round" "$seconds" "$files" "$bytes" "$status" >> "$RESULTS"
    if [[ $status == FAILED ]]; then log "$receiver $row round $round: FAILED"; else log "$receiver $row round $round: $files files, $(awk -v f="$files" -v s="$seconds" -v b="$bytes" -v c="$cpu_ms" 'BEGIN {printf "%.3f s, %.1f inst/s, %.1f MB/s, receiver CPU %.3f ms/instance", s, f / s, b / 1e6 / s, c / f}') (load $(cut -d' ' -f1 /proc/loadavg))"; fi
    printf '%s\t%s\t%s\t%s\n' "$receiver" "$row" "$round" "$cpu_ms" >> "$WORK/cpu.tsv"
    # The run's files stay until the script ends (the temp dir goes then): deleting thousands of files
    # makes ext4 skip their inodes, as "recently deleted", for 30 s when allocating new ones, which
    # halved the next receiver's rate (storescp too) before this was noticed.
}

# Rows outer, receivers inner: the receivers take turns, so a burst of load from elsewhere on the
# machine falls on all of them alike rather than on one.
for (( round = 1; round <= ROUNDS; round++ )); do
    while IFS=$'\t' read -r row _; do
        # Odd rounds in this order, even rounds reversed (ABBA): a drift over the run falls on all alike.
        order="osprey baseline orthanc storescp"
        (( round % 2 == 0 )) && order="storescp orthanc baseline osprey"
        for receiver in $order; do
            [[ " $RECEIVERS " == *" $receiver "* ]] || continue
            run_one "$receiver" "$row" "$round"
        done
    done < "$ROWS_TSV"
done

# ---------------------------------------------------------------------------------------------
# Table
# ---------------------------------------------------------------------------------------------
TABLE=$("$PY" "$HELPER" table "$RESULTS" "$ROWS_TSV" --receivers "$RECEIVERS")
# The receivers' CPU per instance, median over the rounds of each row (a process's own CPU: storescp's
# forked children are not in it).
CPU_LINE=$(awk -F'\t' 'NR == FNR { files[$1 FS $2 FS $3] = $5; next }
    { k = $1 FS $2; n[k]++; v[k, n[k]] = $4 / files[$1 FS $2 FS $3]; if (!(k in seen)) { seen[k] = 1; order[++m] = k } }
    END { for (i = 1; i <= m; i++) { k = order[i]; c = n[k]
            for (a = 1; a <= c; a++) for (b = a + 1; b <= c; b++) if (v[k, b] < v[k, a]) { t = v[k, a]; v[k, a] = v[k, b]; v[k, b] = t }
            med = (c % 2) ? v[k, (c + 1) / 2] : (v[k, c / 2] + v[k, c / 2 + 1]) / 2
            split(k, p, FS); printf "%s%s %s %.3f ms", (i > 1 ? "; " : ""), p[1], p[2], med } }' "$RESULTS" "$WORK/cpu.tsv" 2>/dev/null || true)
ELAPSED=$(awk -v a="$START_ALL" -v b="$EPOCHREALTIME" 'BEGIN {printf "%.0f", b - a}')
MACHINE="$(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), $(awk '/MemTotal/ {printf "%.0f GB", $2 / 1048576}' /proc/meminfo) RAM, Linux $(uname -r), $(df -PT "$WORK" | awk 'NR == 2 {print $2}') on $(df -P "$WORK" | awk 'NR == 2 {print $1}')"
VERSIONS="Osprey (this working tree), $(Orthanc --version 2>/dev/null | awk 'NR == 1' || true), DCMTK $(storescp --version 2>/dev/null | awk 'NR == 1 {print $3}' || true)"
NOTES="storescu -xe +sd +r (no -v), TCP_NODELAY=1 in its environment except the Nagle row; every receiver fresh (empty storage, then $WARMUP untimed warm-up instances of 40 KB) for every run, accepting PDUs up to $MAX_PDU bytes; rates: instances and 10^6 bytes (of the sent files) per second of storescu wall time (start of the first process to exit of the last), median of $ROUNDS round(s). storescp flags: --fork -pdu $MAX_PDU ${STORESCP_FLAGS:-(none: parsing mode)}."

REPORT="# C-STORE: Osprey vs Orthanc vs DCMTK storescp

$(date -u '+%Y-%m-%d %H:%M UTC'); $MACHINE.
$VERSIONS.
$NOTES

$TABLE

Receiver CPU per instance over the timed runs (median): ${CPU_LINE:-not measured}.

Whole run (build, data generation, all rows): ${ELAPSED} s. Load average (1, 5, 15 min) at the start: $LOAD_BEFORE; at the end: $(cut -d' ' -f1-3 /proc/loadavg) (the machine has $(nproc) cores; a load above that means other work shared them and the rates are low)."

echo
echo "$REPORT"
if (( FAILED )); then
    echo >&2
    echo "store.sh: SOME RUNS FAILED (see the FAILED cells and the messages above); $HERE/results-store.md not written" >&2
    exit 1
fi
# Only a complete run (every receiver, every row, the full counts) replaces results-store.md;
# OUT=FILE writes any run's table to FILE.
if [[ -n "${OUT:-}" ]]; then
    echo "$REPORT" > "$OUT"
    log "wrote $OUT"
elif [[ "$COUNT" == 2000 && "$NAGLE_COUNT" == 200 && "$CONCURRENCY" == 4 \
        && "$(wc -l < "$ROWS_TSV")" == 5 && " $RECEIVERS " == *" osprey "* \
        && " $RECEIVERS " == *" orthanc "* && " $RECEIVERS " == *" storescp "* ]]; then
    echo "$REPORT" > "$HERE/results-store.md"
    log "wrote $HERE/results-store.md"
else
    log "partial run (counts, rows or receivers reduced): results-store.md left as it was (OUT=FILE to save this table)"
fi
