using Osprey.Dicom.Data;

namespace Osprey.Dicom.Tests.Data;

public class DicomValueTests
{
    [Theory]
    [InlineData("(0010,0010)", 0x00100010u)]
    [InlineData("0010,0010", 0x00100010u)]
    [InlineData("7FE00010", 0x7FE00010u)]
    public void Tags_parse_in_the_usual_spellings(string text, uint value)
    {
        Assert.True(DicomTag.TryParse(text, out var tag));
        Assert.Equal(value, tag.Value);
        Assert.Equal($"({value >> 16:X4},{value & 0xFFFF:X4})", tag.ToString());
    }

    [Fact]
    public void Private_tags_and_creators_are_told_apart()
    {
        Assert.True(new DicomTag(0x0009, 0x0010).IsPrivateCreator);
        Assert.True(new DicomTag(0x0009, 0x1001).IsPrivate);
        Assert.False(new DicomTag(0x0009, 0x1001).IsPrivateCreator);
        Assert.Equal(new DicomTag(0x0009, 0x0010), new DicomTag(0x0009, 0x1001).PrivateCreatorTag);
        Assert.False(new DicomTag(0x0010, 0x0010).IsPrivate);
    }

    [Fact]
    public void All_34_vrs_are_known_and_parse()
    {
        Assert.Equal(34, DicomVRInfo.All.Length);
        foreach (var vr in DicomVRInfo.All)
        {
            Assert.True(DicomVRInfo.TryParse(DicomVRInfo.ToText(vr), out var parsed));
            Assert.Equal(vr, parsed);
        }
        Assert.False(DicomVRInfo.TryParse("XX", out _));
    }

    [Fact]
    public void Person_names_split_into_component_groups_and_components()
    {
        var pn = DicomPersonName.Parse("Yamada^Tarou=山田^太郎=やまだ^たろう");
        Assert.Equal("Yamada", pn.FamilyName);
        Assert.Equal("Tarou", pn.GivenName);
        Assert.Equal("山田^太郎", pn.Ideographic);
        Assert.Equal("やまだ^たろう", pn.Phonetic);
        Assert.Equal("Yamada^Tarou=山田^太郎=やまだ^たろう", pn.ToString());
        Assert.Equal(["Smith", "", "", "Dr", ""], DicomPersonName.Components("Smith^^^Dr"));
    }

    [Fact]
    public void Dates_times_and_datetimes_parse_with_their_precision()
    {
        Assert.True(DicomDate.TryParse("20240229", out var d));
        Assert.Equal(new DateOnly(2024, 2, 29), d.ToDateOnly());
        Assert.True(DicomDate.TryParse("2024.02.29", out _));
        Assert.False(DicomDate.TryParse("20230229", out _));

        Assert.True(DicomTime.TryParse("1015", out var t));
        Assert.Equal((10, 15, 2), (t.Hour, t.Minute, t.Precision));
        Assert.True(DicomTime.TryParse("101530.25", out t));
        Assert.Equal(250000, t.Microsecond);
        Assert.False(DicomTime.TryParse("2561", out _));

        Assert.True(DicomDateTime.TryParse("20240101120000.5+0130", out var dt));
        Assert.Equal(new DateTime(2024, 1, 1, 12, 0, 0).AddMilliseconds(500), dt.Value);
        Assert.Equal(TimeSpan.FromMinutes(90), dt.UtcOffset);
        Assert.True(DicomDateTime.TryParse("2024", out dt));
        Assert.Equal(new DateTime(2024, 1, 1), dt.Value);
    }
}
