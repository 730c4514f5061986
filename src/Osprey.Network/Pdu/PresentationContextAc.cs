namespace Osprey.Network.Pdu;

/// <summary>
/// The acceptor's answer to one proposed presentation context, in an A-ASSOCIATE-AC (PS3.8 §9.3.3.2, item 21H).
/// <see cref="TransferSyntax"/> is the accepted transfer syntax; it is not significant, and may be "", when
/// the context is rejected.
/// </summary>
public sealed record PresentationContextAc(byte Id, PresentationContextResult Result, string TransferSyntax);

/// <summary>Result/Reason field of the presentation context item of an A-ASSOCIATE-AC (PS3.8 §9.3.3.2, Table 9-18).</summary>
public enum PresentationContextResult : byte
{
    Acceptance = 0,
    UserRejection = 1,

    /// <summary>Provider rejection, no reason given.</summary>
    NoReason = 2,

    /// <summary>Provider rejection: the abstract syntax is not supported.</summary>
    AbstractSyntaxNotSupported = 3,

    /// <summary>Provider rejection: none of the proposed transfer syntaxes is supported.</summary>
    TransferSyntaxesNotSupported = 4,
}
