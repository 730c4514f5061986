using Osprey.Network.Dimse;

namespace Osprey.Network.Tests.Dimse;

public class DimseCommandFieldTests
{
    [Fact]
    public void EveryRequestButCancelHasTheResponseWithBit15Set()
    {
        var fields = Enum.GetValues<DimseCommandField>();
        foreach (var field in fields.Where(f => f.IsRequest() && f != DimseCommandField.CCancelRq))
        {
            var response = field.ResponseField();
            Assert.NotNull(response);
            Assert.Equal((ushort)field | 0x8000, (ushort)response!.Value);
            Assert.Contains(response.Value, fields);
            Assert.True(response.Value.IsResponse());
            Assert.False(response.Value.IsRequest());
        }
        Assert.Equal(11, fields.Count(f => f.IsResponse()));
        Assert.Equal(12, fields.Count(f => f.IsRequest()));
    }

    [Fact]
    public void CancelIsARequestWithoutResponse()
    {
        Assert.True(DimseCommandField.CCancelRq.IsRequest());
        Assert.False(DimseCommandField.CCancelRq.IsResponse());
        Assert.Null(DimseCommandField.CCancelRq.ResponseField());
    }

    [Theory]
    [InlineData(0x0002)]
    [InlineData(0x8002)]
    [InlineData(0x8FFF)]
    [InlineData(0xFFFF)]
    public void UndefinedValuesAreNeitherRequestNorResponse(int value)
    {
        var field = (DimseCommandField)value;
        Assert.False(field.IsRequest());
        Assert.False(field.IsResponse());
        Assert.False(field.IsDefined());
        Assert.Null(field.ResponseField());
        Assert.Equal($"command field {value:X4}H", field.ToText());
    }

    [Fact]
    public void ValuesAreThoseOfPs37AnnexE()
    {
        Assert.Equal(0x0001, (ushort)DimseCommandField.CStoreRq);
        Assert.Equal(0x8021, (ushort)DimseCommandField.CMoveRsp);
        Assert.Equal(0x0030, (ushort)DimseCommandField.CEchoRq);
        Assert.Equal(0x0150, (ushort)DimseCommandField.NDeleteRq);
        Assert.Equal(0x0FFF, (ushort)DimseCommandField.CCancelRq);
        Assert.Equal("N-EVENT-REPORT-RSP", DimseCommandField.NEventReportRsp.ToText());
    }
}
