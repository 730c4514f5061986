using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Security.Cryptography;
using Osprey.Network.Association;
using Osprey.Network.Client;
using Osprey.Network.Dimse;
using Osprey.Network.Services;
using Osprey.Network.UpperLayer;

namespace Osprey.Network.Tests.Association;

/// <summary>
/// Data sets travel between a service and the network as streams: the requestor sends one from a
/// Stream, the acceptor hands it to the service as a PipeReader as PDVs arrive, and a service that
/// answers without reading it all does not stall the association.
/// </summary>
public class DataSetStreamingTests
{
    private const string TestSopClass = "1.2.3.4.5.6";

    /// <summary>A service that reads the whole data set and remembers what it got.</summary>
    private sealed class Sink(bool readAll) : IDimseService
    {
        public long Received;
        public byte[] Hash = [];
        public IReadOnlyCollection<string> SopClassUids { get; } = [TestSopClass];
        public IReadOnlyCollection<string> TransferSyntaxes(string sopClassUid) => ["1.2.840.10008.1.2.1"];
        public IReadOnlyCollection<DimseCommandField> Commands { get; } = [DimseCommandField.CStoreRq];

        public async Task HandleAsync(DimseRequest request, CancellationToken cancellationToken)
        {
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var reader = request.DataSet!;
            while (readAll)
            {
                var result = await reader.ReadAsync(cancellationToken);
                foreach (var segment in result.Buffer)
                {
                    sha.AppendData(segment.Span);
                    Received += segment.Length;
                }
                reader.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted) break;
            }
            Hash = sha.GetHashAndReset();
            await request.RespondAsync(DimseCommand.CStoreRsp(request.Command, readAll ? DimseStatus.Success : DimseStatus.OutOfResources));
        }
    }

    private static async Task<(ushort Status, DicomListener Listener)> StoreAsync(Sink sink, byte[] data, uint maxPdu)
    {
        var listener = new DicomListener(new IPEndPoint(IPAddress.Loopback, 0), new ServiceRegistry().Add(sink),
            (_, _) => new AcceptorPolicy { CalledAeTitles = ["OSPREY"], MaxPduLength = maxPdu }, new UpperLayerOptions(), 4);
        listener.Start();
        await using var association = await ClientAssociation.ConnectAsync(new ClientOptions
        {
            Host = "127.0.0.1",
            Port = listener.Port,
            CalledAeTitle = "OSPREY",
            Proposals = [(TestSopClass, ["1.2.840.10008.1.2.1"])],
        });
        var responses = await association.SendRequestAsync(TestSopClass, DimseCommand.CStoreRq(1, TestSopClass, "1.2.3"), new MemoryStream(data));
        ushort status = responses[^1].Status!.Value;
        await association.ReleaseAsync(); // the association is still healthy after the data set
        return (status, listener);
    }

    [Theory]
    [InlineData(16384u, 5_000_000)]
    [InlineData(131072u, 16378)]
    [InlineData(4096u, 0)]
    public async Task A_streamed_data_set_reaches_the_service_whole(uint maxPdu, int size)
    {
        var data = new byte[size];
        new Random(size).NextBytes(data);
        var sink = new Sink(readAll: true);
        var (status, listener) = await StoreAsync(sink, data, maxPdu);
        await listener.DisposeAsync();
        Assert.Equal(DimseStatus.Success, status);
        Assert.Equal(size, sink.Received);
        Assert.Equal(SHA256.HashData(data), sink.Hash);
    }

    [Fact]
    public async Task A_service_that_answers_without_reading_does_not_stall_the_association()
    {
        var data = new byte[8_000_000];
        var sink = new Sink(readAll: false);
        var (status, listener) = await StoreAsync(sink, data, 16384);
        await listener.DisposeAsync();
        Assert.Equal(DimseStatus.OutOfResources, status);
    }
}
