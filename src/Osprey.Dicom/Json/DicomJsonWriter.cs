using System.Globalization;
using System.Text.Json;
using Osprey.Dicom.Data;
using Osprey.Dicom.IO;

namespace Osprey.Dicom.Json;

/// <summary>
/// Writes a data set as DICOM JSON (PS3.18 Annex F): an object keyed by the tags' eight hex digits,
/// each holding "vr" and then "Value" (strings, numbers, person name objects, items), "InlineBinary"
/// or "BulkDataURI". Text is decoded with the Specific Character Set in force.
/// </summary>
public static class DicomJsonWriter
{
    public static string Serialize(DicomDataset dataset, DicomJsonWriterOptions? options = null)
    {
        options ??= DicomJsonWriterOptions.Default;
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = options.Indented, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            Write(writer, dataset, options);
        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    public static void Write(Utf8JsonWriter writer, DicomDataset dataset, DicomJsonWriterOptions? options = null)
        => WriteDataset(writer, dataset, options ?? DicomJsonWriterOptions.Default, []);

    private static void WriteDataset(Utf8JsonWriter w, DicomDataset dataset, DicomJsonWriterOptions options, List<DicomTag> path)
    {
        w.WriteStartObject();
        foreach (var element in dataset)
        {
            w.WritePropertyName(element.Tag.ToJsonKey());
            w.WriteStartObject();
            w.WriteString("vr", DicomVRInfo.ToText(element.VR == DicomVR.None ? DicomVR.UN : element.VR));
            path.Add(element.Tag);
            switch (element)
            {
                case DicomSequence sq:
                    if (sq.Items.Count > 0)
                    {
                        w.WriteStartArray("Value");
                        foreach (var item in sq.Items) WriteDataset(w, item, options, path);
                        w.WriteEndArray();
                    }
                    break;
                case DicomFragments f:
                    WriteBinary(w, element, options, path, () => EncapsulatedBytes(f));
                    break;
                case DicomValueElement v:
                    WriteValue(w, v, dataset, options, path);
                    break;
            }
            path.RemoveAt(path.Count - 1);
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter w, DicomValueElement v, DicomDataset dataset, DicomJsonWriterOptions options, List<DicomTag> path)
    {
        if (v.Length == 0) return;
        switch (v.VR)
        {
            case DicomVR.OB or DicomVR.OD or DicomVR.OF or DicomVR.OL or DicomVR.OV or DicomVR.OW or DicomVR.UN or DicomVR.None:
                WriteBinary(w, v, options, path, () => LittleEndianBytes(v));
                return;
            case DicomVR.PN:
                w.WriteStartArray("Value");
                foreach (var name in v.GetStrings(dataset.CharacterSet))
                {
                    if (name.Length == 0) { w.WriteNullValue(); continue; }
                    var pn = DicomPersonName.Parse(name);
                    w.WriteStartObject();
                    if (pn.Alphabetic.Length > 0) w.WriteString("Alphabetic", pn.Alphabetic);
                    if (pn.Ideographic.Length > 0) w.WriteString("Ideographic", pn.Ideographic);
                    if (pn.Phonetic.Length > 0) w.WriteString("Phonetic", pn.Phonetic);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                return;
            case DicomVR.AT:
                w.WriteStartArray("Value");
                foreach (var t in v.GetTags()) w.WriteStringValue(t.ToJsonKey());
                w.WriteEndArray();
                return;
            case DicomVR.DS or DicomVR.IS:
                w.WriteStartArray("Value");
                foreach (var s in v.GetStrings())
                {
                    if (s.Length == 0) w.WriteNullValue();
                    else if (v.VR == DicomVR.IS && long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i)) w.WriteNumberValue(i);
                    else if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)) w.WriteNumberValue(d);
                    else w.WriteStringValue(s); // not a number: kept as text rather than lost
                }
                w.WriteEndArray();
                return;
            case DicomVR.US or DicomVR.SS or DicomVR.UL or DicomVR.SL or DicomVR.SV or DicomVR.UV or DicomVR.FL or DicomVR.FD:
                w.WriteStartArray("Value");
                int count = v.ValueMultiplicity;
                for (int i = 0; i < count; i++)
                {
                    switch (v.VR)
                    {
                        case DicomVR.UV: w.WriteNumberValue(v.ReadUInt64(i)); break;
                        case DicomVR.FL: w.WriteNumberValue(BitConverter.Int32BitsToSingle((int)v.ReadUInt32(i))); break;
                        case DicomVR.FD: WriteDouble(w, BitConverter.Int64BitsToDouble((long)v.ReadUInt64(i))); break;
                        default: w.WriteNumberValue(v.GetInt64(i)); break;
                    }
                }
                w.WriteEndArray();
                return;
            default:
                w.WriteStartArray("Value");
                foreach (var s in v.GetStrings(dataset.CharacterSet))
                {
                    if (s.Length == 0) w.WriteNullValue(); else w.WriteStringValue(s);
                }
                w.WriteEndArray();
                return;
        }
    }

    private static void WriteDouble(Utf8JsonWriter w, double d)
    {
        if (double.IsFinite(d)) w.WriteNumberValue(d);
        else w.WriteStringValue(d.ToString(CultureInfo.InvariantCulture)); // JSON has no NaN or infinity
    }

    private static void WriteBinary(Utf8JsonWriter w, DicomElement element, DicomJsonWriterOptions options, List<DicomTag> path, Func<byte[]> bytes)
    {
        long length = element is DicomFragments f ? f.Fragments.Sum(x => x.Length) + f.OffsetTable.Length : element.Length;
        if (options.BulkDataUri != null && length > options.BulkDataThreshold && options.BulkDataUri(path, element) is { } uri)
        {
            w.WriteString("BulkDataURI", uri);
            return;
        }
        w.WriteBase64String("InlineBinary", bytes());
    }

    /// <summary>Binary values are base64 of their little endian encoding (PS3.18 §F.2.7).</summary>
    private static byte[] LittleEndianBytes(DicomValueElement v)
    {
        var bytes = v.Value.ToArray();
        if (v.IsBigEndian) ByteSwap.InPlace(bytes, DicomVRInfo.SwapUnit(v.VR));
        return bytes;
    }

    /// <summary>Encapsulated pixel data inline: the item-encoded fragments as they stand in the value field.</summary>
    private static byte[] EncapsulatedBytes(DicomFragments f)
    {
        var ds = new DicomDataset([f]);
        using var ms = new MemoryStream();
        DicomDatasetWriter.Write(ds, ms, explicitVR: true, bigEndian: false);
        return ms.ToArray()[12..];
    }
}
