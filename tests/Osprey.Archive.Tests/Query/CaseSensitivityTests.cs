using Osprey.Archive.Query;
using Osprey.Dicom.Data;
using Osprey.Dicom.Dictionary;
using static Osprey.Archive.Tests.Query.QueryTestData;

namespace Osprey.Archive.Tests.Query;

/// <summary>
/// Osprey's "Case sensitivity" setting: off (the default), every text comparison ignores case, letters beyond
/// ASCII included, folded the way the index folds (IndexTextFolding); on, text compares exactly, as PS3.4
/// C.2.2.2.1 and C.2.2.2.4 require for every VR but PN.
/// </summary>
public class CaseSensitivityTests
{
    [Theory]
    // query, stored, matches when case-insensitive, matches when case-sensitive
    [InlineData("müller", "MÜLLER", true, false)]
    [InlineData("MÜLLER", "Müller", true, false)]
    [InlineData("Müller", "Müller", true, true)]
    [InlineData("straße", "STRAßE", true, false)] // ß has no simple upper case: it folds to itself
    [InlineData("οδυσσεύς", "ΟΔΥΣΣΕΎΣ", true, false)] // final sigma ς and σ both fold to Σ
    [InlineData("διονυσιος", "Διονυσιος", true, false)]
    [InlineData("люксембург", "ЛЮКСЕМБУРГ", true, false)]
    [InlineData("élodie", "ÉLODIE", true, false)]
    [InlineData("mül*", "MÜLLER^HANS", true, false)]
    [InlineData("*ЕМБ*", "Люксембург", true, false)]
    [InlineData("m?ller", "MÜLLER", true, false)]
    [InlineData("mueller", "MÜLLER", false, false)] // folding is case only, not transliteration
    public void Person_names(string query, string stored, bool insensitive, bool sensitive)
    {
        Assert.Equal(insensitive, Matches(DicomTags.PatientName, query, stored, CaseInsensitive));
        Assert.Equal(sensitive, Matches(DicomTags.PatientName, query, stored, CaseSensitive));
    }

    [Theory]
    [InlineData(0x00081030u, "ct abdomen", "CT ABDOMEN")] // LO
    [InlineData(0x00080060u, "ct", "CT")] // CS
    [InlineData(0x00080050u, "acc-1", "ACC-1")] // SH
    [InlineData(0x00081030u, "ΘΏΡΑΚΑΣ", "θώρακας")]
    public void Every_text_vr(uint tag, string query, string stored)
    {
        Assert.True(Matches(new DicomTag(tag), query, stored, CaseInsensitive));
        Assert.False(Matches(new DicomTag(tag), query, stored, CaseSensitive));
    }

    [Fact]
    public void Folding_works_across_character_sets()
    {
        // Stored in ISO 8859-1 (the bytes of pydicom's chrGerm.dcm), asked for in UTF-8 lower case.
        var entity = new DicomDataset();
        entity.AddOrUpdate(DicomTags.SpecificCharacterSet, "ISO_IR 100");
        entity.AddOrUpdate(Raw(DicomTags.PatientName, DicomVR.PN, [0xC4, 0x6E, 0x65, 0x61, 0x73, 0x5E, 0x52, 0xFC, 0x64, 0x69, 0x67, 0x65, 0x72]));
        Assert.True(QueryMatcher.Matches(Key(DicomTags.PatientName, "äneas^rüdiger"), entity, CaseInsensitive));
        Assert.False(QueryMatcher.Matches(Key(DicomTags.PatientName, "äneas^rüdiger"), entity, CaseSensitive));

        // Stored in ISO 8859-7 (chrGreek.dcm), asked for in upper case.
        var greek = new DicomDataset();
        greek.AddOrUpdate(DicomTags.SpecificCharacterSet, "ISO_IR 126");
        greek.AddOrUpdate(Raw(DicomTags.PatientName, DicomVR.PN, [0xC4, 0xE9, 0xEF, 0xED, 0xF5, 0xF3, 0xE9, 0xEF, 0xF2]));
        Assert.True(QueryMatcher.Matches(Key(DicomTags.PatientName, "ΔΙΟΝΥΣΙΟΣ"), greek, CaseInsensitive));
    }
}
