using System.Text;
using Osprey.Dicom.Data;
using Osprey.Dicom.Text;
using T = Osprey.Dicom.Dictionary.DicomTags;

namespace Osprey.Archive.Query;

/// <summary>
/// Encodes a planned response identifier in one character set (PS3.4 C.4.1.1.3.2: the SCP may answer in
/// another Specific Character Set than the request's): the preferred one when it can represent every text
/// value, else UTF-8 ("ISO_IR 192", PS3.3 C.12.1.1.2), which represents all. Specific Character Set
/// (0008,0005) is included when the response uses more than the default repertoire or the request had one.
/// </summary>
internal static class ResponseEncoding
{
    public const string Utf8 = "ISO_IR 192";

    public static DicomDataset Encode(IReadOnlyList<ResponseNode> nodes, string? preferred, bool requestHadCharacterSet)
    {
        var texts = new List<ResponseText>();
        Collect(nodes, texts);
        bool allAscii = texts.All(t => Ascii.IsValid(t.Text));

        string? chosen = Choose(preferred, texts, allAscii);
        var charset = chosen is null ? DicomCharacterSet.Default : DicomCharacterSet.FromSpecificCharacterSet(chosen);

        var dataset = new DicomDataset();
        if (chosen is not null && (!allAscii || requestHadCharacterSet))
            dataset.AddOrUpdate(T.SpecificCharacterSet, DicomVR.CS, chosen.Split('\\'));
        Write(dataset, nodes, charset);
        return dataset;
    }

    /// <summary>The Specific Character Set value to answer in, or null for the default repertoire.</summary>
    private static string? Choose(string? preferred, List<ResponseText> texts, bool allAscii)
    {
        if (preferred is not null)
        {
            var charset = DicomCharacterSet.FromSpecificCharacterSet(preferred);
            // A value Osprey had to repair is answered with the terms it actually used.
            string value = charset.Warnings.Count == 0 ? preferred : charset.SpecificCharacterSet;
            if (value.Trim('\\', ' ').Length == 0 || charset.IsDefault) return allAscii ? null : Utf8;
            var problems = new List<string>();
            foreach (var text in texts)
            {
                charset.Encode(text.Text, text.VR, problems);
                if (problems.Count > 0) return Utf8;
            }
            return value;
        }
        return allAscii ? null : Utf8;
    }

    private static void Collect(IReadOnlyList<ResponseNode> nodes, List<ResponseText> texts)
    {
        foreach (var node in nodes)
        {
            if (node is ResponseText text) texts.Add(text);
            else if (node is ResponseSequence sequence)
                foreach (var item in sequence.Items) Collect(item, texts);
        }
    }

    private static void Write(DicomDataset dataset, IReadOnlyList<ResponseNode> nodes, DicomCharacterSet charset)
    {
        foreach (var node in nodes)
        {
            switch (node)
            {
                case ResponseText text:
                    dataset.AddOrUpdate(new DicomValueElement(text.Tag, text.VR, Padded(charset.Encode(text.Text, text.VR), text.VR)));
                    break;
                case ResponseBytes bytes:
                    dataset.AddOrUpdate(new DicomValueElement(bytes.Tag, bytes.VR, bytes.Value, bytes.BigEndian));
                    break;
                case ResponseSequence sequence:
                    var items = new List<DicomDataset>();
                    foreach (var itemNodes in sequence.Items)
                    {
                        var item = new DicomDataset();
                        Write(item, itemNodes, charset);
                        items.Add(item);
                    }
                    dataset.AddOrUpdate(new DicomSequence(sequence.Tag, items));
                    break;
            }
        }
    }

    /// <summary>Pads to even length with the VR's padding byte (PS3.5 §7.1.1).</summary>
    private static byte[] Padded(byte[] bytes, DicomVR vr)
    {
        if ((bytes.Length & 1) == 0) return bytes;
        Array.Resize(ref bytes, bytes.Length + 1);
        bytes[^1] = DicomVRInfo.PaddingByte(vr);
        return bytes;
    }
}
