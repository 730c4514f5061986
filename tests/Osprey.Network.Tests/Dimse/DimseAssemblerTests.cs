using System.Runtime.InteropServices;
using Osprey.Network.Dimse;
using Osprey.Network.Pdu;

namespace Osprey.Network.Tests.Dimse;

public class DimseAssemblerTests
{
    private const string CtImageStorage = "1.2.840.10008.5.1.4.1.1.2";

    private static PresentationDataValue Pdv(byte context, bool command, bool last, ReadOnlyMemory<byte> data)
        => new(context, PresentationDataValue.Header(command, last), data);

    private static byte[] DataSet(int length, byte seed)
    {
        var bytes = new byte[length];
        for (int i = 0; i < length; i++) bytes[i] = (byte)(seed + i);
        return bytes;
    }

    private static IEnumerable<PresentationDataValue> Message(byte context, DimseCommand command, byte[]? dataSet, uint maxPdu)
    {
        foreach (var pdv in DimseFragmenter.Fragment(context, true, command.Encode(), maxPdu)) yield return pdv;
        if (dataSet != null)
            foreach (var pdv in DimseFragmenter.Fragment(context, false, dataSet, maxPdu)) yield return pdv;
    }

    [Fact]
    public void CommandWithoutDataSetCompletesTheMessage()
    {
        var assembler = new DimseAssembler();

        var result = assembler.Feed(Pdv(1, true, true, DimseCommand.CEchoRq(3).Encode()));

        Assert.Equal(DimseFeedKind.Command, result.Kind);
        Assert.Equal(1, result.PresentationContextId);
        Assert.Equal(DimseCommandField.CEchoRq, result.Command!.CommandField);
        Assert.Equal((ushort)3, result.Command.MessageId);
        Assert.False(result.DataSetFollows);
        Assert.True(result.CompletesMessage);
        Assert.True(assembler.IsIdle);
    }

    [Fact]
    public void ReassemblesTwoSequentialMessagesOfCommandAndDataFragments()
    {
        var store1 = DimseCommand.CStoreRq(1, CtImageStorage, "1.2.3.4.1");
        var store2 = DimseCommand.CStoreRq(2, CtImageStorage, "1.2.3.4.2", DimsePriority.High);
        var data1 = DataSet(250, 1);
        var data2 = DataSet(95, 100);
        // A small maximum PDU so that both the commands and the data sets come in several fragments.
        var pdvs = Message(1, store1, data1, 40).Concat(Message(3, store2, data2, 40)).ToList();
        Assert.True(pdvs.Count(p => p.IsCommand) > 4);

        var assembler = new DimseAssembler();
        var commands = new List<(byte Context, DimseCommand Command)>();
        var dataSets = new List<(byte Context, ushort MessageId, List<byte> Bytes)>();
        List<byte>? current = null;
        int commandFragments = 0;
        foreach (var pdv in pdvs)
        {
            var result = assembler.Feed(pdv);
            switch (result.Kind)
            {
                case DimseFeedKind.CommandFragment:
                    commandFragments++;
                    Assert.False(assembler.IsIdle);
                    break;
                case DimseFeedKind.Command:
                    Assert.True(result.DataSetFollows);
                    Assert.False(result.CompletesMessage);
                    Assert.Same(result.Command, assembler.CommandAwaitingDataSet);
                    commands.Add((result.PresentationContextId, result.Command!));
                    current = [];
                    break;
                case DimseFeedKind.DataFragment:
                    Assert.Same(commands[^1].Command, result.Command);
                    current!.AddRange(result.Data.ToArray());
                    Assert.Equal(result.IsLastFragment, result.CompletesMessage);
                    if (result.IsLastFragment)
                    {
                        dataSets.Add((result.PresentationContextId, result.Command!.MessageId!.Value, current));
                        Assert.True(assembler.IsIdle);
                        Assert.Null(assembler.CommandAwaitingDataSet);
                    }
                    break;
            }
        }

        Assert.Equal(pdvs.Count(p => p.IsCommand) - 2, commandFragments);
        Assert.Equal(2, commands.Count);
        Assert.Equal(1, commands[0].Context);
        Assert.Equal(3, commands[1].Context);
        Assert.Equal("1.2.3.4.1", commands[0].Command.AffectedSopInstanceUid);
        Assert.Equal("1.2.3.4.2", commands[1].Command.AffectedSopInstanceUid);
        Assert.Equal(DimsePriority.High, commands[1].Command.Priority);
        Assert.Equal(2, dataSets.Count);
        Assert.Equal((byte)1, dataSets[0].Context);
        Assert.Equal((ushort)1, dataSets[0].MessageId);
        Assert.Equal(data1, dataSets[0].Bytes);
        Assert.Equal((byte)3, dataSets[1].Context);
        Assert.Equal((ushort)2, dataSets[1].MessageId);
        Assert.Equal(data2, dataSets[1].Bytes);
        Assert.True(assembler.IsIdle);
    }

    [Fact]
    public void DataFragmentsAreHandedBackWithoutCopy()
    {
        var assembler = new DimseAssembler();
        assembler.Feed(Pdv(1, true, true, DimseCommand.CStoreRq(1, CtImageStorage, "1.2.3").Encode()));
        var buffer = DataSet(100, 0);

        var result = assembler.Feed(Pdv(1, false, false, buffer.AsMemory(10, 50)));

        Assert.Equal(DimseFeedKind.DataFragment, result.Kind);
        Assert.False(result.IsLastFragment);
        Assert.True(MemoryMarshal.TryGetArray(result.Data, out var segment));
        Assert.Same(buffer, segment.Array);
        Assert.Equal(10, segment.Offset);
        Assert.Equal(50, segment.Count);
    }

    [Fact]
    public void DataPathDoesNotAllocate()
    {
        var assembler = new DimseAssembler();
        assembler.Feed(Pdv(1, true, true, DimseCommand.CStoreRq(1, CtImageStorage, "1.2.3").Encode()));
        var fragment = Pdv(1, false, false, DataSet(1000, 0));
        assembler.Feed(fragment); // warm up

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            var result = assembler.Feed(fragment);
            if (result.Kind != DimseFeedKind.DataFragment) Assert.Fail("not a data fragment");
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }

    [Fact]
    public void CommandBufferIsNotSharedBetweenCommands()
    {
        // A command decoded from the assembler's buffer must survive the next command reusing it.
        var assembler = new DimseAssembler();
        DimseCommand? first = null;
        foreach (var pdv in DimseFragmenter.Fragment(1, true, DimseCommand.CEchoRq(1).Encode(), 20))
            if (assembler.Feed(pdv) is { Kind: DimseFeedKind.Command } r) first = r.Command;
        foreach (var pdv in DimseFragmenter.Fragment(1, true, DimseCommand.CStoreRq(2, CtImageStorage, "9.9.9.9.9.9.9.9.9.9.9.9.9.9").Encode(), 20))
            assembler.Feed(pdv);

        Assert.Equal(Osprey.Dicom.Dictionary.DicomUids.Verification, first!.AffectedSopClassUid);
        Assert.Equal((ushort)1, first.MessageId);
    }

    [Fact]
    public void EmptyLastDataFragmentEndsTheMessage()
    {
        var assembler = new DimseAssembler();
        assembler.Feed(Pdv(1, true, true, DimseCommand.CStoreRq(1, CtImageStorage, "1.2.3").Encode()));

        var result = assembler.Feed(Pdv(1, false, true, ReadOnlyMemory<byte>.Empty));

        Assert.True(result.CompletesMessage);
        Assert.True(assembler.IsIdle);
    }

    // ---- ordering rules ----

    [Fact]
    public void RejectsDataBeforeAnyCommand()
    {
        var assembler = new DimseAssembler();
        var e = Assert.Throws<DimseFormatException>(() => assembler.Feed(Pdv(1, false, true, DataSet(10, 0))));
        Assert.Contains("no command", e.Message);
    }

    [Fact]
    public void RejectsDataAfterCommandWithoutDataSet()
    {
        var assembler = new DimseAssembler();
        assembler.Feed(Pdv(1, true, true, DimseCommand.CEchoRq(1).Encode()));

        Assert.Throws<DimseFormatException>(() => assembler.Feed(Pdv(1, false, true, DataSet(10, 0))));
    }

    [Fact]
    public void RejectsDataBeforeTheLastCommandFragment()
    {
        var assembler = new DimseAssembler();
        var command = DimseCommand.CStoreRq(1, CtImageStorage, "1.2.3").Encode();
        assembler.Feed(Pdv(1, true, false, command.AsMemory(0, 20)));

        var e = Assert.Throws<DimseFormatException>(() => assembler.Feed(Pdv(1, false, true, DataSet(10, 0))));
        Assert.Contains("before the last fragment of the command", e.Message);
    }

    [Fact]
    public void RejectsCommandWhileDataSetIsExpected()
    {
        var assembler = new DimseAssembler();
        assembler.Feed(Pdv(1, true, true, DimseCommand.CStoreRq(7, CtImageStorage, "1.2.3").Encode()));
        assembler.Feed(Pdv(1, false, false, DataSet(10, 0)));

        var e = Assert.Throws<DimseFormatException>(() => assembler.Feed(Pdv(1, true, true, DimseCommand.CEchoRq(8).Encode())));
        Assert.Contains("while the data set of the C-STORE-RQ (message ID 7", e.Message);
    }

    [Fact]
    public void RejectsCommandRightAfterCommandAnnouncingDataSet()
    {
        var assembler = new DimseAssembler();
        assembler.Feed(Pdv(1, true, true, DimseCommand.CStoreRq(7, CtImageStorage, "1.2.3").Encode()));

        Assert.Throws<DimseFormatException>(() => assembler.Feed(Pdv(1, true, true, DimseCommand.CEchoRq(8).Encode())));
    }

    [Fact]
    public void RejectsContextChangeWithinCommand()
    {
        var assembler = new DimseAssembler();
        var command = DimseCommand.CEchoRq(1).Encode();
        assembler.Feed(Pdv(1, true, false, command.AsMemory(0, 20)));

        var e = Assert.Throws<DimseFormatException>(() => assembler.Feed(Pdv(3, true, true, command.AsMemory(20))));
        Assert.Contains("presentation context 3 within a message on presentation context 1", e.Message);
    }

    [Fact]
    public void RejectsContextChangeBetweenCommandAndDataSet()
    {
        var assembler = new DimseAssembler();
        assembler.Feed(Pdv(1, true, true, DimseCommand.CStoreRq(1, CtImageStorage, "1.2.3").Encode()));

        var e = Assert.Throws<DimseFormatException>(() => assembler.Feed(Pdv(5, false, true, DataSet(10, 0))));
        Assert.Contains("presentation context 5 within a message on presentation context 1", e.Message);
    }

    [Fact]
    public void RejectsContextChangeWithinDataSet()
    {
        var assembler = new DimseAssembler();
        assembler.Feed(Pdv(1, true, true, DimseCommand.CStoreRq(1, CtImageStorage, "1.2.3").Encode()));
        assembler.Feed(Pdv(1, false, false, DataSet(10, 0)));

        Assert.Throws<DimseFormatException>(() => assembler.Feed(Pdv(3, false, true, DataSet(10, 0))));
    }

    [Fact]
    public void RejectsCommandOverTheCapInOnePdv()
    {
        var assembler = new DimseAssembler();
        var e = Assert.Throws<DimseFormatException>(() => assembler.Feed(Pdv(1, true, true, new byte[DimseAssembler.DefaultMaxCommandLength + 1])));
        Assert.Contains("longer than the 65536 bytes", e.Message);
    }

    [Fact]
    public void RejectsCommandGrowingOverTheCap()
    {
        var assembler = new DimseAssembler(maxCommandLength: 1000);
        var fragment = new byte[400];
        Assert.Equal(DimseFeedKind.CommandFragment, assembler.Feed(Pdv(1, true, false, fragment)).Kind);
        Assert.Equal(DimseFeedKind.CommandFragment, assembler.Feed(Pdv(1, true, false, fragment)).Kind);

        Assert.Throws<DimseFormatException>(() => assembler.Feed(Pdv(1, true, false, fragment)));
    }

    [Fact]
    public void AcceptsCommandExactlyAtTheCap()
    {
        var command = DimseCommand.CEchoRq(1).Encode();
        var assembler = new DimseAssembler(maxCommandLength: command.Length);

        Assert.Equal(DimseFeedKind.Command, assembler.Feed(Pdv(1, true, true, command)).Kind);
    }

    [Fact]
    public void RejectsUndecodableCommand()
    {
        var assembler = new DimseAssembler();
        Assert.Throws<DimseFormatException>(() => assembler.Feed(Pdv(1, true, true, new byte[] { 1, 2, 3 })));
        Assert.Throws<DimseFormatException>(() => assembler.Feed(Pdv(1, true, true, ReadOnlyMemory<byte>.Empty)));
    }

    [Fact]
    public void StartsOverAfterAnError()
    {
        var assembler = new DimseAssembler();
        assembler.Feed(Pdv(1, true, true, DimseCommand.CStoreRq(1, CtImageStorage, "1.2.3").Encode()));
        Assert.Throws<DimseFormatException>(() => assembler.Feed(Pdv(2, false, true, DataSet(10, 0))));

        Assert.True(assembler.IsIdle);
        var result = assembler.Feed(Pdv(2, true, true, DimseCommand.CEchoRq(2).Encode()));
        Assert.Equal(DimseFeedKind.Command, result.Kind);
        Assert.Equal(2, result.PresentationContextId);
    }

    [Fact]
    public void ResetDropsAPartialMessage()
    {
        var assembler = new DimseAssembler();
        assembler.Feed(Pdv(1, true, false, new byte[10]));
        assembler.Reset();

        Assert.True(assembler.IsIdle);
        Assert.Equal(DimseFeedKind.Command, assembler.Feed(Pdv(1, true, true, DimseCommand.CEchoRq(2).Encode())).Kind);
    }
}
