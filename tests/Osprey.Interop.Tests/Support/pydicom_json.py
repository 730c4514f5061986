#!/usr/bin/python3
"""Dump DICOM files as DICOM JSON (PS3.18 Annex F) using pydicom.

Usage: /usr/bin/python3 pydicom_json.py OUTDIR FILE...

For every FILE, writes OUTDIR/<basename>.json containing
``pydicom.dcmread(FILE, force=True).to_json_dict(...)``, or
``{"__error__": "<message>"}`` when pydicom fails on that file (at read
time or lazily while converting elements).  If two inputs share a basename,
later ones get ``<basename>~N.json``.  OUTDIR/index.json maps every input
path (as given) to the name of its result file, so callers need not guess.

Binary values (OB OD OF OL OV OW UN, "OB or OW", ...) are replaced by a
BulkDataURI marker "pydicom-bulk:length=N" so the output stays small; the
Osprey comparer only checks their presence and VR.

pydicom's configuration is left at its defaults (Debian's pydicom 2.3:
replace_un_with_known_vr=True, reading validation mode WARN): that is the
behaviour Osprey is compared against.  Warnings are silenced.

One process handles all files; the exit status is 0 unless the arguments
or OUTDIR are unusable (per-file failures are reported in the JSON).
"""

import json
import logging
import math
import os
import sys
import warnings

BULK_PREFIX = "pydicom-bulk:length="


def _bulk_marker(elem):
    try:
        length = len(elem.value)
    except Exception:  # pragma: no cover - defensive
        length = -1
    return BULK_PREFIX + str(length)


def _json_safe(node):
    """Replace NaN/Infinity floats (not valid JSON) by the strings that
    PS3.18 F.2.3.1 prescribes ("NaN", "Infinity", "-Infinity")."""
    if isinstance(node, float):
        if math.isnan(node):
            return "NaN"
        if math.isinf(node):
            return "Infinity" if node > 0 else "-Infinity"
        return node
    if isinstance(node, dict):
        return {k: _json_safe(v) for k, v in node.items()}
    if isinstance(node, (list, tuple)):
        return [_json_safe(v) for v in node]
    return node


def _convert(path):
    import pydicom

    ds = pydicom.dcmread(path, force=True)
    # threshold 0: every non-empty binary value goes through the handler,
    # which returns a short marker instead of the base64 payload.
    result = ds.to_json_dict(
        bulk_data_threshold=0,
        bulk_data_element_handler=_bulk_marker,
    )
    # Serialise here so that anything not JSON-able counts as a per-file error.
    return json.dumps(_json_safe(result), ensure_ascii=False, allow_nan=False)


def main(argv):
    if len(argv) < 2:
        sys.stderr.write("usage: pydicom_json.py OUTDIR FILE...\n")
        return 2
    outdir = argv[0]
    os.makedirs(outdir, exist_ok=True)

    warnings.simplefilter("ignore")
    logging.getLogger("pydicom").setLevel(logging.CRITICAL + 1)

    used = {"index.json"}
    index = {}
    for path in argv[1:]:
        base = os.path.basename(path)
        name = base + ".json"
        n = 1
        while name in used:
            name = "%s~%d.json" % (base, n)
            n += 1
        used.add(name)
        index[path] = name

        try:
            text = _convert(path)
        except BaseException as exc:  # noqa: B902 - record every failure
            if isinstance(exc, KeyboardInterrupt):
                raise
            message = "%s: %s" % (type(exc).__name__, exc)
            text = json.dumps({"__error__": message}, ensure_ascii=False)
        with open(os.path.join(outdir, name), "w", encoding="utf-8") as fh:
            fh.write(text)

    with open(os.path.join(outdir, "index.json"), "w", encoding="utf-8") as fh:
        json.dump(index, fh, ensure_ascii=False, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
