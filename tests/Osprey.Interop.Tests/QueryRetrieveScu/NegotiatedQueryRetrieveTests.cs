using System.Net;
using Osprey.Dicom.Data;
using Osprey.Dicom.Dictionary;
using Osprey.Dicom.IO;
using Osprey.Interop.Tests.Support;
using Osprey.Network.Association;
using Osprey.Network.Client;
using Osprey.Network.Dimse;
using Osprey.Network.Pdu;
using Osprey.Network.Services;
using Osprey.Network.UpperLayer;

namespace Osprey.Interop.Tests.QueryRetrieveScu;

/// <summary>
/// What the DCMTK tools cannot ask for, asked of the real server with Osprey's own requestor:
/// relational queries through SOP Class Extended Negotiation (PS3.4 C.5.1, C.4.1.2.2), and C-CANCEL
/// of a running C-MOVE and C-GET (PS3.4 C.4.2.3.1, C.4.3.3.1): the sub-operations stop, the final
/// status is Cancel (FE00) with the number never attempted, and the association goes on working.
/// </summary>
public sealed class NegotiatedQueryRetrieveTests : IAsyncLifetime
{
    private const string Find = DicomUids.StudyRootQueryRetrieveInformationModelFind;
    private const string Move = DicomUids.StudyRootQueryRetrieveInformationModelMove;
    private const string Get = DicomUids.StudyRootQueryRetrieveInformationModelGet;
    private const string Sc = DicomUids.SecondaryCaptureImageStorage;
    private const string ExplicitLe = "1.2.840.10008.1.2.1";
    private const string StudyUid = "2.25.4711.1", SeriesUid = "2.25.4711.1.1";
    private const int Instances = 60;

    private readonly SlowStorageScp _destination = new();
    private OspreyServer _server = null!;

    public async Task InitializeAsync()
    {
        var data = Directory.CreateTempSubdirectory("osprey-qr-scu-").FullName;
        await File.WriteAllTextAsync(Path.Combine(data, "settings.json"),
            $$"""{ "Devices": [ { "AeTitle": "SLOWDEST", "Host": "127.0.0.1", "Port": {{_destination.Port}} } ] }""");
        _server = OspreyServer.WithData(data);
        await using var store = await ConnectAsync([Sc]);
        for (int i = 1; i <= Instances; i++)
        {
            var uid = $"{SeriesUid}.{i}";
            var responses = await store.SendRequestAsync(Sc, DimseCommand.CStoreRq(store.NextMessageId(), Sc, uid), new MemoryStream(Instance(uid, i)));
            Assert.Equal(DimseStatus.Success, responses[^1].Status);
        }
        await store.ReleaseAsync();
    }

    public async Task DisposeAsync()
    {
        var data = _server.DataDirectory;
        await _server.DisposeAsync();
        await _destination.DisposeAsync();
        Directory.Delete(data, recursive: true);
    }

    private Task<ClientAssociation> ConnectAsync(IEnumerable<string> sopClasses, Func<ClientOptions, ClientOptions>? configure = null)
    {
        var options = new ClientOptions
        {
            Host = "127.0.0.1",
            Port = _server.Port,
            CallingAeTitle = "QRSCU",
            CalledAeTitle = "OSPREY",
            Proposals = [.. sopClasses.Append(DicomUids.Verification).Distinct().Select(uid => (uid, (IReadOnlyList<string>)[ExplicitLe]))],
        };
        return ClientAssociation.ConnectAsync(configure?.Invoke(options) ?? options);
    }

    private static byte[] Instance(string sopUid, int number)
    {
        var ds = new DicomDataset();
        ds.AddOrUpdate(DicomTags.SOPClassUID, Sc);
        ds.AddOrUpdate(DicomTags.SOPInstanceUID, sopUid);
        ds.AddOrUpdate(DicomTags.StudyDate, "20250102");
        ds.AddOrUpdate(DicomTags.Modality, "OT");
        ds.AddOrUpdate(DicomTags.PatientName, "Relational^Rita");
        ds.AddOrUpdate(DicomTags.PatientID, "REL-1");
        ds.AddOrUpdate(DicomTags.StudyInstanceUID, StudyUid);
        ds.AddOrUpdate(DicomTags.SeriesInstanceUID, SeriesUid);
        ds.AddOrUpdate(DicomTags.InstanceNumber, number.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var bytes = new MemoryStream();
        DicomDatasetWriter.Write(ds, bytes, DicomTransferSyntax.ExplicitVRLittleEndian);
        return bytes.ToArray();
    }

    private static MemoryStream Identifier(params (DicomTag Tag, string Value)[] keys)
    {
        var ds = new DicomDataset();
        foreach (var (tag, value) in keys) ds.AddOrUpdate(tag, value);
        var bytes = new MemoryStream();
        DicomDatasetWriter.Write(ds, bytes, DicomTransferSyntax.ExplicitVRLittleEndian);
        bytes.Position = 0;
        return bytes;
    }

    [Fact]
    public async Task A_series_level_query_by_patient_alone_is_refused_hierarchically_and_answered_relationally()
    {
        var seriesByPatient = () => Identifier((DicomTags.QueryRetrieveLevel, "SERIES"), (DicomTags.PatientID, "REL-1"), (DicomTags.SeriesInstanceUID, ""));

        await using (var hierarchical = await ConnectAsync([Find]))
        {
            var refused = await hierarchical.SendRequestAsync(Find, DimseCommand.CFindRq(hierarchical.NextMessageId(), Find), seriesByPatient());
            Assert.Equal((ushort)0xA900, refused[^1].Status);
            Assert.False(string.IsNullOrEmpty(refused[^1].Command.ErrorComment));
            await hierarchical.ReleaseAsync();
        }

        await using var relational = await ConnectAsync([Find], o => o with { ExtendedNegotiations = [new SopClassExtendedNegotiation(Find, [1])] });
        var agreed = Assert.Single(relational.Accepted.UserInformation.SopClassExtendedNegotiations);
        Assert.Equal(new byte[] { 1 }, agreed.ApplicationInformation);
        var responses = await relational.SendRequestAsync(Find, DimseCommand.CFindRq(relational.NextMessageId(), Find), seriesByPatient());
        Assert.Equal(DimseStatus.Success, responses[^1].Status);
        var match = Assert.Single(responses, r => r.Status == DimseStatus.Pending);
        var identifier = DicomDatasetDecoder.Decode(match.DataSet!, DicomTransferSyntax.ExplicitVRLittleEndian);
        Assert.Equal(SeriesUid, identifier.GetString(DicomTags.SeriesInstanceUID));
        Assert.Equal("REL-1", identifier.GetString(DicomTags.PatientID));
        await relational.ReleaseAsync();
    }

    [Fact]
    public async Task A_C_CANCEL_stops_a_running_C_MOVE_between_sub_operations()
    {
        await using var association = await ConnectAsync([Move]);
        var move = association.SendRequestAsync(Move, DimseCommand.CMoveRq(association.NextMessageId(), Move, "SLOWDEST"),
            Identifier((DicomTags.QueryRetrieveLevel, "STUDY"), (DicomTags.StudyInstanceUID, StudyUid)));
        await _destination.FirstStore.WaitAsync(TimeSpan.FromSeconds(20));
        await association.CancelRequestAsync();
        var responses = await move.WaitAsync(TimeSpan.FromSeconds(20));

        var final = responses[^1].Command;
        Assert.Equal(DimseStatus.Cancel, final.Status);
        Assert.True(final.NumberOfRemainingSuboperations > 0, $"remaining {final.NumberOfRemainingSuboperations}");
        Assert.Equal(Instances, (final.NumberOfRemainingSuboperations ?? 0) + (final.NumberOfCompletedSuboperations ?? 0) + (final.NumberOfFailedSuboperations ?? 0) + (final.NumberOfWarningSuboperations ?? 0));
        Assert.True(_destination.Stored < Instances, $"the destination got all {Instances} instances");
        Assert.Equal(DimseStatus.Success, await association.EchoAsync());
        await association.ReleaseAsync();
    }

    [Fact]
    public async Task A_C_CANCEL_stops_a_running_C_GET_between_sub_operations()
    {
        int received = 0;
        var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var association = await ConnectAsync([Get, Sc], o => o with
        {
            ScpRoleSopClasses = [Sc],
            OnStoreRequest = async (_, _, _) =>
            {
                Interlocked.Increment(ref received);
                first.TrySetResult();
                await Task.Delay(20);
                return DimseStatus.Success;
            },
        });
        var get = association.SendRequestAsync(Get, DimseCommand.CGetRq(association.NextMessageId(), Get),
            Identifier((DicomTags.QueryRetrieveLevel, "STUDY"), (DicomTags.StudyInstanceUID, StudyUid)));
        await first.Task.WaitAsync(TimeSpan.FromSeconds(20));
        await association.CancelRequestAsync();
        var responses = await get.WaitAsync(TimeSpan.FromSeconds(20));

        var final = responses[^1].Command;
        Assert.Equal(DimseStatus.Cancel, final.Status);
        Assert.True(final.NumberOfRemainingSuboperations > 0, $"remaining {final.NumberOfRemainingSuboperations}");
        Assert.Equal(Volatile.Read(ref received), final.NumberOfCompletedSuboperations ?? -1);
        Assert.Equal(DimseStatus.Success, await association.EchoAsync());
        await association.ReleaseAsync();
    }

    /// <summary>A Storage SCP that takes 20 ms per instance and says when the first one arrived.</summary>
    private sealed class SlowStorageScp : IDimseService, IAsyncDisposable
    {
        private readonly DicomListener _listener;
        private readonly TaskCompletionSource _first = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _stored;

        public SlowStorageScp()
        {
            _listener = new DicomListener(new IPEndPoint(IPAddress.Loopback, 0), new ServiceRegistry().Add(this),
                (_, _) => new AcceptorPolicy { CalledAeTitles = ["SLOWDEST"] }, new UpperLayerOptions(), 4);
            _listener.Start();
        }

        public int Port => _listener.Port;
        public Task FirstStore => _first.Task;
        public int Stored => Volatile.Read(ref _stored);
        public IReadOnlyCollection<string> SopClassUids { get; } = [Sc];
        public IReadOnlyCollection<string> TransferSyntaxes(string sopClassUid) => [ExplicitLe];
        public IReadOnlyCollection<DimseCommandField> Commands { get; } = [DimseCommandField.CStoreRq];

        public async Task HandleAsync(DimseRequest request, CancellationToken cancellationToken)
        {
            while (true)
            {
                var read = await request.DataSet!.ReadAsync(CancellationToken.None);
                request.DataSet.AdvanceTo(read.Buffer.End);
                if (read.IsCompleted) break;
            }
            Interlocked.Increment(ref _stored);
            _first.TrySetResult();
            await Task.Delay(20, CancellationToken.None);
            await request.RespondAsync(DimseCommand.CStoreRsp(request.Command, DimseStatus.Success));
        }

        public ValueTask DisposeAsync() => _listener.DisposeAsync();
    }
}
