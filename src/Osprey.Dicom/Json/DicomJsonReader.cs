using System.Buffers.Binary;
using System.Globalization;
using System.Text.Json;
using Osprey.Dicom.Data;

namespace Osprey.Dicom.Json;

/// <summary>
/// Reads DICOM JSON (PS3.18 Annex F) into a data set. Values are encoded in Explicit VR Little
/// Endian form; text with the data set's Specific Character Set (0008,0005), which sorts first
/// and so is in place before any text is encoded. A BulkDataURI is resolved by the caller's
/// function, or rejected when there is none.
/// </summary>
public static class DicomJsonReader
{
    public static DicomDataset Parse(string json, Func<string, DicomValue>? resolveBulkData = null)
    {
        using var doc = JsonDocument.Parse(json);
        return ReadDataset(doc.RootElement, null, resolveBulkData);
    }

    public static DicomDataset Read(JsonElement root, Func<string, DicomValue>? resolveBulkData = null)
        => ReadDataset(root, null, resolveBulkData);

    private static DicomDataset ReadDataset(JsonElement obj, DicomDataset? parent, Func<string, DicomValue>? resolve)
    {
        if (obj.ValueKind != JsonValueKind.Object) throw new FormatException($"a DICOM JSON data set must be an object, not {obj.ValueKind}");
        var dataset = new DicomDataset { ParentDataset = parent };
        foreach (var property in obj.EnumerateObject().OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase))
        {
            if (!DicomTag.TryParse(property.Name, out var tag)) throw new FormatException($"'{property.Name}' is not a tag");
            var attr = property.Value;
            if (!attr.TryGetProperty("vr", out var vrText) || !DicomVRInfo.TryParse(vrText.GetString(), out var vr))
                throw new FormatException($"{tag} has no valid \"vr\"");
            dataset.AddOrUpdate(ReadElement(tag, vr, attr, dataset, resolve));
        }
        return dataset;
    }

    private static DicomElement ReadElement(DicomTag tag, DicomVR vr, JsonElement attr, DicomDataset dataset, Func<string, DicomValue>? resolve)
    {
        if (attr.TryGetProperty("InlineBinary", out var inline))
            return new DicomValueElement(tag, vr, inline.GetBytesFromBase64());
        if (attr.TryGetProperty("BulkDataURI", out var uri))
        {
            if (resolve == null) throw new FormatException($"{tag} refers to bulk data at {uri.GetString()} and no resolver was given");
            return new DicomValueElement(tag, vr, resolve(uri.GetString() ?? ""));
        }
        attr.TryGetProperty("Value", out var values);
        bool has = values.ValueKind == JsonValueKind.Array;
        if (vr == DicomVR.SQ)
        {
            var sq = new DicomSequence(tag);
            if (has)
                foreach (var item in values.EnumerateArray()) sq.Add(ReadDataset(item, dataset, resolve));
            return sq;
        }
        if (!has) return new DicomValueElement(tag, vr, ReadOnlyMemory<byte>.Empty);

        var scratch = new DicomDataset { ParentDataset = dataset };
        switch (vr)
        {
            case DicomVR.PN:
                return scratch.AddOrUpdate(tag, vr, values.EnumerateArray().Select(PersonName).ToArray());
            case DicomVR.AT:
                {
                    var list = values.EnumerateArray().Select(v => DicomTag.TryParse(v.GetString(), out var t) ? t : throw new FormatException($"{tag}: '{v}' is not a tag")).ToArray();
                    var bytes = new byte[list.Length * 4];
                    for (int i = 0; i < list.Length; i++)
                    {
                        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(i * 4), list[i].Group);
                        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(i * 4 + 2), list[i].Element);
                    }
                    return new DicomValueElement(tag, vr, bytes);
                }
            case DicomVR.US: return scratch.AddOrUpdate(tag, vr, values.EnumerateArray().Select(v => (ushort)v.GetInt64()).ToArray());
            case DicomVR.SS: return scratch.AddOrUpdate(tag, vr, values.EnumerateArray().Select(v => (short)v.GetInt64()).ToArray());
            case DicomVR.UL: return scratch.AddOrUpdate(tag, vr, values.EnumerateArray().Select(v => (uint)v.GetInt64()).ToArray());
            case DicomVR.SL: return scratch.AddOrUpdate(tag, vr, values.EnumerateArray().Select(v => (int)v.GetInt64()).ToArray());
            case DicomVR.SV: return scratch.AddOrUpdate(tag, vr, values.EnumerateArray().Select(v => v.GetInt64()).ToArray());
            case DicomVR.UV: return scratch.AddOrUpdate(tag, vr, values.EnumerateArray().Select(v => v.GetUInt64()).ToArray());
            case DicomVR.FL: return scratch.AddOrUpdate(tag, vr, values.EnumerateArray().Select(v => (float)Number(v)).ToArray());
            case DicomVR.FD: return scratch.AddOrUpdate(tag, vr, values.EnumerateArray().Select(Number).ToArray());
            default:
                return scratch.AddOrUpdate(tag, vr, values.EnumerateArray().Select(Text).ToArray());
        }
    }

    private static double Number(JsonElement v) => v.ValueKind == JsonValueKind.String
        ? double.Parse(v.GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture)
        : v.GetDouble();

    /// <summary>Strings as they are; numbers (DS, IS) in their JSON spelling; null as an empty value.</summary>
    private static string Text(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.Null => "",
        JsonValueKind.String => v.GetString()!,
        JsonValueKind.Number => v.GetRawText(),
        _ => throw new FormatException($"unexpected {v.ValueKind} in a string value"),
    };

    private static string PersonName(JsonElement v)
    {
        if (v.ValueKind == JsonValueKind.Null) return "";
        if (v.ValueKind == JsonValueKind.String) return v.GetString()!;
        string Group(string name) => v.TryGetProperty(name, out var g) ? g.GetString() ?? "" : "";
        return new DicomPersonName(Group("Alphabetic"), Group("Ideographic"), Group("Phonetic")).ToString();
    }
}
