namespace Osprey.Network.Association;

/// <summary>An accepted association in progress: who, since when, and the bytes of the PDUs received and sent so far.</summary>
public sealed record OpenAssociation(string RemoteAddress, string CallingAeTitle, string CalledAeTitle, DateTimeOffset Since, long BytesReceived, long BytesSent, string? Tls);
