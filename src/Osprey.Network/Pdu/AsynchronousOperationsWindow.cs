namespace Osprey.Network.Pdu;

/// <summary>
/// Asynchronous Operations Window sub-item (53H, PS3.7 D.3.3.3): how many operations the sender may invoke,
/// and will perform, without waiting for their responses. 0 means unlimited; 1 and 1 is the synchronous default.
/// </summary>
public sealed record AsynchronousOperationsWindow(ushort MaxOperationsInvoked, ushort MaxOperationsPerformed);
