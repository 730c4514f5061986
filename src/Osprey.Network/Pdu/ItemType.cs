namespace Osprey.Network.Pdu;

/// <summary>
/// Item-type bytes of the items in the variable fields of the A-ASSOCIATE PDUs (PS3.8 §9.3.2–§9.3.3,
/// Annex D) and of the user information sub-items (PS3.7 Annex D.3.3).
/// </summary>
internal static class ItemType
{
    public const byte ApplicationContext = 0x10;
    public const byte PresentationContextRq = 0x20;
    public const byte PresentationContextAc = 0x21;
    public const byte AbstractSyntax = 0x30;
    public const byte TransferSyntax = 0x40;
    public const byte UserInformation = 0x50;
    public const byte MaximumLength = 0x51;
    public const byte ImplementationClassUid = 0x52;
    public const byte AsynchronousOperationsWindow = 0x53;
    public const byte RoleSelection = 0x54;
    public const byte ImplementationVersionName = 0x55;
    public const byte SopClassExtendedNegotiation = 0x56;
    public const byte SopClassCommonExtendedNegotiation = 0x57;
    public const byte UserIdentityRq = 0x58;
    public const byte UserIdentityAc = 0x59;

    /// <summary>Whether this is an item or sub-item type that this implementation knows (wherever it may stand).</summary>
    public static bool IsKnown(byte type) => type is ApplicationContext or PresentationContextRq or PresentationContextAc
        or AbstractSyntax or TransferSyntax or UserInformation or (>= MaximumLength and <= UserIdentityAc);
}
