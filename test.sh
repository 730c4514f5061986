#!/usr/bin/env bash
# Builds Osprey and runs the whole test suite.
#
#   ./test.sh [FILTER]
#
# FILTER, if given, is passed to `dotnet test --filter` (e.g.
# "FullyQualifiedName~Interop").  Every Debian package any test uses is named
# in `peers` below, and only there; each is checked before the build, and
# installed when missing and we run as root (otherwise we stop and name them).
#
# The last line printed is always "N passed, N failed[, N skipped]" (counted
# from the TRX results) once tests have run; the exit status is non-zero if a
# test failed, no test ran, or `dotnet test` itself failed.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"
root_dir=$(pwd)

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# --- test peers -------------------------------------------------------------
# dcmtk: echoscu, storescu, findscu, movescu, getscu, storescp, dcmqrscp (built with OpenSSL: +tls)
# libgdcm-tools: gdcmscu.  python3-pydicom: the real files and an independent reader.
# python3-numpy: pydicom's pixel arrays (the transcoder tests).  openssl: s_client (TLS versions).
# chromium, chromium-driver: the real browser that drives the web page (Selenium, tests/.../Web/Browser).
peers=(dcmtk libgdcm-tools python3-pydicom python3-numpy openssl chromium chromium-driver)
missing=()
for pkg in "${peers[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
    if [[ "$status" != "install ok installed" ]]; then
        missing+=("$pkg")
    fi
done

if ((${#missing[@]} > 0)); then
    install_cmd="apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
    if [[ $(id -u) -eq 0 ]]; then
        echo "test.sh: installing missing test peers: ${missing[*]}"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update
        apt-get install -y --no-install-recommends "${missing[@]}"
    else
        echo "test.sh: missing test peer packages: ${missing[*]}" >&2
        echo "test.sh: install them as root with: $install_cmd" >&2
        exit 1
    fi
fi

# --- build ------------------------------------------------------------------
dotnet build -c Release Osprey.slnx

# --- test -------------------------------------------------------------------
results_dir="$root_dir/TestResults"
rm -rf "$results_dir"
mkdir -p "$results_dir"

test_args=(test Osprey.slnx -c Release --no-build
    --results-directory "$results_dir"
    # One TRX per test project (a fixed LogFileName would be shared by all).
    --logger "trx;LogFilePrefix=osprey"
    --logger "console;verbosity=minimal")
if (($# > 0)) && [[ -n "$1" ]]; then
    test_args+=(--filter "$1")
fi

set +e
dotnet "${test_args[@]}"
test_rc=$?
set -e

# Count results from every TRX written by this run.  A test is "passed",
# "skipped" (NotExecuted) or else "failed" (Failed, Error, Timeout, Aborted…).
summary=$(python3 - "$results_dir" <<'PY'
import glob, os, sys
import xml.etree.ElementTree as ET

passed = failed = skipped = 0
for path in glob.glob(os.path.join(sys.argv[1], "**", "*.trx"), recursive=True):
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        print(f"unreadable TRX {path}: {exc}", file=sys.stderr)
        failed += 1
        continue
    for el in root.iter():
        if el.tag.rsplit("}", 1)[-1] != "UnitTestResult":
            continue
        outcome = el.get("outcome", "")
        if outcome == "Passed":
            passed += 1
        elif outcome == "NotExecuted":
            skipped += 1
        else:
            failed += 1
print(passed, failed, skipped)
PY
)
read -r n_passed n_failed n_skipped <<<"$summary"

status=0
if ((test_rc != 0)); then
    echo "test.sh: dotnet test exited with status $test_rc" >&2
    status=1
fi
if ((n_failed > 0)); then
    status=1
fi
if ((n_passed + n_failed == 0)); then
    echo "test.sh: no test ran" >&2
    status=1
fi

line="$n_passed passed, $n_failed failed"
if ((n_skipped > 0)); then
    line+=", $n_skipped skipped"
fi
echo "$line"
exit "$status"
