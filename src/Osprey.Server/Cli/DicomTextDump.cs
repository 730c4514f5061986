using System.Globalization;
using System.Text;
using Osprey.Dicom.Data;
using Osprey.Dicom.Dictionary;

namespace Osprey.Server.Cli;

/// <summary>
/// An indented text listing of a file, one element a line — tag, VR, value, length, multiplicity
/// and keyword — in the manner of DCMTK's dcmdump, so administrators can read it side by side.
/// </summary>
public static class DicomTextDump
{
    private const int MaxValueChars = 64;

    public static void Write(DicomFile file, TextWriter output)
    {
        output.WriteLine("# Dicom-File-Format");
        output.WriteLine();
        output.WriteLine("# Dicom-Meta-Information-Header");
        output.WriteLine($"# Used TransferSyntax: Little Endian Explicit");
        WriteDataset(file.FileMetaInformation, output, 0);
        output.WriteLine();
        output.WriteLine("# Dicom-Data-Set");
        output.WriteLine($"# Used TransferSyntax: {file.TransferSyntax.Name}");
        WriteDataset(file.Dataset, output, 0);
    }

    public static void WriteDataset(DicomDataset dataset, TextWriter output, int depth)
    {
        var indent = new string(' ', depth * 2);
        foreach (var element in dataset)
        {
            string keyword = Keyword(dataset, element.Tag);
            string vr = DicomVRInfo.ToText(element.VR);
            switch (element)
            {
                case DicomSequence sq:
                    output.WriteLine($"{indent}{element.Tag} SQ (Sequence with {(sq.UndefinedLength ? "undefined" : "explicit")} length #={sq.Items.Count}) # {keyword}");
                    foreach (var item in sq.Items)
                    {
                        output.WriteLine($"{indent}  (FFFE,E000) na (Item with {(item.UndefinedLength ? "undefined" : "explicit")} length #={item.Count})");
                        WriteDataset(item, output, depth + 2);
                        if (item.UndefinedLength) output.WriteLine($"{indent}  (FFFE,E00D) na (ItemDelimitationItem)");
                    }
                    if (sq.UndefinedLength) output.WriteLine($"{indent}(FFFE,E0DD) na (SequenceDelimitationItem)");
                    break;
                case DicomFragments f:
                    output.WriteLine($"{indent}{element.Tag} {vr} (PixelSequence #={f.Fragments.Count + 1}) # {keyword}");
                    output.WriteLine($"{indent}  (FFFE,E000) pi (offset table, {f.OffsetTable.Length} bytes)");
                    foreach (var frag in f.Fragments) output.WriteLine($"{indent}  (FFFE,E000) pi (fragment, {frag.Length} bytes)");
                    output.WriteLine($"{indent}(FFFE,E0DD) na (SequenceDelimitationItem)");
                    break;
                case DicomValueElement v:
                    output.WriteLine($"{indent}{element.Tag} {vr} {Value(v, dataset)}".PadRight(60 + indent.Length) + $" # {v.Length,4}, {v.ValueMultiplicity} {keyword}");
                    break;
            }
        }
    }

    private static string Keyword(DicomDataset dataset, DicomTag tag)
    {
        if (DicomDictionary.Lookup(tag) is { } entry) return entry.Keyword;
        if (dataset.GetPrivateCreator(tag) is { } creator) return $"Private [{creator}]";
        return "Unknown";
    }

    private static string Value(DicomValueElement v, DicomDataset dataset)
    {
        if (v.Length == 0) return "(no value)";
        if (!v.Value.IsInMemory) return $"(bulk data, {v.Length} bytes at offset {v.Value.Bulk!.Offset})";
        string text;
        switch (v.VR)
        {
            case DicomVR.US or DicomVR.SS or DicomVR.UL or DicomVR.SL or DicomVR.SV or DicomVR.UV or DicomVR.FL or DicomVR.FD:
                text = string.Join('\\', Enumerable.Range(0, v.ValueMultiplicity).Select(i =>
                    v.VR is DicomVR.FL or DicomVR.FD ? v.GetDouble(i).ToString(CultureInfo.InvariantCulture) : v.GetInt64(i).ToString(CultureInfo.InvariantCulture)));
                break;
            case DicomVR.AT:
                text = string.Join('\\', v.GetTags().Select(t => t.ToString()));
                break;
            case DicomVR.OB or DicomVR.OW or DicomVR.OD or DicomVR.OF or DicomVR.OL or DicomVR.OV or DicomVR.UN or DicomVR.None:
                var bytes = v.Value.Memory.Span;
                var sb = new StringBuilder();
                for (int i = 0; i < Math.Min(bytes.Length, 16); i++) sb.Append(i == 0 ? "" : "\\").Append(bytes[i].ToString("x2", CultureInfo.InvariantCulture));
                if (bytes.Length > 16) sb.Append("...");
                return sb.ToString();
            default:
                text = "[" + v.GetString(dataset.CharacterSet) + "]";
                break;
        }
        return text.Length > MaxValueChars ? text[..MaxValueChars] + "..." : text;
    }
}
