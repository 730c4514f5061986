using System.Diagnostics;
using Osprey.Dicom.Dictionary;
using Osprey.Network.Client;
using Osprey.Network.Dimse;
using Osprey.Network.Services;

namespace Osprey.Network.Tests.Association;

/// <summary>
/// C-CANCEL (PS3.7 §9.3.2.3; PS3.4 C.4.1.2.3) and the end of an association reach a running handler
/// through its cancellation token, while the association goes on reading.
/// </summary>
public class CancelTests
{
    private const string Find = DicomUids.StudyRootQueryRetrieveInformationModelFind;
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(5);

    private static readonly byte[] Match = [0x10, 0x00, 0x10, 0x00, 0x04, 0x00, 0x00, 0x00, (byte)'D', (byte)'O', (byte)'E', (byte)'^'];

    /// <summary>A C-FIND SCP that sends a pending match every few milliseconds until it is cancelled, then a final Cancel.</summary>
    private sealed class EndlessFind
    {
        public readonly TaskCompletionSource FirstPendingSent = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public readonly TaskCompletionSource<bool> Stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public int PendingSent;

        public TestService Service => new(Find, DimseCommandField.CFindRq, async (request, token) =>
        {
            await DrainAsync(request);
            try
            {
                while (true)
                {
                    await request.RespondAsync(DimseCommand.CFindRsp(request.Command, DimseStatus.Pending), Match);
                    PendingSent++;
                    FirstPendingSent.TrySetResult();
                    await Task.Delay(5, token);
                }
            }
            catch (OperationCanceledException)
            {
                Stopped.TrySetResult(token.IsCancellationRequested);
                await request.RespondAsync(DimseCommand.CFindRsp(request.Command, DimseStatus.Cancel));
            }
        });
    }

    private static async Task DrainAsync(DimseRequest request)
    {
        while (request.DataSet is { } reader)
        {
            var read = await reader.ReadAsync();
            reader.AdvanceTo(read.Buffer.End);
            if (read.IsCompleted) break;
        }
    }

    [Fact]
    public async Task A_C_CANCEL_stops_the_running_C_FIND_and_its_final_response_arrives_at_once()
    {
        var find = new EndlessFind();
        await using var acceptor = new InProcessAcceptor(find.Service);
        await using var association = await acceptor.ConnectAsync([Find]);

        var running = association.SendRequestAsync(Find, DimseCommand.CFindRq(association.NextMessageId(), Find), new MemoryStream(Match));
        await find.FirstPendingSent.Task.WaitAsync(Guard);
        var clock = Stopwatch.StartNew();
        await association.CancelRequestAsync();
        var responses = await running.WaitAsync(Guard);
        clock.Stop();

        Assert.True(await find.Stopped.Task, "the handler's token was cancelled");
        Assert.Equal(DimseStatus.Cancel, responses[^1].Status);
        Assert.Null(responses[^1].DataSet);
        var pending = responses.Take(responses.Count - 1).ToList();
        Assert.NotEmpty(pending);
        Assert.All(pending, r =>
        {
            Assert.Equal(DimseStatus.Pending, r.Status);
            Assert.Equal(Match, r.DataSet);
        });
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"the final response came {clock.Elapsed.TotalMilliseconds:F0} ms after the C-CANCEL-RQ");

        // The association is still good for more.
        Assert.Equal(DimseStatus.Success, await association.EchoAsync());
        await association.ReleaseAsync();
    }

    [Fact]
    public async Task A_C_CANCEL_for_another_message_is_ignored()
    {
        var find = new EndlessFind();
        await using var acceptor = new InProcessAcceptor(find.Service);
        await using var association = await acceptor.ConnectAsync([Find]);
        var context = association.ContextFor(Find)!;

        var request = DimseCommand.CFindRq(association.NextMessageId(), Find);
        var running = association.SendRequestAsync(context.Id, request, new MemoryStream(Match));
        await find.FirstPendingSent.Task.WaitAsync(Guard);
        // A C-CANCEL-RQ naming a message that is not running: the standard says to ignore it.
        await association.CancelRequestAsync((ushort)(request.MessageId!.Value + 1));
        int sentBefore = find.PendingSent;
        while (find.PendingSent < sentBefore + 3) await Task.Delay(5);
        Assert.False(find.Stopped.Task.IsCompleted);

        await association.CancelRequestAsync();
        var responses = await running.WaitAsync(Guard);
        Assert.Equal(DimseStatus.Cancel, responses[^1].Status);
        await association.ReleaseAsync();
    }

    [Fact]
    public async Task Aborting_the_association_cancels_the_running_handler()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var service = new TestService(Find, DimseCommandField.CFindRq, async (request, token) =>
        {
            await DrainAsync(request);
            using var registration = token.Register(() => cancelled.TrySetResult());
            started.TrySetResult();
            await Task.Delay(Timeout.Infinite, token);
        });
        await using var acceptor = new InProcessAcceptor(service);
        await using var association = await acceptor.ConnectAsync([Find]);

        var running = association.SendRequestAsync(Find, DimseCommand.CFindRq(association.NextMessageId(), Find), new MemoryStream(Match));
        await started.Task.WaitAsync(Guard);
        await association.AbortAsync();

        await cancelled.Task.WaitAsync(Guard);
        await Assert.ThrowsAsync<AssociationAbortedException>(() => running.WaitAsync(Guard));
    }

    [Fact]
    public async Task Releasing_the_association_cancels_a_handler_that_outlives_its_answer()
    {
        var answered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var service = new TestService(Find, DimseCommandField.CFindRq, async (request, token) =>
        {
            await DrainAsync(request);
            using var registration = token.Register(() => cancelled.TrySetResult());
            await request.RespondAsync(DimseCommand.CFindRsp(request.Command, DimseStatus.Success));
            answered.TrySetResult();
            await Task.Delay(Timeout.Infinite, token);
        });
        await using var acceptor = new InProcessAcceptor(service);
        await using var association = await acceptor.ConnectAsync([Find]);

        var responses = await association.SendRequestAsync(Find, DimseCommand.CFindRq(association.NextMessageId(), Find), new MemoryStream(Match));
        Assert.Equal(DimseStatus.Success, responses[^1].Status);
        await answered.Task.WaitAsync(Guard);
        await association.ReleaseAsync();

        await cancelled.Task.WaitAsync(Guard);
    }
}
