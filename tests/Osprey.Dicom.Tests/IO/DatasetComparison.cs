using Osprey.Dicom.Data;
using Osprey.Dicom.Dictionary;

namespace Osprey.Dicom.Tests.IO;

/// <summary>
/// Compares a data set with its transcoded copy as a user would: the same elements (group lengths
/// aside, which the transcoder drops), the same VRs and the same values, numbers compared in one byte
/// order, sequences item by item.
/// </summary>
internal static class DatasetComparison
{
    /// <param name="vrMayBeLost">
    /// The data passed through Implicit VR, which carries no VR: elements the dictionary does not know
    /// (private ones) may come back as UN holding the little endian bytes, and an "OB or OW" element may
    /// come back as the other of the two.
    /// </param>
    public static List<string> Compare(DicomDataset expected, DicomDataset actual, bool vrMayBeLost, string path = "")
    {
        var differences = new List<string>();
        var expectedTags = expected.Select(e => e.Tag).Where(t => !t.IsGroupLength).ToList();
        var actualTags = actual.Select(e => e.Tag).ToList();
        foreach (var missing in expectedTags.Except(actualTags)) differences.Add($"{path}{missing}: missing");
        foreach (var extra in actualTags.Except(expectedTags).Where(t => !t.IsGroupLength)) differences.Add($"{path}{extra}: unexpected");
        foreach (var e in expected)
        {
            if (e.Tag.IsGroupLength || !actual.TryGet(e.Tag, out var a)) continue;
            var where = $"{path}{e.Tag}";
            bool vrLost = vrMayBeLost && a.VR == DicomVR.UN && e.VR != DicomVR.UN;
            // Pixel Data of 8-bit cells may be OW or OB (implicit VR says OW; the transcoder writes OB into big endian).
            bool alternative = (vrMayBeLost || e.Tag == DicomTags.PixelData)
                && DicomDictionary.Lookup(e.Tag) is { } entry && entry.VRs.Contains(e.VR) && entry.VRs.Contains(a.VR);
            if (e.VR != a.VR && !vrLost && !alternative)
                differences.Add($"{where}: VR {DicomVRInfo.ToText(e.VR)} became {DicomVRInfo.ToText(a.VR)}");
            switch (e, a)
            {
                case (DicomSequence se, DicomSequence sa):
                    if (se.Items.Count != sa.Items.Count) differences.Add($"{where}: {se.Items.Count} items became {sa.Items.Count}");
                    for (int i = 0; i < Math.Min(se.Items.Count, sa.Items.Count); i++)
                        differences.AddRange(Compare(se.Items[i], sa.Items[i], vrMayBeLost, $"{where}[{i}]/"));
                    break;
                case (DicomFragments, _) or (_, DicomFragments):
                    differences.Add($"{where}: encapsulated pixel data is not expected here");
                    break;
                case (DicomValueElement ve, DicomValueElement va):
                    var expectedBytes = LittleEndian(ve, expected);
                    // A UN that lost its VR holds the bytes as implicit VR wrote them: little endian, never swapped.
                    var actualBytes = vrLost ? va.Value.ToArray() : LittleEndian(va, actual);
                    if (!expectedBytes.AsSpan().SequenceEqual(actualBytes))
                        differences.Add($"{where}: value differs ({expectedBytes.Length} vs {actualBytes.Length} bytes)");
                    break;
                default:
                    differences.Add($"{where}: {e.GetType().Name} became {a.GetType().Name}");
                    break;
            }
        }
        return differences;
    }

    /// <summary>
    /// True when the data set has the form the transcoder writes when it re-encodes: no group length
    /// elements, and every sequence and item of undefined length.
    /// </summary>
    public static bool HasTranscodedForm(DicomDataset dataset) => dataset.All(e => !e.Tag.IsGroupLength) && dataset.OfType<DicomSequence>()
        .All(sq => sq.UndefinedLength && sq.Items.All(item => item.UndefinedLength && HasTranscodedForm(item)));

    /// <summary>
    /// The value's bytes in little endian order. Big endian Pixel Data of 32- or 64-bit cells holds
    /// whole cells in big endian order (as DCMTK writes it and pydicom reads it), whatever its OW says.
    /// </summary>
    private static byte[] LittleEndian(DicomValueElement v, DicomDataset dataset)
    {
        var bytes = v.Value.ToArray();
        if (!v.IsBigEndian) return bytes;
        int unit = DicomVRInfo.SwapUnit(v.VR);
        if (v.Tag == DicomTags.PixelData && v.VR == DicomVR.OW && dataset.GetInt64(DicomTags.BitsAllocated) is 32 or 64)
            unit = (int)dataset.GetInt64(DicomTags.BitsAllocated)!.Value / 8;
        ByteSwap.InPlace(bytes, unit);
        return bytes;
    }
}
