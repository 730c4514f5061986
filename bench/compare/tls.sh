#!/usr/bin/env bash
# bench/compare/tls.sh: C-STORE over TLS against the plain port, side by side in one run: DCMTK
# storescu sends the same 0.5 MB CT instances on one association to a fresh Osprey, once to its TCP
# port and once to its TLS port (PS3.15 BCP 195 profile, mutual authentication with
# certificates this script makes with openssl and deletes), rounds interleaved. Target (issue 10):
# TLS at least 0.8x the plain rate. See bench/compare/README.md.
#
# Usage: bench/compare/tls.sh
# Environment (all optional):
#   COUNT=2000     instances (0.5 MB each) per run
#   ROUNDS=4       timed runs per port, in ABBA order (plain, TLS, TLS, plain, plain, TLS, …); the table
#                  shows the mean of each port's runs: the disk here gets slower as a run fills it (a
#                  0.5 MB run took 5 s first and 12 s sixth), and with an even number of rounds in ABBA
#                  order such a drift falls on both ports alike
#   WARMUP=200     40 KB instances every fresh server gets, untimed, on the port to be timed
#   SKIP_BUILD=1   do not build; KEEP=1 keep the temp dir
#   OUT=FILE       also write the report there; only a run with the default COUNT and ROUNDS >= 4
#                  replaces bench/compare/results-tls.md
# Exit status 0 when every run stored every instance; 1 otherwise (then no report is written).
set -Eeuo pipefail
SCRIPT_NAME=tls.sh
# shellcheck source=bench/compare/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

COUNT=${COUNT:-2000}
ROUNDS=${ROUNDS:-4}
WARMUP=${WARMUP:-200}
KEEP=${KEEP:-0}
require_tools storescu echoscu openssl dotnet

begin_run tls

build "$WORK/build.log"

# Certificates for this run only: a CA, a server certificate for 127.0.0.1, a client certificate.
CERTS="$WORK/certs"
mkdir -p "$CERTS"
(
    cd "$CERTS"
    openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 1 -subj "/CN=tls.sh CA"
    for who in server client; do
        openssl req -newkey rsa:2048 -nodes -keyout "$who.key" -out "$who.csr" -subj "/CN=$who"
        printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' > "$who.ext"
        openssl x509 -req -in "$who.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -out "$who.crt" -days 1 -extfile "$who.ext"
    done
) > "$WORK/certs.log" 2>&1 || { cat "$WORK/certs.log" >&2; die "openssl could not make the certificates"; }

dotnet "$BENCH_DLL" generate "$WORK/data" "$COUNT" 512K --studies 4 >&2 || die "generate failed"
(( WARMUP > 0 )) && { dotnet "$BENCH_DLL" generate "$WORK/warm" "$WARMUP" 40K --studies 1 >&2 || die "generate failed"; }
FILES=$(find "$WORK/data" -type f | wc -l)
BYTES=$(find "$WORK/data" -type f -printf '%s\n' | awk '{s += $1} END {printf "%d", s}')

RESULTS="$WORK/results.tsv"
: > "$RESULTS"
FAILED=0

run_one() { # plain|tls round
    local mode=$1 round=$2 dir="$WORK/run/$1-$2"
    mkdir -p "$dir"
    local tls_port
    tls_port=$(free_port)
    while [[ "$tls_port" == "${OSPREY_PORT:-}" ]]; do tls_port=$(free_port); done
    cat > "$dir/settings.json" <<JSON
{ "Dicom": { "TlsPort": $tls_port, "Tls": { "Certificate": "$CERTS/server.crt", "PrivateKey": "$CERTS/server.key",
  "TrustedCertificates": "$CERTS/ca.crt", "RequireClientCertificate": true } } }
JSON
    start_osprey "$dir" "$dir/server.log" || { FAILED=1; printf '%s\t%s\tFAILED\n' "$mode" "$round" >> "$RESULTS"; return 0; }
    local port=$OSPREY_PORT tls_args=()
    if [[ $mode == tls ]]; then port=$tls_port; tls_args=(+tls "$CERTS/client.key" "$CERTS/client.crt" +cf "$CERTS/ca.crt"); fi
    if (( WARMUP > 0 )); then
        TCP_NODELAY=1 storescu -aet WARMUP -aec OSPREY "${tls_args[@]}" -xe +sd +r 127.0.0.1 "$port" "$WORK/warm" > "$dir/warmup.log" 2>&1 \
            || { echo "$SCRIPT_NAME: warm-up on the $mode port failed:" >&2; tail -5 "$dir/warmup.log" >&2; FAILED=1; }
    fi
    quiet_disk
    local t0 t1 rc=0
    t0=$EPOCHREALTIME
    TCP_NODELAY=1 storescu -aet BENCH -aec OSPREY "${tls_args[@]}" -xe +sd +r 127.0.0.1 "$port" "$WORK/data" > "$dir/storescu.log" 2>&1 || rc=$?
    t1=$EPOCHREALTIME
    local stored status=OK seconds
    seconds=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f", b - a}')
    stored=$(osprey_instances "$dir")
    stop_pid "$OSPREY_PID"
    if (( rc != 0 )) || grep -q -E '^(E|F): ' "$dir/storescu.log" || [[ "$stored" != "$(( FILES + WARMUP ))" ]]; then
        status=FAILED
        FAILED=1
        echo "$SCRIPT_NAME: $mode round $round FAILED: storescu exit $rc, $stored instances stored of $(( FILES + WARMUP )); log $dir/storescu.log:" >&2
        grep -E '^(E|F): ' "$dir/storescu.log" | head -10 >&2 || true
    fi
    printf '%s\t%s\t%s\t%s\n' "$mode" "$round" "$seconds" "$status" >> "$RESULTS"
    log "$mode round $round: $status, $seconds s, $(awk -v f="$FILES" -v s="$seconds" 'BEGIN {printf "%.1f", f / s}') inst/s (load $(load1))"
}

for (( round = 1; round <= ROUNDS; round++ )); do
    if (( round % 2 == 1 )); then order="plain tls"; else order="tls plain"; fi
    for mode in $order; do run_one "$mode" "$round"; done
done

mean() { # mode
    awk -F'\t' -v m="$1" '$1 == m && $4 == "OK" {s += $3; n++} END {if (n == 0) print "0"; else printf "%.3f", s / n}' "$RESULTS"
}
PLAIN=$(mean plain)
TLS=$(mean tls)
ROW=$(awk -v f="$FILES" -v b="$BYTES" -v p="$PLAIN" -v t="$TLS" 'BEGIN {
    printf "| %d × 0.5 MB, 1 association | %.0f | %.1f | %.0f | %.1f | %.2fx |", f, f / p, b / 1e6 / p, f / t, b / 1e6 / t, p / t }')
ELAPSED=$(awk -v a="$START_ALL" -v b="$EPOCHREALTIME" 'BEGIN {printf "%.0f", b - a}')
PROTOCOL=$(grep -h -o -m1 'tls="[^"]*"' "$WORK"/run/tls-*/server.log 2>/dev/null | head -1 | sed 's/tls=//; s/"//g' || true)
REPORT="# C-STORE over TLS against the plain port

$(date -u '+%Y-%m-%d %H:%M UTC'); $(machine_line "$WORK").
Osprey (this working tree), DCMTK $(storescu --version 2>/dev/null | awk 'NR == 1 {print $3}' || true), OpenSSL $(openssl version | awk '{print $2}').
storescu -xe +sd +r (no -v), TCP_NODELAY=1; the TLS runs add \`+tls client.key client.crt +cf ca.crt\` (RSA 2048
certificates, mutual authentication: the server requires a client certificate); negotiated: ${PROTOCOL:-?}. Every run a fresh \`osprey serve\`
(empty archive, $WARMUP untimed 40 KB instances on the port to be timed), PDUs up to $MAX_PDU bytes; rounds
in ABBA order; means of $ROUNDS runs per port. Rates per second of storescu wall time. storescu does its own encryption on the same
2 cores, so the TLS row pays for both ends' crypto.

| row | plain inst/s | plain MB/s | TLS inst/s | TLS MB/s | TLS/plain |
|---|---:|---:|---:|---:|---:|
$ROW

Every run: $(awk -F'\t' '{printf "%s%s %s: %s s", (NR > 1 ? "; " : ""), $1, $2, $3}' "$RESULTS").
Whole run: ${ELAPSED} s. Load average (1, 5, 15 min) at the start: $LOAD_BEFORE; at the end: $(load3)."

echo
echo "$REPORT"
if (( FAILED )); then
    echo "$SCRIPT_NAME: SOME RUNS FAILED; no report written" >&2
    exit 1
fi
[[ -n "${OUT:-}" ]] && echo "$REPORT" > "$OUT"
if (( COUNT == 2000 && ROUNDS >= 4 )); then echo "$REPORT" > "$HERE/results-tls.md"; fi
