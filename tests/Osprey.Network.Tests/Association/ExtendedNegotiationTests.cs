using Osprey.Dicom.Dictionary;
using Osprey.Network.Dimse;
using Osprey.Network.Pdu;
using Osprey.Network.Services;

namespace Osprey.Network.Tests.Association;

/// <summary>SOP Class Extended Negotiation (PS3.7 §D.3.3.5) as the acceptor answers it: each service answers for its own SOP classes.</summary>
public class ExtendedNegotiationTests
{
    private const string Find = DicomUids.StudyRootQueryRetrieveInformationModelFind;
    private const string Ct = DicomUids.CTImageStorage;

    /// <summary>A C-FIND service that accepts relational queries only (the first byte of PS3.4 C.5.1) and records what its requests saw.</summary>
    private sealed class NegotiatingFind(TaskCompletionSource<AssociationInfo> seen) : IDimseService
    {
        public IReadOnlyCollection<string> SopClassUids { get; } = [Find];
        public IReadOnlyCollection<string> TransferSyntaxes(string sopClassUid) => [InProcessAcceptor.ExplicitLittleEndian];
        public IReadOnlyCollection<DimseCommandField> Commands { get; } = [DimseCommandField.CFindRq];
        public byte[]? NegotiateExtended(string sopClassUid, byte[] offered) => offered.Length == 0 ? null : [offered[0], .. new byte[offered.Length - 1]];

        public async Task HandleAsync(DimseRequest request, CancellationToken cancellationToken)
        {
            seen.TrySetResult(request.Association);
            await request.RespondAsync(DimseCommand.CFindRsp(request.Command, DimseStatus.Success));
        }
    }

    [Fact]
    public async Task Each_service_answers_the_extended_negotiation_of_its_SOP_classes_and_sees_what_was_agreed()
    {
        var seen = new TaskCompletionSource<AssociationInfo>(TaskCreationOptions.RunContinuationsAsynchronously);
        var storage = new TestService(Ct, DimseCommandField.CStoreRq, (r, _) => r.RespondAsync(DimseCommand.CStoreRsp(r.Command, DimseStatus.Success)));
        await using var acceptor = new InProcessAcceptor(new NegotiatingFind(seen), storage);
        await using var association = await acceptor.ConnectAsync([Find, Ct], options => options with
        {
            ExtendedNegotiations = [new SopClassExtendedNegotiation(Find, [1, 1]), new SopClassExtendedNegotiation(Ct, [2, 0, 1])],
        });

        // The C-FIND service took relational queries and turned down combined date-time; the storage service answers nothing.
        var answered = Assert.Single(association.Accepted.UserInformation.SopClassExtendedNegotiations);
        Assert.Equal(Find, answered.SopClassUid);
        Assert.Equal(new byte[] { 1, 0 }, answered.ApplicationInformation);

        await association.SendRequestAsync(Find, DimseCommand.CFindRq(association.NextMessageId(), Find), new MemoryStream(new byte[8]));
        var info = await seen.Task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(new byte[] { 1, 0 }, info.ExtendedNegotiation[Find]);
        Assert.False(info.ExtendedNegotiation.ContainsKey(Ct));
        await association.ReleaseAsync();
    }
}
