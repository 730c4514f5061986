using System.Buffers.Binary;

namespace Osprey.Network.Pdu;

/// <summary>
/// Parses the DICOM upper-layer PDUs of PS3.8 §9.3. The caller reads the 6-byte header, then the number of
/// bytes it announces, and hands that body to <see cref="Parse"/>.
/// </summary>
/// <remarks>
/// Every length is checked against the bytes actually present. Items of unknown types are skipped
/// (PS3.8 §9.3.1), except in the user information item, where they are kept in
/// <see cref="UserInformation.UnknownSubItems"/>; an item of a known type where it may not stand is refused.
/// Reserved fields (including the AE title fields of an A-ASSOCIATE-AC) are not tested, and enumerated
/// values are kept as received: judging them (the protocol version, the application context name, odd
/// context IDs) is the state machine's work. Malformed content throws <see cref="PduFormatException"/>, whose
/// abort reason is <see cref="AbortReason.InvalidPduParameterValue"/> for lengths that disagree with the bytes
/// and for missing mandatory items, <see cref="AbortReason.UnexpectedPduParameter"/> for an item of a known
/// type that is not allowed where it stands or is repeated where only one may be, and
/// <see cref="AbortReason.UnrecognizedPdu"/> for a PDU type outside PS3.8.
/// </remarks>
public static partial class PduReader
{
    public const int HeaderLength = 6;

    /// <summary>
    /// Fixed fields of the A-ASSOCIATE-RQ/AC body (PS3.8 Tables 9-11 and 9-17, bytes 7–74): protocol version (2),
    /// reserved (2), called AE title (16), calling AE title (16), reserved (32).
    /// </summary>
    private const int AssociateFixedLength = 68;

    /// <summary>Reads the 6-byte PDU header: type byte, reserved byte, 32-bit big-endian length.</summary>
    /// <returns>false when fewer than <see cref="HeaderLength"/> bytes are given.</returns>
    public static bool TryReadHeader(ReadOnlySpan<byte> header, out byte type, out uint length)
    {
        if (header.Length < HeaderLength)
        {
            type = 0;
            length = 0;
            return false;
        }
        type = header[0];
        length = BinaryPrimitives.ReadUInt32BigEndian(header[2..]);
        return true;
    }

    /// <summary>Whether <paramref name="type"/> is one of the seven PDU types of PS3.8 §9.3 (01H to 07H).</summary>
    public static bool IsKnownType(byte type) => type is >= (byte)PduType.AssociateRq and <= (byte)PduType.Abort;

    /// <summary>
    /// Parses the PDU body (the <c>length</c> bytes after the header). Throws <see cref="PduFormatException"/>
    /// with the abort reason to send for malformed content. For P-DATA-TF the PDV data are slices of
    /// <paramref name="body"/> (no copy); every other PDU copies what it keeps.
    /// </summary>
    public static Pdu Parse(PduType type, ReadOnlyMemory<byte> body) => type switch
    {
        PduType.AssociateRq => ParseAssociateRq(body.Span),
        PduType.AssociateAc => ParseAssociateAc(body.Span),
        PduType.AssociateRj => ParseAssociateRj(body.Span),
        PduType.PDataTf => ParsePDataTf(body),
        PduType.ReleaseRq => ParseReserved4(body.Span, "A-RELEASE-RQ", new ReleaseRq()),
        PduType.ReleaseRp => ParseReserved4(body.Span, "A-RELEASE-RP", new ReleaseRp()),
        PduType.Abort => ParseAbort(body.Span),
        _ => throw new PduFormatException($"unrecognized PDU type {(byte)type:X2}H", AbortReason.UnrecognizedPdu),
    };

    // ---- A-ASSOCIATE-RQ / A-ASSOCIATE-AC (PS3.8 §9.3.2, §9.3.3) ----

    private static AssociateRq ParseAssociateRq(ReadOnlySpan<byte> body)
    {
        var p = ParseAssociate(body, "A-ASSOCIATE-RQ", ItemType.PresentationContextRq, ParsePresentationContextRq, request: true);
        return new AssociateRq
        {
            ProtocolVersion = p.Version,
            CalledAeTitle = p.Called,
            CallingAeTitle = p.Calling,
            ApplicationContextName = p.ApplicationContext,
            PresentationContexts = p.Contexts,
            UserInformation = p.UserInformation,
        };
    }

    private static AssociateAc ParseAssociateAc(ReadOnlySpan<byte> body)
    {
        var p = ParseAssociate(body, "A-ASSOCIATE-AC", ItemType.PresentationContextAc, ParsePresentationContextAc, request: false);
        return new AssociateAc
        {
            ProtocolVersion = p.Version,
            CalledAeTitle = p.Called,
            CallingAeTitle = p.Calling,
            ApplicationContextName = p.ApplicationContext,
            PresentationContexts = p.Contexts,
            UserInformation = p.UserInformation,
        };
    }

    private delegate T ItemParser<T>(ReadOnlySpan<byte> value, int at);

    private readonly record struct AssociateParts<T>(ushort Version, string Called, string Calling, string ApplicationContext, List<T> Contexts, UserInformation UserInformation);

    /// <summary>The shared body of A-ASSOCIATE-RQ and -AC: fixed fields, then application context, presentation contexts and user information items.</summary>
    private static AssociateParts<T> ParseAssociate<T>(ReadOnlySpan<byte> body, string name, byte contextItemType, ItemParser<T> parseContext, bool request)
    {
        ReadAssociateFixedFields(body, name, out ushort version, out string called, out string calling);
        string? applicationContext = null;
        var contexts = new List<T>();
        UserInformation? userInformation = null;
        var items = new ItemCursor(body[AssociateFixedLength..], AssociateFixedLength, name);
        while (items.Next(out byte type, out ReadOnlySpan<byte> value, out int at))
        {
            if (type == contextItemType)
            {
                contexts.Add(parseContext(value, at));
                continue;
            }
            switch (type)
            {
                case ItemType.ApplicationContext:
                    if (applicationContext is not null) throw Repeated("application context item", name, at);
                    applicationContext = PduText.ReadItemText(value);
                    break;
                case ItemType.UserInformation:
                    if (userInformation is not null) throw Repeated("user information item", name, at);
                    userInformation = ParseUserInformation(value, at, request);
                    break;
                default:
                    RefuseKnownItem(type, at, "an " + name); // an unknown item type is skipped (PS3.8 §9.3.1)
                    break;
            }
        }
        CheckMandatoryItems(name, applicationContext, contexts.Count, userInformation);
        return new AssociateParts<T>(version, called, calling, applicationContext!, contexts, userInformation!);
    }

    private static void ReadAssociateFixedFields(ReadOnlySpan<byte> body, string name, out ushort version, out string called, out string calling)
    {
        if (body.Length < AssociateFixedLength)
            throw Invalid($"{name} body is {body.Length} bytes long, shorter than its {AssociateFixedLength} bytes of fixed fields");
        version = BinaryPrimitives.ReadUInt16BigEndian(body);
        called = PduText.ReadAeTitle(body.Slice(4, PduText.AeTitleLength));
        calling = PduText.ReadAeTitle(body.Slice(20, PduText.AeTitleLength));
    }

    private static void CheckMandatoryItems(string name, string? applicationContext, int contexts, UserInformation? userInformation)
    {
        if (applicationContext is null) throw Invalid($"{name} has no application context item");
        if (contexts == 0) throw Invalid($"{name} has no presentation context item");
        if (userInformation is null) throw Invalid($"{name} has no user information item");
    }

    /// <summary>A presentation context item of an A-ASSOCIATE-RQ (PS3.8 §9.3.2.2, Table 9-13).</summary>
    private static PresentationContextRq ParsePresentationContextRq(ReadOnlySpan<byte> value, int at)
    {
        if (value.Length < 4)
            throw Invalid($"presentation context item at body offset {at} is {value.Length} bytes long, too short for its 4 bytes of fixed fields");
        byte id = value[0];
        string where = $"presentation context item {id} of an A-ASSOCIATE-RQ";
        string? abstractSyntax = null;
        var transferSyntaxes = new List<string>();
        var items = new ItemCursor(value[4..], at + 8, where);
        while (items.Next(out byte type, out ReadOnlySpan<byte> sub, out int subAt))
        {
            switch (type)
            {
                case ItemType.AbstractSyntax:
                    if (abstractSyntax is not null) throw Repeated("abstract syntax sub-item", where, subAt);
                    abstractSyntax = PduText.ReadItemText(sub);
                    break;
                case ItemType.TransferSyntax:
                    transferSyntaxes.Add(PduText.ReadItemText(sub));
                    break;
                default:
                    RefuseKnownItem(type, subAt, where);
                    break;
            }
        }
        if (abstractSyntax is null) throw Invalid($"{where} has no abstract syntax sub-item");
        if (transferSyntaxes.Count == 0) throw Invalid($"{where} has no transfer syntax sub-item");
        return new PresentationContextRq(id, abstractSyntax, transferSyntaxes);
    }

    /// <summary>A presentation context item of an A-ASSOCIATE-AC (PS3.8 §9.3.3.2, Table 9-18).</summary>
    private static PresentationContextAc ParsePresentationContextAc(ReadOnlySpan<byte> value, int at)
    {
        if (value.Length < 4)
            throw Invalid($"presentation context item at body offset {at} is {value.Length} bytes long, too short for its 4 bytes of fixed fields");
        byte id = value[0];
        var result = (PresentationContextResult)value[2];
        string where = $"presentation context item {id} of an A-ASSOCIATE-AC";
        string? transferSyntax = null;
        var items = new ItemCursor(value[4..], at + 8, where);
        while (items.Next(out byte type, out ReadOnlySpan<byte> sub, out int subAt))
        {
            switch (type)
            {
                case ItemType.TransferSyntax:
                    if (transferSyntax is not null) throw Repeated("transfer syntax sub-item", where, subAt);
                    transferSyntax = PduText.ReadItemText(sub);
                    break;
                default:
                    RefuseKnownItem(type, subAt, where);
                    break;
            }
        }
        // The transfer syntax is not significant when the context is rejected (Table 9-18), so it may be absent then.
        if (transferSyntax is null && result == PresentationContextResult.Acceptance)
            throw Invalid($"{where} accepts the context but has no transfer syntax sub-item");
        return new PresentationContextAc(id, result, transferSyntax ?? "");
    }

    // ---- User information (PS3.8 §9.3.2.3, Annex D.1; PS3.7 Annex D.3.3) ----

    private static UserInformation ParseUserInformation(ReadOnlySpan<byte> value, int at, bool request)
    {
        const string Where = "user information item";
        uint? maximumLength = null;
        string? implementationClassUid = null, implementationVersionName = null;
        AsynchronousOperationsWindow? window = null;
        List<RoleSelection>? roles = null;
        List<SopClassExtendedNegotiation>? extended = null;
        List<SopClassCommonExtendedNegotiation>? commonExtended = null;
        UserIdentityRq? identity = null;
        UserIdentityAc? identityResponse = null;
        List<UnknownItem>? unknown = null;

        var items = new ItemCursor(value, at + 4, Where);
        while (items.Next(out byte type, out ReadOnlySpan<byte> sub, out int subAt))
        {
            switch (type)
            {
                case ItemType.MaximumLength:
                    {
                        if (maximumLength is not null) throw Repeated("maximum length sub-item", Where, subAt);
                        var f = new FieldCursor(sub, subAt, "maximum length sub-item");
                        maximumLength = f.U32();
                        f.End();
                        break;
                    }
                case ItemType.ImplementationClassUid:
                    if (implementationClassUid is not null) throw Repeated("implementation class UID sub-item", Where, subAt);
                    implementationClassUid = PduText.ReadItemText(sub);
                    break;
                case ItemType.AsynchronousOperationsWindow:
                    {
                        if (window is not null) throw Repeated("asynchronous operations window sub-item", Where, subAt);
                        var f = new FieldCursor(sub, subAt, "asynchronous operations window sub-item");
                        window = new AsynchronousOperationsWindow(f.U16(), f.U16());
                        f.End();
                        break;
                    }
                case ItemType.RoleSelection:
                    {
                        var f = new FieldCursor(sub, subAt, "SCP/SCU role selection sub-item");
                        string uid = PduText.ReadItemText(f.LengthPrefixed());
                        bool scu = f.U8() != 0, scp = f.U8() != 0;
                        f.End();
                        (roles ??= []).Add(new RoleSelection(uid, scu, scp));
                        break;
                    }
                case ItemType.ImplementationVersionName:
                    if (implementationVersionName is not null) throw Repeated("implementation version name sub-item", Where, subAt);
                    implementationVersionName = PduText.ReadItemText(sub);
                    break;
                case ItemType.SopClassExtendedNegotiation:
                    {
                        var f = new FieldCursor(sub, subAt, "SOP class extended negotiation sub-item");
                        string uid = PduText.ReadItemText(f.LengthPrefixed());
                        (extended ??= []).Add(new SopClassExtendedNegotiation(uid, f.Rest().ToArray()));
                        break;
                    }
                case ItemType.SopClassCommonExtendedNegotiation:
                    (commonExtended ??= []).Add(ParseCommonExtendedNegotiation(sub, subAt));
                    break;
                case ItemType.UserIdentityRq:
                    {
                        if (!request) throw Unexpected($"user identity request sub-item (58H) at body offset {subAt} in an A-ASSOCIATE-AC");
                        if (identity is not null) throw Repeated("user identity sub-item", Where, subAt);
                        var f = new FieldCursor(sub, subAt, "user identity sub-item");
                        byte identityType = f.U8();
                        bool positiveResponseRequested = f.U8() != 0;
                        byte[] primary = f.LengthPrefixed().ToArray();
                        // The secondary-field-length is mandatory (PS3.7 Table D.3-14), but a sub-item that ends
                        // after the primary field is read as having an empty secondary field.
                        byte[] secondary = f.AtEnd ? [] : f.LengthPrefixed().ToArray();
                        f.End();
                        identity = new UserIdentityRq(identityType, positiveResponseRequested, primary, secondary);
                        break;
                    }
                case ItemType.UserIdentityAc:
                    {
                        if (request) throw Unexpected($"user identity response sub-item (59H) at body offset {subAt} in an A-ASSOCIATE-RQ");
                        if (identityResponse is not null) throw Repeated("user identity sub-item", Where, subAt);
                        var f = new FieldCursor(sub, subAt, "user identity sub-item");
                        byte[] response = f.LengthPrefixed().ToArray();
                        f.End();
                        identityResponse = new UserIdentityAc(response);
                        break;
                    }
                default:
                    RefuseKnownItem(type, subAt, "a user information item");
                    (unknown ??= []).Add(new UnknownItem(type, sub.ToArray()));
                    break;
            }
        }

        return new UserInformation
        {
            MaximumLength = maximumLength ?? 0,
            ImplementationClassUid = implementationClassUid,
            ImplementationVersionName = implementationVersionName,
            AsynchronousOperationsWindow = window,
            RoleSelections = (IReadOnlyList<RoleSelection>?)roles ?? [],
            SopClassExtendedNegotiations = (IReadOnlyList<SopClassExtendedNegotiation>?)extended ?? [],
            SopClassCommonExtendedNegotiations = (IReadOnlyList<SopClassCommonExtendedNegotiation>?)commonExtended ?? [],
            UserIdentity = identity,
            UserIdentityResponse = identityResponse,
            UnknownSubItems = (IReadOnlyList<UnknownItem>?)unknown ?? [],
        };
    }

    /// <summary>SOP Class Common Extended Negotiation sub-item (PS3.7 D.3.3.6, Tables D.3-12 and D.3-13).</summary>
    private static SopClassCommonExtendedNegotiation ParseCommonExtendedNegotiation(ReadOnlySpan<byte> sub, int at)
    {
        const string What = "SOP class common extended negotiation sub-item";
        var f = new FieldCursor(sub, at, What);
        string sopClass = PduText.ReadItemText(f.LengthPrefixed());
        string serviceClass = PduText.ReadItemText(f.LengthPrefixed());
        var related = new List<string>();
        // A sub-item that ends after the service class UID is read as naming no related general SOP class.
        if (!f.AtEnd)
        {
            var list = new FieldCursor(f.LengthPrefixed(), at, "related general SOP class identification of a " + What);
            f.End();
            while (!list.AtEnd) related.Add(PduText.ReadItemText(list.LengthPrefixed()));
        }
        return new SopClassCommonExtendedNegotiation(sopClass, serviceClass, related);
    }

    // ---- A-ASSOCIATE-RJ, P-DATA-TF, A-RELEASE-RQ/RP, A-ABORT (PS3.8 §9.3.4 to §9.3.8) ----

    private static AssociateRj ParseAssociateRj(ReadOnlySpan<byte> body)
    {
        CheckFixed4(body, "A-ASSOCIATE-RJ");
        return new AssociateRj((AssociateRjResult)body[1], (AssociateRjSource)body[2], body[3]);
    }

    private static Abort ParseAbort(ReadOnlySpan<byte> body)
    {
        CheckFixed4(body, "A-ABORT");
        return new Abort((AbortSource)body[2], body[3]);
    }

    private static T ParseReserved4<T>(ReadOnlySpan<byte> body, string name, T pdu) where T : Pdu
    {
        CheckFixed4(body, name);
        return pdu;
    }

    private static void CheckFixed4(ReadOnlySpan<byte> body, string name)
    {
        if (body.Length != 4) throw Invalid($"{name} body is {body.Length} bytes long; it must be 4");
    }

    /// <summary>P-DATA-TF (PS3.8 §9.3.5): presentation data value items, each with a 32-bit length (Table 9-23).</summary>
    private static PDataTf ParsePDataTf(ReadOnlyMemory<byte> body)
    {
        ReadOnlySpan<byte> span = body.Span;
        if (span.IsEmpty) throw Invalid("P-DATA-TF has no presentation data value item");
        var values = new List<PresentationDataValue>(1);
        int pos = 0;
        while (pos < span.Length)
        {
            int remaining = span.Length - pos;
            if (remaining < 4)
                throw Invalid($"P-DATA-TF: {remaining} byte(s) at body offset {pos} are too few for a presentation data value item header");
            uint length = BinaryPrimitives.ReadUInt32BigEndian(span[pos..]);
            if (length < 2)
                throw Invalid($"P-DATA-TF: presentation data value item at body offset {pos} has length {length}, too short for a context ID and a message control header");
            if (length > (uint)(remaining - 4))
                throw Invalid($"P-DATA-TF: presentation data value item at body offset {pos} has length {length}, but only {remaining - 4} byte(s) follow");
            values.Add(new PresentationDataValue(span[pos + 4], span[pos + 5], body.Slice(pos + 6, (int)length - 2)));
            pos += 4 + (int)length;
        }
        return new PDataTf(values);
    }

    // ---- Helpers ----

    private static PduFormatException Invalid(string reason) => new(reason, AbortReason.InvalidPduParameterValue);

    private static PduFormatException Unexpected(string reason) => new(reason, AbortReason.UnexpectedPduParameter);

    private static PduFormatException Repeated(string what, string where, int at) =>
        Unexpected($"a second {what} at body offset {at} in the {where}; only one is allowed");

    /// <summary>Refuses an item of a type defined somewhere in PS3.8/PS3.7 that may not stand here; an unknown type passes.</summary>
    private static void RefuseKnownItem(byte type, int at, string where)
    {
        if (ItemType.IsKnown(type))
            throw Unexpected($"item type {type:X2}H at body offset {at} is not allowed in {where}");
    }
}
