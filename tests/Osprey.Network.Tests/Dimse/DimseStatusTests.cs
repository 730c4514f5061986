using Osprey.Network.Dimse;

namespace Osprey.Network.Tests.Dimse;

public class DimseStatusTests
{
    [Theory]
    [InlineData(0x0000, DimseStatusCategory.Success)]
    [InlineData(0xFF00, DimseStatusCategory.Pending)]
    [InlineData(0xFF01, DimseStatusCategory.Pending)]
    [InlineData(0xFE00, DimseStatusCategory.Cancel)]
    [InlineData(0x0001, DimseStatusCategory.Warning)]
    [InlineData(0xB000, DimseStatusCategory.Warning)]
    [InlineData(0xB006, DimseStatusCategory.Warning)]
    [InlineData(0xB007, DimseStatusCategory.Warning)]
    [InlineData(0xBFFF, DimseStatusCategory.Warning)]
    [InlineData(0x0107, DimseStatusCategory.Warning)]
    [InlineData(0x0116, DimseStatusCategory.Warning)]
    [InlineData(0xA700, DimseStatusCategory.Failure)]
    [InlineData(0xA701, DimseStatusCategory.Failure)]
    [InlineData(0xA702, DimseStatusCategory.Failure)]
    [InlineData(0xA801, DimseStatusCategory.Failure)]
    [InlineData(0xA900, DimseStatusCategory.Failure)]
    [InlineData(0xC000, DimseStatusCategory.Failure)]
    [InlineData(0xCFFF, DimseStatusCategory.Failure)]
    [InlineData(0x0110, DimseStatusCategory.Failure)]
    [InlineData(0x0112, DimseStatusCategory.Failure)]
    [InlineData(0x0122, DimseStatusCategory.Failure)]
    [InlineData(0x0211, DimseStatusCategory.Failure)]
    [InlineData(0x0212, DimseStatusCategory.Failure)]
    [InlineData(0x0002, DimseStatusCategory.Failure)] // not assigned by PS3.7: taken as failure
    [InlineData(0xFF02, DimseStatusCategory.Failure)]
    [InlineData(0xFE01, DimseStatusCategory.Failure)]
    public void CategorizesAsPs37AnnexC(int status, DimseStatusCategory category)
        => Assert.Equal(category, DimseStatus.Categorize((ushort)status));

    [Fact]
    public void NamedCodesHaveTheirValues()
    {
        Assert.Equal(0xA700, DimseStatus.OutOfResources);
        Assert.Equal(0xA701, DimseStatus.OutOfResourcesUnableToCalculateNumberOfMatches);
        Assert.Equal(0xA702, DimseStatus.OutOfResourcesUnableToPerformSubOperations);
        Assert.Equal(0xA801, DimseStatus.MoveDestinationUnknown);
        Assert.Equal(0xA900, DimseStatus.DataSetDoesNotMatchSopClass);
        Assert.Equal(0xC000, DimseStatus.CannotUnderstand);
        Assert.Equal(0x0110, DimseStatus.ProcessingFailure);
        Assert.Equal(0x0112, DimseStatus.NoSuchSopInstance);
        Assert.Equal(0x0122, DimseStatus.SopClassNotSupported);
        Assert.Equal(0x0211, DimseStatus.UnrecognizedOperation);
        Assert.Equal(0x0212, DimseStatus.MistypedArgument);
    }

    [Fact]
    public void OnlyPendingIsNotFinal()
    {
        Assert.False(DimseStatus.IsFinal(DimseStatus.Pending));
        Assert.False(DimseStatus.IsFinal(DimseStatus.PendingWarning));
        Assert.True(DimseStatus.IsFinal(DimseStatus.Success));
        Assert.True(DimseStatus.IsFinal(DimseStatus.Cancel));
        Assert.True(DimseStatus.IsFinal(DimseStatus.CannotUnderstand));
    }
}
