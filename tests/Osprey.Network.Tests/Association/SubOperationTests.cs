using Osprey.Dicom.Dictionary;
using Osprey.Network.Client;
using Osprey.Network.Dimse;
using Osprey.Network.Services;

namespace Osprey.Network.Tests.Association;

/// <summary>
/// A service sends requests of its own to the requestor on the same association, as a C-GET SCP
/// sends its C-STORE sub-operations (PS3.4 C.4.3.3), where SCP/SCU role selection (PS3.7 §D.3.3.4)
/// made the requestor an SCP.
/// </summary>
public class SubOperationTests
{
    private const string Get = DicomUids.StudyRootQueryRetrieveInformationModelGet;
    private const string Ct = DicomUids.CTImageStorage;
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(5);
    private static readonly byte[] Identifier = [0x08, 0x00, 0x52, 0x00, 0x06, 0x00, 0x00, 0x00, (byte)'S', (byte)'T', (byte)'U', (byte)'D', (byte)'Y', (byte)' '];

    /// <summary>Stands for the Storage SCP: the storage SOP class must be one the acceptor serves for its role to be negotiated.</summary>
    private static TestService Storage => new(Ct, DimseCommandField.CStoreRq,
        (request, _) => request.RespondAsync(DimseCommand.CStoreRsp(request.Command, DimseStatus.Success)));

    private static byte[] Random(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    [Fact]
    public async Task A_C_GET_service_sends_C_STOREs_to_the_requestor_and_gets_their_responses()
    {
        byte[][] instances = [Random(100_000, 1), Random(40_001, 2)];
        var contextsSeen = new TaskCompletionSource<IReadOnlyList<AcceptedPresentationContext>>();
        var storeResponses = new List<DimseCommand>();
        var storeRequests = new List<DimseCommand>();
        var getService = new TestService(Get, DimseCommandField.CGetRq, async (request, token) =>
        {
            contextsSeen.TrySetResult(request.Association.PresentationContexts);
            var context = request.Association.PresentationContexts.Single(c => c.AbstractSyntax == Ct && c.RequestorIsScp);
            for (int i = 0; i < instances.Length; i++)
            {
                var store = DimseCommand.CStoreRq(0, Ct, $"1.2.3.{i + 1}");
                storeRequests.Add(store);
                storeResponses.Add(await request.SendRequestAsync(context.Id, store, new MemoryStream(instances[i]), token));
                ushort remaining = (ushort)(instances.Length - i - 1);
                if (remaining > 0)
                    await request.RespondAsync(DimseCommand.CGetRsp(request.Command, DimseStatus.Pending, remaining, (ushort)(i + 1), 0, 0));
            }
            await request.RespondAsync(DimseCommand.CGetRsp(request.Command, DimseStatus.Success, null, (ushort)instances.Length, 0, 0));
        });
        await using var acceptor = new InProcessAcceptor(getService, Storage);

        var received = new List<(DimseCommand Command, byte[] DataSet, byte ContextId)>();
        await using var association = await acceptor.ConnectAsync([Get, Ct], options => options with
        {
            ScpRoleSopClasses = [Ct],
            OnStoreRequest = async (command, dataSet, contextId) =>
            {
                var bytes = new MemoryStream();
                await dataSet.CopyToAsync(bytes);
                lock (received) received.Add((command, bytes.ToArray(), contextId));
                return DimseStatus.Success;
            },
        });

        // The A-ASSOCIATE-AC accepts the SCP role the requestor proposed (and the SCU role, as proposed).
        var role = Assert.Single(association.Accepted.UserInformation.RoleSelections);
        Assert.Equal(Ct, role.SopClassUid);
        Assert.True(role.ScpRole);
        Assert.True(role.ScuRole);
        Assert.True(association.ContextFor(Ct)!.RequestorIsScp);

        var responses = await association.SendRequestAsync(Get, DimseCommand.CGetRq(association.NextMessageId(), Get), new MemoryStream(Identifier)).WaitAsync(Guard);

        // The requestor got both data sets whole, in order, on the storage context.
        Assert.Equal(2, received.Count);
        for (int i = 0; i < instances.Length; i++)
        {
            Assert.Equal(instances[i], received[i].DataSet);
            Assert.Equal($"1.2.3.{i + 1}", received[i].Command.AffectedSopInstanceUid);
            Assert.Equal(association.ContextFor(Ct)!.Id, received[i].ContextId);
        }
        // The service got a C-STORE-RSP for each, matched by Message ID, and the Message IDs differ.
        Assert.Equal(2, storeResponses.Count);
        for (int i = 0; i < instances.Length; i++)
        {
            Assert.Equal(DimseCommandField.CStoreRsp, storeResponses[i].CommandField);
            Assert.Equal(DimseStatus.Success, storeResponses[i].Status);
            Assert.Equal(storeRequests[i].MessageId, storeResponses[i].MessageIdBeingRespondedTo);
        }
        Assert.NotEqual(storeRequests[0].MessageId, storeRequests[1].MessageId);
        // Then the C-GET's own responses: one pending, then the final with the counts.
        Assert.Equal([DimseStatus.Pending, DimseStatus.Success], responses.Select(r => r.Status!.Value));
        Assert.Equal((ushort)1, responses[0].Command.NumberOfRemainingSuboperations);
        Assert.Equal((ushort)2, responses[^1].Command.NumberOfCompletedSuboperations);
        Assert.Equal((ushort)0, responses[^1].Command.NumberOfFailedSuboperations);

        var contexts = await contextsSeen.Task;
        Assert.False(contexts.Single(c => c.AbstractSyntax == Get).RequestorIsScp);
        Assert.Equal(DimseStatus.Success, await association.EchoAsync());
        await association.ReleaseAsync();
    }

    [Fact]
    public async Task A_sub_operation_waiting_for_its_response_fails_when_the_association_ends()
    {
        var storeArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var neverAnswered = new TaskCompletionSource<ushort>(TaskCreationOptions.RunContinuationsAsynchronously);
        var outcome = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var getService = new TestService(Get, DimseCommandField.CGetRq, async (request, _) =>
        {
            var context = request.Association.PresentationContexts.Single(c => c.AbstractSyntax == Ct && c.RequestorIsScp);
            try
            {
                // No token: only the end of the association can end this wait.
                await request.SendRequestAsync(context.Id, DimseCommand.CStoreRq(0, Ct, "1.2.3"), new MemoryStream(Identifier));
                outcome.TrySetResult(null);
            }
            catch (Exception e)
            {
                outcome.TrySetResult(e);
            }
        });
        await using var acceptor = new InProcessAcceptor(getService, Storage);
        await using var association = await acceptor.ConnectAsync([Get, Ct], options => options with
        {
            ScpRoleSopClasses = [Ct],
            OnStoreRequest = (_, _, _) =>
            {
                storeArrived.TrySetResult();
                return neverAnswered.Task;
            },
        });

        var running = association.SendRequestAsync(Get, DimseCommand.CGetRq(association.NextMessageId(), Get), new MemoryStream(Identifier));
        await storeArrived.Task.WaitAsync(Guard);
        await association.AbortAsync();

        var failure = await outcome.Task.WaitAsync(Guard);
        Assert.IsType<AssociationAbortedException>(failure);
        await Assert.ThrowsAsync<AssociationAbortedException>(() => running.WaitAsync(Guard));
        neverAnswered.TrySetResult(DimseStatus.Success);
    }
}
