namespace Osprey.Network.Services;

/// <summary>
/// A presentation context accepted on an association (PS3.8 §7.1.1.13), with the roles the
/// SCP/SCU Role Selection negotiation gave the association-requestor for its abstract syntax
/// (PS3.7 §D.3.3.4): without a role selection item the requestor is SCU only. Where the requestor
/// is SCP, the acceptor may send it requests of that SOP class (C-GET's C-STORE sub-operations,
/// PS3.4 C.4.3.3).
/// </summary>
public sealed record AcceptedPresentationContext(byte Id, string AbstractSyntax, string TransferSyntax, bool RequestorIsScu, bool RequestorIsScp);
