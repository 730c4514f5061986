using System.Net;
using Osprey.Network.Association;
using Osprey.Network.Client;
using Osprey.Network.Dimse;
using Osprey.Network.Services;
using Osprey.Network.UpperLayer;

namespace Osprey.Network.Tests.Association;

/// <summary>A service for tests: the SOP class and command it answers, and what it does with each request.</summary>
internal sealed class TestService(string sopClassUid, DimseCommandField command, Func<DimseRequest, CancellationToken, Task> handle) : IDimseService
{
    public IReadOnlyCollection<string> SopClassUids { get; } = [sopClassUid];
    public IReadOnlyCollection<string> TransferSyntaxes(string sopClassUid) => [InProcessAcceptor.ExplicitLittleEndian];
    public IReadOnlyCollection<DimseCommandField> Commands { get; } = [command];
    public Task HandleAsync(DimseRequest request, CancellationToken cancellationToken) => handle(request, cancellationToken);
}

/// <summary>An Osprey acceptor on 127.0.0.1 (a free port) with the given services, and requestors to it.</summary>
internal sealed class InProcessAcceptor : IAsyncDisposable
{
    public const string ExplicitLittleEndian = "1.2.840.10008.1.2.1";
    public const string CalledAe = "OSPREY";

    private readonly DicomListener _listener;

    public InProcessAcceptor(params IDimseService[] services)
    {
        var registry = new ServiceRegistry().Add(new VerificationService());
        foreach (var service in services) registry.Add(service);
        _listener = new DicomListener(new IPEndPoint(IPAddress.Loopback, 0), registry,
            (_, _) => new AcceptorPolicy { CalledAeTitles = [CalledAe], MaxPduLength = 16384 }, new UpperLayerOptions(), 4);
        _listener.Start();
    }

    /// <summary>Opens an association proposing each SOP class (and Verification) in Explicit VR Little Endian.</summary>
    public Task<ClientAssociation> ConnectAsync(IEnumerable<string> sopClasses, Func<ClientOptions, ClientOptions>? configure = null)
    {
        var options = new ClientOptions
        {
            Host = "127.0.0.1",
            Port = _listener.Port,
            CalledAeTitle = CalledAe,
            MaxPduLength = 16384,
            Proposals = [.. sopClasses.Append(VerificationService.SopClassUid).Select(uid => (uid, (IReadOnlyList<string>)[ExplicitLittleEndian]))],
        };
        return ClientAssociation.ConnectAsync(configure?.Invoke(options) ?? options);
    }

    public ValueTask DisposeAsync() => _listener.DisposeAsync();
}
