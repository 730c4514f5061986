using Osprey.Dicom.Dictionary;
using Osprey.Network.Dimse;
using Osprey.Network.Services;

namespace Osprey.Network.Tests.Association;

/// <summary>SCP/SCU Role Selection as the acceptor answers it and as services see it (PS3.7 §D.3.3.4).</summary>
public class RoleSelectionTests
{
    private const string Get = DicomUids.StudyRootQueryRetrieveInformationModelGet;
    private const string Ct = DicomUids.CTImageStorage;
    private const string Unserved = "1.2.826.0.1.3680043.2.1545.1.99";

    private static TestService Recorder(string sopClass, DimseCommandField command, TaskCompletionSource<AssociationInfo> seen)
        => new(sopClass, command, async (request, _) =>
        {
            seen.TrySetResult(request.Association);
            await request.RespondAsync(DimseCommand.Response(request.Command, (DimseCommandField)((ushort)command | 0x8000), DimseStatus.Success));
        });

    [Fact]
    public async Task Without_role_selection_the_requestor_is_SCU_only()
    {
        var seen = new TaskCompletionSource<AssociationInfo>(TaskCreationOptions.RunContinuationsAsynchronously);
        var storage = Recorder(Ct, DimseCommandField.CStoreRq, seen);
        await using var acceptor = new InProcessAcceptor(storage);
        await using var association = await acceptor.ConnectAsync([Ct]);

        Assert.Empty(association.Accepted.UserInformation.RoleSelections);
        Assert.False(association.ContextFor(Ct)!.RequestorIsScp);
        await association.SendRequestAsync(Ct, DimseCommand.CStoreRq(association.NextMessageId(), Ct, "1.2.3"), new MemoryStream(new byte[8]));

        var info = await seen.Task.WaitAsync(TimeSpan.FromSeconds(5));
        var context = info.PresentationContexts.Single(c => c.AbstractSyntax == Ct);
        Assert.True(context.RequestorIsScu);
        Assert.False(context.RequestorIsScp);
        Assert.Equal(InProcessAcceptor.ExplicitLittleEndian, context.TransferSyntax);
        Assert.Equal(association.ContextFor(Ct)!.Id, context.Id);
        await association.ReleaseAsync();
    }

    [Fact]
    public async Task A_role_proposed_for_a_SOP_class_the_acceptor_does_not_serve_is_not_answered()
    {
        var seen = new TaskCompletionSource<AssociationInfo>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var acceptor = new InProcessAcceptor(Recorder(Get, DimseCommandField.CGetRq, seen));
        await using var association = await acceptor.ConnectAsync([Get, Unserved], options => options with { ScpRoleSopClasses = [Unserved] });

        Assert.Empty(association.Accepted.UserInformation.RoleSelections);
        Assert.Null(association.ContextFor(Unserved));
        await association.ReleaseAsync();
    }

    [Fact]
    public async Task The_SCP_role_for_one_SOP_class_leaves_the_others_SCU_only()
    {
        var seen = new TaskCompletionSource<AssociationInfo>(TaskCreationOptions.RunContinuationsAsynchronously);
        var storage = new TestService(Ct, DimseCommandField.CStoreRq, (r, _) => r.RespondAsync(DimseCommand.CStoreRsp(r.Command, DimseStatus.Success)));
        await using var acceptor = new InProcessAcceptor(Recorder(Get, DimseCommandField.CGetRq, seen), storage);
        await using var association = await acceptor.ConnectAsync([Get, Ct], options => options with { ScpRoleSopClasses = [Ct] });

        await association.SendRequestAsync(Get, DimseCommand.CGetRq(association.NextMessageId(), Get), new MemoryStream(new byte[8]));
        var info = await seen.Task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(info.PresentationContexts.Single(c => c.AbstractSyntax == Ct).RequestorIsScp);
        Assert.False(info.PresentationContexts.Single(c => c.AbstractSyntax == Get).RequestorIsScp);
        Assert.False(info.PresentationContexts.Single(c => c.AbstractSyntax == VerificationService.SopClassUid).RequestorIsScp);
        await association.ReleaseAsync();
    }
}
