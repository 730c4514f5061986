using Osprey.Network.Dimse;

namespace Osprey.Network.Services;

/// <summary>The services an acceptor offers, looked up by SOP class and command (DESIGN: services plug in).</summary>
public sealed class ServiceRegistry
{
    private readonly Dictionary<string, IDimseService> _bySopClass = [];

    public ServiceRegistry Add(IDimseService service)
    {
        foreach (var uid in service.SopClassUids) _bySopClass[uid] = service;
        return this;
    }

    /// <summary>The transfer syntaxes accepted for an abstract syntax, or null when no service handles it.</summary>
    public IReadOnlyCollection<string>? TransferSyntaxesFor(string sopClassUid)
        => _bySopClass.TryGetValue(sopClassUid, out var s) ? s.TransferSyntaxes(sopClassUid) : null;

    /// <summary>The extended negotiation the service of the SOP class accepts, or null (see <see cref="IDimseService.NegotiateExtended"/>).</summary>
    public byte[]? NegotiateExtended(string sopClassUid, byte[] offered)
        => _bySopClass.TryGetValue(sopClassUid, out var s) ? s.NegotiateExtended(sopClassUid, offered) : null;

    public IDimseService? Find(string sopClassUid, DimseCommandField command)
        => _bySopClass.TryGetValue(sopClassUid, out var s) && s.Commands.Contains(command) ? s : null;
}
