using System.Globalization;
using System.Reflection;
using Osprey.Dicom.Data;
using Osprey.Dicom.Dictionary;

namespace Osprey.Dicom.Tests.Dictionary;

public class DicomDictionaryTests
{
    [Fact]
    public void PatientNameIsPersonNameWithOneValue()
    {
        var e = DicomDictionary.Lookup(new DicomTag(0x0010, 0x0010));
        Assert.NotNull(e);
        Assert.Equal("PatientName", e.Keyword);
        Assert.Equal("Patient's Name", e.Name);
        Assert.Equal(DicomVR.PN, e.VR);
        Assert.Equal([DicomVR.PN], e.VRs);
        Assert.Equal("PN", e.VRText);
        Assert.Equal("1", e.VM);
        Assert.False(e.Retired);
        Assert.False(e.IsRepeatingGroup);
        Assert.Equal(0xFFFFFFFFu, e.Mask);
        Assert.Equal(DicomTags.PatientName, e.Tag);
    }

    [Fact]
    public void SmallestImagePixelValueHasBothVRsInRegistryOrder()
    {
        var e = DicomDictionary.Lookup(new DicomTag(0x0028, 0x0106));
        Assert.NotNull(e);
        Assert.Equal("SmallestImagePixelValue", e.Keyword);
        Assert.Equal([DicomVR.US, DicomVR.SS], e.VRs);
        Assert.Equal(DicomVR.US, e.VR);
        Assert.Equal("US or SS", e.VRText);
    }

    [Fact]
    public void GrayLookupTableDataHasThreeVRs()
    {
        var e = DicomDictionary.Lookup(new DicomTag(0x0028, 0x1200));
        Assert.NotNull(e);
        Assert.Equal([DicomVR.US, DicomVR.SS, DicomVR.OW], e.VRs);
    }

    [Fact]
    public void OverlayDataIsFoundInAnyOverlayGroup()
    {
        var e = DicomDictionary.Lookup(new DicomTag(0x6002, 0x3000));
        Assert.NotNull(e);
        Assert.Equal("OverlayData", e.Keyword);
        Assert.Equal([DicomVR.OB, DicomVR.OW], e.VRs);
        Assert.True(e.IsRepeatingGroup);
        Assert.Equal(new DicomTag(0x6000, 0x3000), e.Tag);
        Assert.Equal(0xFF00FFFFu, e.Mask);
        Assert.True(e.Matches(new DicomTag(0x601E, 0x3000)));
        Assert.False(e.Matches(new DicomTag(0x6002, 0x3001)));
        Assert.Same(e, DicomDictionary.Lookup(new DicomTag(0x6000, 0x3000)));
        Assert.Same(e, DicomDictionary.Lookup(new DicomTag(0x601E, 0x3000)));
        Assert.Equal("(60xx,3000) Overlay Data OB or OW VM 1", e.ToString());
        Assert.Equal(new DicomTag(0x6000, 0x3000), DicomTags.OverlayData);
    }

    [Fact]
    public void MasksFollowTheXDigits()
    {
        Assert.Equal(0xFFFF000Fu, DicomDictionary.LookupKeyword("EscapeTriplet")!.Mask);   // (1000,xxx0)
        Assert.Equal(0xFFFF0000u, DicomDictionary.LookupKeyword("ZonalMap")!.Mask);        // (1010,xxxx)
        Assert.Equal(0xFFFFFF00u, DicomDictionary.LookupKeyword("SourceImageIDs")!.Mask);  // (0020,31xx)
        Assert.Equal(0xFFFFFF0Fu, DicomDictionary.LookupKeyword("CodeLabel")!.Mask);       // (0028,08x0)
        Assert.Equal("EscapeTriplet", DicomDictionary.Lookup(new DicomTag(0x1000, 0x0120))?.Keyword);
        Assert.Equal("SourceImageIDs", DicomDictionary.Lookup(new DicomTag(0x0020, 0x31AB))?.Keyword);
    }

    [Fact]
    public void ExactEntriesWinOverRepeatingGroups()
    {
        Assert.Equal("PixelData", DicomDictionary.Lookup(new DicomTag(0x7FE0, 0x0010))?.Keyword);
        Assert.Equal("VariablePixelData", DicomDictionary.Lookup(new DicomTag(0x7F20, 0x0010))?.Keyword);
        Assert.Equal("TransformLabel", DicomDictionary.Lookup(new DicomTag(0x0028, 0x0400))?.Keyword);
        Assert.Equal("RowsForNthOrderCoefficients", DicomDictionary.Lookup(new DicomTag(0x0028, 0x0410))?.Keyword);
    }

    [Fact]
    public void CommandFieldIsUnsignedShort()
    {
        var e = DicomDictionary.Lookup(new DicomTag(0x0000, 0x0100));
        Assert.NotNull(e);
        Assert.Equal("CommandField", e.Keyword);
        Assert.Equal(DicomVR.US, e.VR);
        Assert.Equal("1", e.VM);
    }

    [Fact]
    public void ItemsAndDelimitersHaveNoVR()
    {
        foreach (var tag in new[] { DicomTag.Item, DicomTag.ItemDelimitationItem, DicomTag.SequenceDelimitationItem })
        {
            var e = DicomDictionary.Lookup(tag);
            Assert.NotNull(e);
            Assert.Empty(e.VRs);
            Assert.Equal(DicomVR.None, e.VR);
            Assert.Equal("", e.VRText);
        }
        Assert.Equal(DicomTag.Item, DicomTags.Item);
    }

    [Fact]
    public void PrivateCreatorsGetTheSynthesizedEntry()
    {
        var e = DicomDictionary.Lookup(new DicomTag(0x0009, 0x0010));
        Assert.NotNull(e);
        Assert.Same(DicomDictionary.PrivateCreatorEntry, e);
        Assert.Equal(DicomVR.LO, e.VR);
        Assert.Equal("PrivateCreator", e.Keyword);
        Assert.Equal("Private Creator", e.Name);
        Assert.Same(e, DicomDictionary.Lookup(new DicomTag(0x7FE1, 0x00FF)));
        Assert.Same(e, DicomDictionary.Lookup(new DicomTag(0x6001, 0x0010)));
    }

    [Fact]
    public void PrivateDataElementsAreUnknown()
    {
        Assert.Null(DicomDictionary.Lookup(new DicomTag(0x0009, 0x1001)));
        Assert.Null(DicomDictionary.Lookup(new DicomTag(0x0009, 0x0005)));
        Assert.Null(DicomDictionary.Lookup(new DicomTag(0x6001, 0x3000)));  // odd group: not an overlay
        Assert.Null(DicomDictionary.Lookup(new DicomTag(0x7F01, 0x1010)));
        // In an odd group (7F01,0010) is a private creator, not Variable Pixel Data (7Fxx,0010).
        Assert.Same(DicomDictionary.PrivateCreatorEntry, DicomDictionary.Lookup(new DicomTag(0x7F01, 0x0010)));
    }

    [Fact]
    public void UnlistedGroupLengthsGetTheSynthesizedEntry()
    {
        Assert.Equal("CommandGroupLength", DicomDictionary.Lookup(new DicomTag(0x0000, 0x0000))?.Keyword);
        Assert.Equal("FileMetaInformationGroupLength", DicomDictionary.Lookup(new DicomTag(0x0002, 0x0000))?.Keyword);
        foreach (var group in new ushort[] { 0x0008, 0x0010, 0x6000, 0x7FE0, 0x0009, 0x1000 })
        {
            var e = DicomDictionary.Lookup(new DicomTag(group, 0x0000));
            Assert.Same(DicomDictionary.GroupLengthEntry, e);
        }
        var g = DicomDictionary.GroupLengthEntry;
        Assert.Equal(DicomVR.UL, g.VR);
        Assert.Equal("GenericGroupLength", g.Keyword);
        Assert.Equal("Group Length", g.Name);
        Assert.True(g.Matches(new DicomTag(0x0018, 0x0000)));
    }

    [Fact]
    public void UnknownPublicTagsAreNull()
    {
        Assert.Null(DicomDictionary.Lookup(new DicomTag(0x0010, 0x0011)));
        Assert.Null(DicomDictionary.Lookup(new DicomTag(0x0000, 0x0005)));
        Assert.Null(DicomDictionary.Lookup(new DicomTag(0xFFFF, 0xFFFF)));
    }

    [Fact]
    public void LookupKeywordFindsTheTag()
    {
        var e = DicomDictionary.LookupKeyword("StudyInstanceUID");
        Assert.NotNull(e);
        Assert.Equal(new DicomTag(0x0020, 0x000D), e.Tag);
        Assert.Same(e, DicomDictionary.Lookup(e.Tag));
        Assert.Null(DicomDictionary.LookupKeyword("studyinstanceuid"));
        Assert.Null(DicomDictionary.LookupKeyword(""));
        Assert.Null(DicomDictionary.LookupKeyword("NoSuchKeyword"));
        Assert.Equal("OverlayData", DicomDictionary.LookupKeyword("OverlayData")?.Keyword);
    }

    [Fact]
    public void EntriesHaveOneEntryPerRegistryRow()
    {
        Assert.Equal(RegistryFiles.Elements.Count, DicomDictionary.Entries.Count);
        Assert.Equal(5277, DicomDictionary.Entries.Count);
        Assert.Equal(DicomDictionary.Entries.Count, DicomDictionary.Entries.Distinct().Count());
        Assert.DoesNotContain(DicomDictionary.PrivateCreatorEntry, DicomDictionary.Entries);
    }

    [Fact]
    public void EveryRegistryRowIsAnEntryWithTheSameFields()
    {
        var byTagAndMask = DicomDictionary.Entries.ToDictionary(e => (e.Tag.Value, e.Mask));
        foreach (var row in RegistryFiles.Elements)
        {
            var tagText = row.GetProperty("tag").GetString()!;
            uint tag = 0, mask = 0;
            foreach (var c in tagText)
            {
                tag <<= 4;
                mask <<= 4;
                if (c is 'x' or 'X') continue;
                tag |= uint.Parse(c.ToString(), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                mask |= 0xF;
            }
            Assert.True(byTagAndMask.TryGetValue((tag, mask), out var e), $"no entry for {tagText}");
            var vr = row.GetProperty("vr").GetString()!;
            Assert.Equal(vr is "NONE" or "" ? "" : vr, e.VRText);
            Assert.Equal(e.VRText, string.Join(" or ", e.VRs.Select(DicomVRInfo.ToText)));
            Assert.Equal(row.GetProperty("vm").GetString(), e.VM);
            Assert.Equal(row.GetProperty("name").GetString(), e.Name);
            Assert.Equal(row.GetProperty("keyword").GetString(), e.Keyword);
            Assert.Equal(row.GetProperty("retired").GetBoolean(), e.Retired);
            Assert.Equal(tagText.Contains('x', StringComparison.OrdinalIgnoreCase), e.IsRepeatingGroup);
        }
    }

    [Fact]
    public void EveryEntryRoundTripsThroughLookup()
    {
        var exactTags = DicomDictionary.Entries.Where(e => !e.IsRepeatingGroup).Select(e => e.Tag.Value).ToHashSet();
        foreach (var e in DicomDictionary.Entries)
        {
            if (!e.IsRepeatingGroup)
            {
                Assert.Same(e, DicomDictionary.Lookup(e.Tag));
                if (e.Keyword.Length > 0) Assert.Same(e, DicomDictionary.LookupKeyword(e.Keyword));
                continue;
            }
            // Fill every x digit with the same hex digit; skip the tags that something else owns:
            // an exact entry, a group length, or a private tag (odd group).
            int tested = 0;
            for (uint digit = 0; digit < 16; digit++)
            {
                uint fill = 0;
                for (int i = 0; i < 8; i++)
                {
                    if (((e.Mask >> (4 * i)) & 0xF) == 0) fill |= digit << (4 * i);
                }
                var tag = new DicomTag(e.Tag.Value | fill);
                if (exactTags.Contains(tag.Value) || tag.Element == 0 || tag.IsPrivate) continue;
                Assert.True(ReferenceEquals(e, DicomDictionary.Lookup(tag)), $"{tag} should give {e}, gave {DicomDictionary.Lookup(tag)}");
                tested++;
            }
            Assert.True(tested >= 4, $"{e}: only {tested} substituted tags tested");
            if (e.Keyword.Length > 0) Assert.Same(e, DicomDictionary.LookupKeyword(e.Keyword));
        }
    }

    [Fact]
    public void EveryDicomTagsMemberIsTheTagOfItsKeyword()
    {
        var properties = typeof(DicomTags).GetProperties(BindingFlags.Public | BindingFlags.Static);
        Assert.Equal(DicomDictionary.Entries.Count(e => e.Keyword.Length > 0), properties.Length);
        foreach (var p in properties)
        {
            var tag = (DicomTag)p.GetValue(null)!;
            var e = DicomDictionary.LookupKeyword(p.Name);
            Assert.NotNull(e);
            Assert.Equal(e.Tag, tag);
        }
    }

    [Fact]
    public void ConcurrentFirstUseSeesOneTable()
    {
        // Whatever thread builds the tables first, every caller gets the same entry objects.
        var results = new DicomDictionaryEntry?[8];
        Parallel.For(0, results.Length, i => results[i] = DicomDictionary.Lookup(DicomTags.PatientID));
        Assert.All(results, r => Assert.Same(results[0], r));
    }
}
