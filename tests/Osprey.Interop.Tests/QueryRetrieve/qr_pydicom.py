#!/usr/bin/python3
"""pydicom's side of the Query/Retrieve interop tests (Debian's python3-pydicom 2.3).

Everything here reads or writes DICOM with pydicom alone, so that what the tests expect and what
they check is independent of Osprey's own reader, writer and character set code.

  attrs OUT.json FILE...        the query attributes of each file as pydicom reads them (decoded text)
  synth TABLE.json OUTDIR       writes the synthetic instances described by TABLE.json
  queries OUT.json SPEC.json    writes C-FIND identifiers (query files for findscu) in their own
                                Specific Character Set, and reports the bytes of each text value
  responses OUT.json DIR...     reads every rsp*.dcm that findscu -X wrote into each DIR
  values A B                    compares two files element by element (values, not bytes); prints JSON

Absent attributes are left out of the JSON; present but empty ones are "". Multi-valued text is
joined with a backslash; person names are pydicom's str() of the decoded name.
"""

import array
import glob
import json
import os
import sys
import warnings

import pydicom
import pydicom.charset
import pydicom.datadict
import pydicom.dataelem
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.sequence import Sequence

warnings.simplefilter("ignore")

ATTRS = [
    "SpecificCharacterSet", "PatientID", "IssuerOfPatientID", "PatientName", "PatientBirthDate",
    "PatientSex", "StudyInstanceUID", "StudyDate", "StudyTime", "AccessionNumber", "StudyID",
    "StudyDescription", "ReferringPhysicianName", "SeriesInstanceUID", "Modality", "SeriesNumber",
    "SeriesDescription", "SOPInstanceUID", "SOPClassUID", "InstanceNumber", "AcquisitionDateTime",
]
CODE_ITEM = ["CodeValue", "CodingSchemeDesignator", "CodeMeaning"]


def text(elem):
    value = elem.value
    if value is None:
        return ""
    if isinstance(value, (list, pydicom.multival.MultiValue)):
        return "\\".join("" if v is None else str(v) for v in value)
    if isinstance(value, bytes):
        return value.decode("latin-1")
    return str(value)


def read_attrs(ds):
    out = {}
    for keyword in ATTRS:
        if keyword in ds:
            out[keyword] = text(ds[keyword])
    if "ProcedureCodeSequence" in ds:
        out["ProcedureCodeSequence"] = [
            {k: text(item[k]) for k in CODE_ITEM if k in item} for item in ds.ProcedureCodeSequence
        ]
    return out


def cmd_attrs(out_path, files):
    result = {}
    for path in files:
        try:
            ds = pydicom.dcmread(path, force=True, stop_before_pixels=True)
            ds.decode()
            entry = read_attrs(ds)
            meta = getattr(ds, "file_meta", None)
            if meta is not None and "TransferSyntaxUID" in meta:
                entry["TransferSyntaxUID"] = str(meta.TransferSyntaxUID)
            result[path] = entry
        except Exception as exc:  # noqa: BLE001 - every failure is reported per file
            result[path] = {"__error__": "%s: %s" % (type(exc).__name__, exc)}
    with open(out_path, "w", encoding="utf-8") as fh:
        json.dump(result, fh, ensure_ascii=False)


def cmd_synth(table_path, outdir):
    with open(table_path, encoding="utf-8") as fh:
        table = json.load(fh)
    os.makedirs(outdir, exist_ok=True)
    for inst in table:
        meta = FileMetaDataset()
        meta.MediaStorageSOPClassUID = inst["SOPClassUID"]
        meta.MediaStorageSOPInstanceUID = inst["SOPInstanceUID"]
        meta.TransferSyntaxUID = pydicom.uid.ExplicitVRLittleEndian
        meta.ImplementationClassUID = "1.2.826.0.1.3680043.9.7433.99"
        ds = Dataset()
        ds.file_meta = meta
        ds.is_little_endian = True
        ds.is_implicit_VR = False
        ds.SpecificCharacterSet = inst["SpecificCharacterSet"]
        for keyword, value in inst["Attributes"].items():
            setattr(ds, keyword, value)
        if inst.get("ProcedureCodeSequence") is not None:
            items = []
            for code in inst["ProcedureCodeSequence"]:
                item = Dataset()
                for k in CODE_ITEM:
                    if k in code:
                        setattr(item, k, code[k])
                items.append(item)
            ds.ProcedureCodeSequence = Sequence(items)
        pixels = inst.get("Pixels")
        if pixels:
            bits = 16 if pixels == "mono16" else 8
            ds.SamplesPerPixel = 1
            ds.PhotometricInterpretation = "MONOCHROME2"
            ds.Rows = 4
            ds.Columns = 4
            ds.BitsAllocated = bits
            ds.BitsStored = bits
            ds.HighBit = bits - 1
            ds.PixelRepresentation = 0
            seed = int(inst["Seed"])
            data = bytes((seed * 31 + i * 7) % 256 for i in range(16 * bits // 8))
            ds.PixelData = data
            ds["PixelData"].VR = "OW" if bits == 16 else "OB"
        ds.save_as(os.path.join(outdir, inst["File"]), write_like_original=False)


def cmd_queries(spec_path, out_path):
    with open(spec_path, encoding="utf-8") as fh:
        spec = json.load(fh)
    report = {}
    for query in spec:
        ds = Dataset()
        charset = query["SpecificCharacterSet"]
        ds.SpecificCharacterSet = charset
        for keyword, value in query["Keys"].items():
            setattr(ds, keyword, value)
        meta = FileMetaDataset()
        meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.2.2.1"
        meta.MediaStorageSOPInstanceUID = "1.2.826.0.1.3680043.9.7433.98.1"
        meta.TransferSyntaxUID = pydicom.uid.ExplicitVRLittleEndian
        ds.file_meta = meta
        ds.is_little_endian = True
        ds.is_implicit_VR = False
        ds.save_as(query["Path"], write_like_original=False)
        # Read the bytes back raw (no decoding): what findscu will send.
        raw = pydicom.dcmread(query["Path"], force=True)
        values = {}
        for keyword in query["Keys"]:
            item = raw.get_item(pydicom.datadict.tag_for_keyword(keyword))
            if item is not None and isinstance(item.value, (bytes, bytearray)):
                values[keyword] = bytes(item.value).hex()
        report[query["Path"]] = values
    with open(out_path, "w", encoding="utf-8") as fh:
        json.dump(report, fh)


TEXT_VRS = ("PN", "LO", "SH", "LT", "ST", "UT", "UC")


def single_valued_text(ds, encodings):
    """Text values of VM 1 decoded whole from their bytes. PS3.5 6.1.2.3: in multi-byte encodings (ISO 2022
    IR 87/149, GB18030) a byte 05/12 may be part of a character; only a single-byte 05/12 separates values,
    and a VM 1 attribute has no separator at all. pydicom 2.3 splits PN bytes at every 05/12 before decoding,
    so these values are decoded here, with pydicom's own decoder, without splitting."""
    out = {}
    for tag in list(ds.keys()):
        raw = ds.get_item(tag)
        if not isinstance(raw, pydicom.dataelem.RawDataElement) or raw.value is None:
            continue
        vr = raw.VR or pydicom.datadict.dictionary_VR(tag)
        if vr not in TEXT_VRS or pydicom.datadict.dictionary_VM(tag) != "1":
            continue
        delimiters = {0x5E, 0x3D} if vr == "PN" else set()
        out[tag] = pydicom.charset.decode_bytes(bytes(raw.value), encodings, delimiters).rstrip(" \x00")
    return out


def cmd_responses(out_path, dirs):
    result = {}
    for d in dirs:
        rows = []
        for path in sorted(glob.glob(os.path.join(d, "rsp*.dcm"))):
            try:
                ds = pydicom.dcmread(path, force=True)
                charset = ds.get_item(0x00080005)
                encodings = pydicom.charset.convert_encodings(
                    ds.SpecificCharacterSet if charset is not None and charset.value else "ISO_IR 6")
                whole = single_valued_text(ds, encodings)
                ds.decode()
                values = {}
                tags = []
                for elem in ds:
                    tags.append("%08X" % int(elem.tag))
                    if elem.VR == "SQ":
                        values[elem.keyword or str(elem.tag)] = [
                            {e.keyword: text(e) for e in item if e.VR != "SQ"} for item in elem.value
                        ]
                    elif elem.tag in whole:
                        values[elem.keyword or ("%08X" % int(elem.tag))] = whole[elem.tag]
                    else:
                        values[elem.keyword or ("%08X" % int(elem.tag))] = text(elem)
                rows.append({"File": os.path.basename(path), "Tags": tags, "Values": values})
            except Exception as exc:  # noqa: BLE001
                rows.append({"File": os.path.basename(path), "Error": "%s: %s" % (type(exc).__name__, exc)})
        result[d] = rows
    with open(out_path, "w", encoding="utf-8") as fh:
        json.dump(result, fh, ensure_ascii=False)


def comparable(ds, little, path=""):
    """Every element as (VR, value) by tag path, values decoded: OW as 16-bit words in the file's byte order."""
    out = {}
    for elem in ds:
        key = path + ("%08X" % int(elem.tag))
        if elem.VR == "SQ":
            out[key] = ("SQ", len(elem.value))
            for i, item in enumerate(elem.value):
                out.update(comparable(item, little, key + "[%d]." % i))
            continue
        value = elem.value
        if isinstance(value, (bytes, bytearray)):
            if elem.VR == "OW" and len(value) % 2 == 0:
                words = array.array("H", bytes(value))
                if little != (sys.byteorder == "little"):
                    words.byteswap()
                value = words.tolist()
            else:
                value = bytes(value).hex()
        elif isinstance(value, (list, pydicom.multival.MultiValue)):
            value = [str(v) for v in value]
        else:
            value = str(value)
        out[key] = (elem.VR, value)
    return out


def cmd_values(a, b):
    da = pydicom.dcmread(a)
    db = pydicom.dcmread(b)
    ca, cb = comparable(da, da.is_little_endian), comparable(db, db.is_little_endian)
    diffs = []
    for key in sorted(set(ca) | set(cb)):
        if ca.get(key) != cb.get(key):
            diffs.append({"Tag": key, "A": str(ca.get(key))[:200], "B": str(cb.get(key))[:200]})
    print(json.dumps({
        "A": str(da.file_meta.TransferSyntaxUID), "B": str(db.file_meta.TransferSyntaxUID),
        "Elements": len(ca), "Differences": diffs,
    }))


def main(argv):
    command, args = argv[0], argv[1:]
    if command == "attrs":
        cmd_attrs(args[0], args[1:])
    elif command == "synth":
        cmd_synth(args[0], args[1])
    elif command == "queries":
        cmd_queries(args[1], args[0])
    elif command == "responses":
        cmd_responses(args[0], args[1:])
    elif command == "values":
        cmd_values(args[0], args[1])
    else:
        sys.stderr.write("unknown command %s\n" % command)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
