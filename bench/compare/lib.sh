# bench/compare/lib.sh: helpers shared by find.sh and move.sh (sourced, not run).
# The receivers are started as store.sh starts them (see README.md): each in its own session on a
# free 127.0.0.1 port, with TCP_NODELAY=1 in its environment, and stopped by its process group.
# Every process started here is recorded in STARTED_PIDS and stopped by stop_all (the callers' EXIT trap).

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
HERE="$ROOT/bench/compare"
HELPER="$HERE/compare.py"
PY=$(command -v /usr/bin/python3 || command -v python3)
OSPREY_DLL="$ROOT/src/Osprey.Server/bin/Release/net10.0/osprey.dll"
BENCH_DLL="$ROOT/bench/Osprey.Benchmarks/bin/Release/net10.0/Osprey.Benchmarks.dll"
# Every receiver accepts PDUs of up to 128 KiB (DCMTK's maximum, Osprey's default), as in store.sh.
MAX_PDU=131072
STARTED_PIDS=()
SCRIPT_NAME=${SCRIPT_NAME:-$(basename "$0")}

log() { printf '[%(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() { echo "$SCRIPT_NAME: $*" >&2; exit 1; }
load1() { cut -d' ' -f1 /proc/loadavg; }
load3() { cut -d' ' -f1-3 /proc/loadavg; }
free_port() { "$PY" "$HELPER" port; }
fmt() { sed -E ':a; s/([0-9])([0-9]{3})($|,)/\1,\2\3/; ta' <<< "$1"; }  # 20000 -> 20,000

require_tools() {
    local tool
    for tool in "$@"; do
        command -v "$tool" >/dev/null || die "$tool not found (apt-get install -y dcmtk orthanc curl)"
    done
}

# Builds the server and the benchmark tool (Release), unless SKIP_BUILD=1.
build() { # log-file
    if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
        log "building (dotnet build -c Release: src/Osprey.Server, bench/Osprey.Benchmarks)"
        { (cd "$ROOT" && dotnet build -c Release src/Osprey.Server -nologo -v q && dotnet build -c Release bench/Osprey.Benchmarks -nologo -v q); } > "$1" 2>&1 || {
            tail -30 "$1" >&2
            die "build failed"
        }
    fi
    [[ -f "$OSPREY_DLL" ]] || die "$OSPREY_DLL missing (build first)"
    [[ -f "$BENCH_DLL" ]] || die "$BENCH_DLL missing (build first)"
}

# Stops one process started here (its process group: storescp children, dotnet's own) and waits for it.
stop_pid() { # pid
    local pid=$1 i
    [[ -n "$pid" ]] || return 0
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    for (( i = 0; i < 100; i++ )); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
        echo "$SCRIPT_NAME: pid $pid did not stop on SIGTERM; sending SIGKILL" >&2
        kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
    local kept=() p
    for p in "${STARTED_PIDS[@]}"; do [[ "$p" == "$pid" ]] || kept+=("$p"); done
    STARTED_PIDS=("${kept[@]}")
}

stop_all() {
    local pid
    for pid in "${STARTED_PIDS[@]}"; do stop_pid "$pid"; done
}

# Waits until the receiver answers C-ECHO (up to 60 s); fails with its log if it exits first.
wait_echo() { # name pid port ae log
    local i
    for (( i = 0; i < 300; i++ )); do
        if ! kill -0 "$2" 2>/dev/null; then
            echo "$SCRIPT_NAME: $1 exited during start-up; its log ($5):" >&2
            tail -30 "$5" >&2
            return 1
        fi
        if TCP_NODELAY=1 echoscu -aet BENCH -aec "$4" -to 2 127.0.0.1 "$3" >/dev/null 2>&1; then return 0; fi
        sleep 0.2
    done
    echo "$SCRIPT_NAME: $1 did not answer C-ECHO on 127.0.0.1:$3 within 60 s; its log ($5):" >&2
    tail -30 "$5" >&2
    return 1
}

# Osprey: `osprey serve` on a data directory (settings.json there, if any, is read), bound to
# 127.0.0.1. Sets OSPREY_PID and OSPREY_PORT.
start_osprey() { # data-dir log
    OSPREY_PORT=$(free_port)
    TCP_NODELAY=1 setsid dotnet "$OSPREY_DLL" serve --data "$1" --Dicom:TcpPort="$OSPREY_PORT" \
        --Dicom:BindAddress=127.0.0.1 --Dicom:StorageAeTitle=OSPREY --Dicom:MaxPduSize=$MAX_PDU \
        > "$2" 2>&1 < /dev/null &
    OSPREY_PID=$!
    STARTED_PIDS+=("$OSPREY_PID")
    wait_echo osprey "$OSPREY_PID" "$OSPREY_PORT" OSPREY "$2"
}

# Orthanc: Debian's package from its own config, as store.sh writes it (no plugins, SQLite index and
# file storage in the directory, compression off, HTTP on a free port for local requests only, so
# /statistics can be read), plus the Query/Retrieve permissions and the extra JSON members given
# (e.g. DicomModalities). Orthanc 1.10 listens on every interface (it has no bind-address setting).
# Sets ORTHANC_PID, ORTHANC_PORT and ORTHANC_HTTP.
start_orthanc() { # dir log [extra JSON members, each ending with a comma]
    ORTHANC_PORT=$(free_port)
    ORTHANC_HTTP=$(free_port)
    while [[ "$ORTHANC_HTTP" == "$ORTHANC_PORT" ]]; do ORTHANC_HTTP=$(free_port); done
    mkdir -p "$1"
    cat > "$1/config.json" <<EOF
{
  "Name": "osprey-compare",
  "StorageDirectory": "$1/storage",
  "IndexDirectory": "$1/index",
  "StorageCompression": false,
  "Plugins": [],
  "HttpServerEnabled": true,
  "HttpPort": $ORTHANC_HTTP,
  "RemoteAccessAllowed": false,
  "AuthenticationEnabled": false,
  "RegisteredUsers": {},
  "DicomServerEnabled": true,
  "DicomAet": "ORTHANC",
  "DicomPort": $ORTHANC_PORT,
  "DicomCheckCalledAet": false,
  "DicomAlwaysAllowStore": true,
  "DicomAlwaysAllowFind": true,
  "DicomAlwaysAllowMove": true,
  "DicomAlwaysAllowGet": true,
  ${3:-}
  "MaximumPduLength": $MAX_PDU
}
EOF
    TCP_NODELAY=1 setsid Orthanc "$1/config.json" > "$2" 2>&1 < /dev/null &
    ORTHANC_PID=$!
    STARTED_PIDS+=("$ORTHANC_PID")
    wait_echo orthanc "$ORTHANC_PID" "$ORTHANC_PORT" ORTHANC "$2"
}

orthanc_instances() {
    curl -sf "http://127.0.0.1:$ORTHANC_HTTP/statistics" | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["CountInstances"])'
}

osprey_instances() { # data-dir
    find "$1/storage" -type f -name '*.dcm' | wc -l
}

# Sends a directory with storescu (TCP_NODELAY=1, no -v, as store.sh) and prints the seconds taken;
# fails when storescu fails or logs an error.
send_dir() { # ae port dir log
    local t0 t1
    t0=$EPOCHREALTIME
    if ! TCP_NODELAY=1 storescu -aet BENCHLOAD -aec "$1" -xe +sd +r 127.0.0.1 "$2" "$3" > "$4" 2>&1; then
        echo "$SCRIPT_NAME: storescu to $1 failed; its log ($4):" >&2
        grep -v -E 'Sending file|Received Store Response \(Success\)' "$4" | head -20 >&2
        return 1
    fi
    t1=$EPOCHREALTIME
    if grep -q -E '^(E|F): ' "$4"; then
        echo "$SCRIPT_NAME: storescu to $1 logged errors ($4):" >&2
        grep -E '^(E|F): ' "$4" | head -20 >&2
        return 1
    fi
    awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.1f", b - a}'
}

# Waits until the file system has written back what came before (store.sh's quiet_disk): `sync`,
# then up to 30 s until Dirty + Writeback are under 8 MB, then 2 s.
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

machine_line() { # dir
    echo "$(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), $(awk '/MemTotal/ {printf "%.0f GB", $2 / 1048576}' /proc/meminfo) RAM, Linux $(uname -r), $(df -PT "$1" | awk 'NR == 2 {print $2}') on $(df -P "$1" | awk 'NR == 2 {print $1}')"
}

versions_line() {
    echo "Osprey (this working tree), $(Orthanc --version 2>/dev/null | awk 'NR == 1' || true), DCMTK $(storescp --version 2>/dev/null | awk 'NR == 1 {print $3}' || true)"
}

# Starts a run: START_ALL, LOAD_BEFORE, a fresh WORK directory (osprey-PREFIX.XXXXXX under TMPDIR), and
# the traps that stop everything started and remove WORK (kept with KEEP=1) however the script ends.
begin_run() { # prefix
    START_ALL=$EPOCHREALTIME
    LOAD_BEFORE=$(load3)
    WORK=$(mktemp -d "${TMPDIR:-/tmp}/osprey-$1.XXXXXX")
    trap cleanup EXIT
    trap 'echo "$SCRIPT_NAME: line $LINENO: a command failed (status $?)" >&2' ERR
    trap 'echo "$SCRIPT_NAME: interrupted" >&2; exit 130' INT
    trap 'echo "$SCRIPT_NAME: terminated" >&2; exit 143' TERM
}

cleanup() {
    stop_all
    if [[ "${KEEP:-0}" == 1 ]]; then echo "$SCRIPT_NAME: kept $WORK" >&2; else rm -rf "$WORK"; fi
}
