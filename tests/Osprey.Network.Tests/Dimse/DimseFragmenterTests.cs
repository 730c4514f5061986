using System.Runtime.InteropServices;
using Osprey.Network.Dimse;
using Osprey.Network.Pdu;

namespace Osprey.Network.Tests.Dimse;

public class DimseFragmenterTests
{
    private static byte[] Message(int length)
    {
        var bytes = new byte[length];
        for (int i = 0; i < length; i++) bytes[i] = (byte)(i * 7 + i / 256);
        return bytes;
    }

    [Fact]
    public void SplitsAtMaxPduLessSix()
    {
        var message = Message(100_000);

        var pdvs = DimseFragmenter.Fragment(5, isCommand: false, message, 16384).ToList();

        Assert.Equal(7, pdvs.Count); // 6 × 16378 + 1732
        for (int i = 0; i < pdvs.Count - 1; i++)
        {
            Assert.Equal(16378, pdvs[i].Data.Length);
            Assert.False(pdvs[i].IsLastFragment);
        }
        Assert.Equal(100_000 - 6 * 16378, pdvs[^1].Data.Length);
        Assert.True(pdvs[^1].IsLastFragment);
        Assert.All(pdvs, p => Assert.Equal(5, p.PresentationContextId));
        Assert.All(pdvs, p => Assert.False(p.IsCommand));
        Assert.Equal(message, pdvs.SelectMany(p => p.Data.ToArray()).ToArray());
    }

    [Fact]
    public void FragmentsAreSlicesOfTheMessage()
    {
        var message = Message(40_000);

        var pdvs = DimseFragmenter.Fragment(1, isCommand: false, message, 16384).ToList();

        int offset = 0;
        foreach (var pdv in pdvs)
        {
            Assert.True(MemoryMarshal.TryGetArray(pdv.Data, out var segment));
            Assert.Same(message, segment.Array);
            Assert.Equal(offset, segment.Offset);
            offset += segment.Count;
        }
    }

    [Fact]
    public void CommandFragmentsCarryTheCommandBit()
    {
        var pdvs = DimseFragmenter.Fragment(3, isCommand: true, Message(30), 16).ToList();

        Assert.Equal(3, pdvs.Count); // 10 + 10 + 10
        Assert.All(pdvs, p => Assert.True(p.IsCommand));
        Assert.Equal([0x01, 0x01, 0x03], pdvs.Select(p => p.MessageControlHeader));
    }

    [Fact]
    public void ExactMultipleHasNoEmptyTrailingFragment()
    {
        var pdvs = DimseFragmenter.Fragment(1, isCommand: false, Message(2 * 16378), 16384).ToList();

        Assert.Equal(2, pdvs.Count);
        Assert.Equal(16378, pdvs[1].Data.Length);
        Assert.True(pdvs[1].IsLastFragment);
    }

    [Fact]
    public void EmptyMessageGivesOneEmptyLastFragment()
    {
        var pdv = Assert.Single(DimseFragmenter.Fragment(9, isCommand: false, ReadOnlyMemory<byte>.Empty, 16384));

        Assert.Equal(0, pdv.Data.Length);
        Assert.True(pdv.IsLastFragment);
        Assert.Equal(PresentationDataValue.LastFragmentBit, pdv.MessageControlHeader);
    }

    [Theory]
    [InlineData(16384u, 16378)]
    [InlineData(7u, 1)]
    [InlineData(0u, DimseFragmenter.MaxPdvDataLengthCap)]
    [InlineData(uint.MaxValue, DimseFragmenter.MaxPdvDataLengthCap)]
    [InlineData(1024u * 1024 + 6, 1024 * 1024)]
    [InlineData(2u * 1024 * 1024, DimseFragmenter.MaxPdvDataLengthCap)]
    public void MaxPdvDataLengthLeavesRoomForTheItemHeader(uint maxPdu, int expected)
        => Assert.Equal(expected, DimseFragmenter.MaxPdvDataLength(maxPdu));

    [Fact]
    public void UnlimitedPeerStillGetsCappedFragments()
    {
        var pdvs = DimseFragmenter.Fragment(1, isCommand: false, Message(3 * 1024 * 1024 + 1), 0).ToList();

        Assert.Equal(4, pdvs.Count);
        Assert.Equal(1, pdvs[^1].Data.Length);
    }

    [Theory]
    [InlineData(1u)]
    [InlineData(6u)]
    public void MaxPduWithNoRoomForDataIsRefusedAtOnce(uint maxPdu)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DimseFragmenter.MaxPdvDataLength(maxPdu));
        Assert.Throws<ArgumentOutOfRangeException>(() => DimseFragmenter.Fragment(1, false, Message(10), maxPdu)); // not deferred to enumeration
    }
}
