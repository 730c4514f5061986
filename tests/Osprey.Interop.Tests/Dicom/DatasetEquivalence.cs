using Osprey.Dicom.Data;
using Osprey.Dicom.Dictionary;

namespace Osprey.Interop.Tests.Dicom;

/// <summary>
/// Compares two data sets as a user would: the same elements, the same VRs, the same values
/// (binary numbers compared in one byte order), sequences item by item.
/// </summary>
public static class DatasetEquivalence
{
    /// <param name="vrMayBeLost">
    /// The data passed through Implicit VR, which carries no VR: elements the dictionary does not
    /// know (private ones) may come back as UN with the same bytes.
    /// </param>
    public static List<string> Compare(DicomDataset expected, DicomDataset actual, bool vrMayBeLost, string path = "")
    {
        var differences = new List<string>();
        var expectedTags = expected.Select(e => e.Tag).ToList();
        var actualTags = actual.Select(e => e.Tag).ToList();
        foreach (var missing in expectedTags.Except(actualTags)) differences.Add($"{path}{missing}: missing");
        foreach (var extra in actualTags.Except(expectedTags)) differences.Add($"{path}{extra}: unexpected");
        foreach (var e in expected)
        {
            if (!actual.TryGet(e.Tag, out var a)) continue;
            var where = $"{path}{e.Tag}";
            bool vrLost = vrMayBeLost && a.VR == DicomVR.UN;
            // Implicit VR resolves "OB or OW" to OW (PS3.5 §A.1): either alternative is the same data.
            bool alternative = vrMayBeLost && DicomDictionary.Lookup(e.Tag) is { } entry && entry.VRs.Contains(e.VR) && entry.VRs.Contains(a.VR);
            if (e.VR != a.VR && !vrLost && !alternative && !(e is DicomSequence && a is DicomSequence))
                differences.Add($"{where}: VR {e.VR} became {a.VR}");
            switch (e, a)
            {
                case (DicomSequence se, DicomSequence sa):
                    if (se.Items.Count != sa.Items.Count) differences.Add($"{where}: {se.Items.Count} items became {sa.Items.Count}");
                    for (int i = 0; i < Math.Min(se.Items.Count, sa.Items.Count); i++)
                        differences.AddRange(Compare(se.Items[i], sa.Items[i], vrMayBeLost, $"{where}[{i}]/"));
                    break;
                case (DicomFragments fe, DicomFragments fa):
                    if (!fe.OffsetTable.ToArray().SequenceEqual(fa.OffsetTable.ToArray())) differences.Add($"{where}: offset table differs");
                    if (fe.Fragments.Count != fa.Fragments.Count) differences.Add($"{where}: fragment count differs");
                    else for (int i = 0; i < fe.Fragments.Count; i++)
                        if (!fe.Fragments[i].ToArray().SequenceEqual(fa.Fragments[i].ToArray())) differences.Add($"{where}: fragment {i} differs");
                    break;
                case (DicomValueElement ve, DicomValueElement va):
                    // A UN that lost its VR holds the bytes as the implicit VR encoding wrote them (little endian),
                    // never swapped again since UN has no numbers to swap.
                    var expectedBytes = LittleEndian(ve, DicomVRInfo.SwapUnit(e.VR));
                    var actualBytes = vrLost ? va.Value.ToArray() : LittleEndian(va, DicomVRInfo.SwapUnit(a.VR));
                    if (!expectedBytes.SequenceEqual(actualBytes))
                        differences.Add($"{where}: value differs");
                    break;
                default:
                    differences.Add($"{where}: {e.GetType().Name} became {a.GetType().Name}");
                    break;
            }
        }
        return differences;
    }

    private static byte[] LittleEndian(DicomValueElement v, int unit)
    {
        var bytes = v.Value.ToArray();
        if (v.IsBigEndian) ByteSwap.InPlace(bytes, unit);
        return bytes;
    }
}
