using Microsoft.Extensions.Hosting;

namespace Osprey.Server.Hosting;

/// <summary>The DICOM listeners as a hosted service of <c>osprey serve</c>'s host: up at start, stopped at shutdown.</summary>
public sealed class DicomListenersService(OspreyNode node) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => node.StartAsync();

    public Task StopAsync(CancellationToken cancellationToken) => node.StopAsync();
}
