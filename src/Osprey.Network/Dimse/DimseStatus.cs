namespace Osprey.Network.Dimse;

/// <summary>
/// Values of Status (0000,0900): the general ones of PS3.7 Annex C and the service-specific ones
/// of PS3.4 that the storage, query/retrieve and verification services use (PS3.4 Annex A, B, C).
/// Some service-specific codes mean different things in different services and share a value.
/// </summary>
public static class DimseStatus
{
    // ---- success, pending, cancel (PS3.7 Annex C) ----

    public const ushort Success = 0x0000;

    /// <summary>C-FIND, C-GET, C-MOVE: matches or sub-operations are continuing.</summary>
    public const ushort Pending = 0xFF00;

    /// <summary>C-FIND: matches are continuing, but one or more optional keys were not supported.</summary>
    public const ushort PendingWarning = 0xFF01;

    /// <summary>Ended by a C-CANCEL-RQ.</summary>
    public const ushort Cancel = 0xFE00;

    // ---- warnings (PS3.7 Annex C, PS3.4) ----

    /// <summary>N-GET, N-SET: requested optional attributes are not supported.</summary>
    public const ushort OptionalAttributesNotSupported = 0x0001;

    /// <summary>C-STORE: some data elements were coerced.</summary>
    public const ushort CoercionOfDataElements = 0xB000;

    /// <summary>C-GET, C-MOVE: sub-operations complete, one or more failed or gave a warning.</summary>
    public const ushort SubOperationsCompleteWithFailures = 0xB000;

    /// <summary>C-STORE: some elements were discarded.</summary>
    public const ushort ElementsDiscarded = 0xB006;

    /// <summary>C-STORE: the data set does not match the SOP class, but was stored.</summary>
    public const ushort DataSetDoesNotMatchSopClassWarning = 0xB007;

    public const ushort AttributeListError = 0x0107;
    public const ushort AttributeValueOutOfRange = 0x0116;

    // ---- service-specific failures (PS3.4) ----

    /// <summary>C-STORE, C-FIND, C-GET, C-MOVE: refused, out of resources (A7xx).</summary>
    public const ushort OutOfResources = 0xA700;

    /// <summary>C-GET, C-MOVE: out of resources, unable to calculate the number of matches.</summary>
    public const ushort OutOfResourcesUnableToCalculateNumberOfMatches = 0xA701;

    /// <summary>C-GET, C-MOVE: out of resources, unable to perform sub-operations.</summary>
    public const ushort OutOfResourcesUnableToPerformSubOperations = 0xA702;

    /// <summary>C-MOVE: the move destination is unknown.</summary>
    public const ushort MoveDestinationUnknown = 0xA801;

    /// <summary>C-STORE: the data set does not match the SOP class; C-FIND, C-GET, C-MOVE: the identifier does not (A9xx).</summary>
    public const ushort DataSetDoesNotMatchSopClass = 0xA900;

    /// <summary>C-STORE: cannot understand; C-FIND, C-GET, C-MOVE: unable to process (Cxxx).</summary>
    public const ushort CannotUnderstand = 0xC000;

    // ---- general failures (PS3.7 Annex C) ----

    public const ushort NoSuchAttribute = 0x0105;
    public const ushort InvalidAttributeValue = 0x0106;
    public const ushort ProcessingFailure = 0x0110;
    public const ushort DuplicateSopInstance = 0x0111;
    public const ushort NoSuchSopInstance = 0x0112;
    public const ushort NoSuchEventType = 0x0113;
    public const ushort NoSuchArgument = 0x0114;
    public const ushort InvalidArgumentValue = 0x0115;
    public const ushort InvalidObjectInstance = 0x0117;
    public const ushort NoSuchSopClass = 0x0118;
    public const ushort ClassInstanceConflict = 0x0119;
    public const ushort MissingAttribute = 0x0120;
    public const ushort MissingAttributeValue = 0x0121;
    public const ushort SopClassNotSupported = 0x0122;
    public const ushort NoSuchActionType = 0x0123;
    public const ushort NotAuthorized = 0x0124;
    public const ushort DuplicateInvocation = 0x0210;
    public const ushort UnrecognizedOperation = 0x0211;
    public const ushort MistypedArgument = 0x0212;
    public const ushort ResourceLimitation = 0x0213;

    /// <summary>
    /// The status class of a code, by the convention of PS3.7 Annex C: 0000H success; 0001H, Bxxx,
    /// 0107H and 0116H warning; FE00H cancel; FF00H and FF01H pending; everything else failure
    /// (Axxx, Cxxx, the rest of 01xx and 02xx, and codes PS3.7 does not allow).
    /// </summary>
    public static DimseStatusCategory Categorize(ushort status) => status switch
    {
        Success => DimseStatusCategory.Success,
        Pending or PendingWarning => DimseStatusCategory.Pending,
        Cancel => DimseStatusCategory.Cancel,
        OptionalAttributesNotSupported or AttributeListError or AttributeValueOutOfRange => DimseStatusCategory.Warning,
        >= 0xB000 and <= 0xBFFF => DimseStatusCategory.Warning,
        _ => DimseStatusCategory.Failure,
    };

    /// <summary>True for a status that ends the operation (any but pending).</summary>
    public static bool IsFinal(ushort status) => Categorize(status) != DimseStatusCategory.Pending;
}
