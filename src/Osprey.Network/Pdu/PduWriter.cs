using System.Buffers;
using System.Buffers.Binary;

namespace Osprey.Network.Pdu;

/// <summary>
/// Encodes the DICOM upper-layer PDUs of PS3.8 §9.3, big endian, reserved fields zero. AE titles are padded
/// to 16 bytes with spaces; UIDs in items are written as they are, unpadded (odd lengths are allowed there).
/// User information sub-items are written in increasing order of item type (PS3.8 §9.3.2.3 notes that some
/// older peers expect it), each only when set, except the maximum length, which is always written.
/// </summary>
/// <remarks>
/// The writer encodes what it is given and does not judge negotiation content (an empty list of presentation
/// contexts, an even context ID, a missing implementation class UID are written as they are). It throws
/// <see cref="ArgumentException"/> only for what has no encoding: an AE title longer than 16 characters, a
/// character above U+00FF, an item longer than its 16-bit length allows, a user identity sub-item of the
/// wrong direction, or an unknown sub-item whose type is one this implementation knows.
/// </remarks>
public static class PduWriter
{
    /// <summary>The bytes <see cref="WritePDataTfHeader"/> writes: the PDU header and one PDV item header.</summary>
    public const int PDataTfHeaderLength = 12;

    /// <summary>The whole PDU, header included.</summary>
    public static byte[] Write(Pdu pdu)
    {
        ArgumentNullException.ThrowIfNull(pdu);
        switch (pdu)
        {
            case PDataTf data:
                {
                    var bytes = new byte[PDataTfLength(data)];
                    WritePDataTf(data, bytes);
                    return bytes;
                }
            case AssociateRq or AssociateAc:
                return BuildAssociate(pdu).Written.ToArray();
            default:
                {
                    var bytes = new byte[10];
                    WriteFixed(pdu, bytes);
                    return bytes;
                }
        }
    }

    /// <summary>The whole PDU, header included, written to <paramref name="output"/>.</summary>
    public static void Write(Pdu pdu, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(pdu);
        ArgumentNullException.ThrowIfNull(output);
        switch (pdu)
        {
            case PDataTf data:
                {
                    int length = PDataTfLength(data);
                    WritePDataTf(data, output.GetSpan(length));
                    output.Advance(length);
                    break;
                }
            case AssociateRq or AssociateAc:
                {
                    ReadOnlySpan<byte> bytes = BuildAssociate(pdu).Written;
                    bytes.CopyTo(output.GetSpan(bytes.Length));
                    output.Advance(bytes.Length);
                    break;
                }
            default:
                WriteFixed(pdu, output.GetSpan(10));
                output.Advance(10);
                break;
        }
    }

    /// <summary>
    /// Writes just the 6-byte header plus the item header of ONE presentation data value (PS3.8 §9.3.5,
    /// Tables 9-22 and 9-23), for a P-DATA-TF that carries a single PDV whose <paramref name="dataLength"/> bytes
    /// the caller writes next itself. The PDU length is <paramref name="dataLength"/> + 6 and the PDV item length
    /// <paramref name="dataLength"/> + 2 (the context ID and the message control header).
    /// </summary>
    public static void WritePDataTfHeader(Span<byte> destination12Bytes, byte presentationContextId, byte messageControlHeader, int dataLength)
    {
        if (destination12Bytes.Length < PDataTfHeaderLength)
            throw new ArgumentException($"the destination holds {destination12Bytes.Length} bytes; the header needs {PDataTfHeaderLength}", nameof(destination12Bytes));
        ArgumentOutOfRangeException.ThrowIfNegative(dataLength);
        destination12Bytes[0] = (byte)PduType.PDataTf;
        destination12Bytes[1] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(destination12Bytes[2..], (uint)dataLength + 6);
        BinaryPrimitives.WriteUInt32BigEndian(destination12Bytes[6..], (uint)dataLength + 2);
        destination12Bytes[10] = presentationContextId;
        destination12Bytes[11] = messageControlHeader;
    }

    // ---- P-DATA-TF (PS3.8 §9.3.5) ----

    private static int PDataTfLength(PDataTf data)
    {
        long length = PduReader.HeaderLength;
        foreach (PresentationDataValue value in data.Values) length += 6 + value.Data.Length;
        if (length > Array.MaxLength)
            throw new ArgumentException($"the P-DATA-TF would be {length} bytes long, more than one buffer holds");
        return (int)length;
    }

    private static void WritePDataTf(PDataTf data, Span<byte> destination)
    {
        destination[0] = (byte)PduType.PDataTf;
        destination[1] = 0;
        int pos = PduReader.HeaderLength;
        foreach (PresentationDataValue value in data.Values)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination[pos..], (uint)value.Data.Length + 2);
            destination[pos + 4] = value.PresentationContextId;
            destination[pos + 5] = value.MessageControlHeader;
            value.Data.Span.CopyTo(destination[(pos + 6)..]);
            pos += 6 + value.Data.Length;
        }
        BinaryPrimitives.WriteUInt32BigEndian(destination[2..], (uint)(pos - PduReader.HeaderLength));
    }

    // ---- A-ASSOCIATE-RJ, A-RELEASE-RQ/RP, A-ABORT: 10 bytes each (PS3.8 §9.3.4, §9.3.6–§9.3.8) ----

    private static void WriteFixed(Pdu pdu, Span<byte> destination)
    {
        (byte b7, byte b8, byte b9, byte b10) = pdu switch
        {
            AssociateRj rj => ((byte)0, (byte)rj.Result, (byte)rj.Source, rj.Reason),
            ReleaseRq or ReleaseRp => ((byte)0, (byte)0, (byte)0, (byte)0),
            Abort abort => ((byte)0, (byte)0, (byte)abort.Source, abort.Reason),
            _ => throw new ArgumentException($"{pdu.GetType().Name} is not a PDU type this writer knows", nameof(pdu)),
        };
        destination[0] = (byte)pdu.Type;
        destination[1] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(destination[2..], 4);
        destination[6] = b7;
        destination[7] = b8;
        destination[8] = b9;
        destination[9] = b10;
    }

    // ---- A-ASSOCIATE-RQ / A-ASSOCIATE-AC (PS3.8 §9.3.2, §9.3.3) ----

    private static PduBuilder BuildAssociate(Pdu pdu)
    {
        var b = new PduBuilder();
        int pduLength = b.BeginPdu(pdu.Type);
        switch (pdu)
        {
            case AssociateRq rq:
                AssociateFixedFields(b, rq.ProtocolVersion, rq.CalledAeTitle, rq.CallingAeTitle);
                ApplicationContext(b, rq.ApplicationContextName);
                foreach (PresentationContextRq context in rq.PresentationContexts) PresentationContext(b, context);
                UserInformation(b, rq.UserInformation, request: true);
                break;
            case AssociateAc ac:
                AssociateFixedFields(b, ac.ProtocolVersion, ac.CalledAeTitle, ac.CallingAeTitle);
                ApplicationContext(b, ac.ApplicationContextName);
                foreach (PresentationContextAc context in ac.PresentationContexts) PresentationContext(b, context);
                UserInformation(b, ac.UserInformation, request: false);
                break;
        }
        b.EndPdu(pduLength);
        return b;
    }

    /// <summary>Bytes 7–74: protocol version, reserved, called AE title, calling AE title, 32 reserved bytes.</summary>
    private static void AssociateFixedFields(PduBuilder b, ushort protocolVersion, string called, string calling)
    {
        b.U16(protocolVersion);
        b.Zeros(2);
        b.AeTitle(called, "called AE title");
        b.AeTitle(calling, "calling AE title");
        b.Zeros(32);
    }

    /// <summary>Application context item, 10H (PS3.8 §9.3.2.1).</summary>
    private static void ApplicationContext(PduBuilder b, string name)
    {
        int at = b.BeginItem(ItemType.ApplicationContext);
        b.Text(name, "application context name");
        b.EndItem(at, "application context item");
    }

    /// <summary>Presentation context item of an A-ASSOCIATE-RQ, 20H, with its 30H and 40H sub-items (PS3.8 §9.3.2.2).</summary>
    private static void PresentationContext(PduBuilder b, PresentationContextRq context)
    {
        int at = b.BeginItem(ItemType.PresentationContextRq);
        b.U8(context.Id);
        b.Zeros(3);
        TextItem(b, ItemType.AbstractSyntax, context.AbstractSyntax, "abstract syntax");
        foreach (string transferSyntax in context.TransferSyntaxes) TextItem(b, ItemType.TransferSyntax, transferSyntax, "transfer syntax");
        b.EndItem(at, $"presentation context item {context.Id}");
    }

    /// <summary>Presentation context item of an A-ASSOCIATE-AC, 21H, with its 40H sub-item (PS3.8 §9.3.3.2).</summary>
    private static void PresentationContext(PduBuilder b, PresentationContextAc context)
    {
        int at = b.BeginItem(ItemType.PresentationContextAc);
        b.U8(context.Id);
        b.U8(0);
        b.U8((byte)context.Result);
        b.U8(0);
        TextItem(b, ItemType.TransferSyntax, context.TransferSyntax, "transfer syntax");
        b.EndItem(at, $"presentation context item {context.Id}");
    }

    /// <summary>User information item, 50H (PS3.8 §9.3.2.3), with its sub-items (PS3.8 D.1, PS3.7 D.3.3).</summary>
    private static void UserInformation(PduBuilder b, UserInformation info, bool request)
    {
        if (request && info.UserIdentityResponse is not null)
            throw new ArgumentException("a user identity response (sub-item 59H) belongs in an A-ASSOCIATE-AC, not an A-ASSOCIATE-RQ");
        if (!request && info.UserIdentity is not null)
            throw new ArgumentException("a user identity request (sub-item 58H) belongs in an A-ASSOCIATE-RQ, not an A-ASSOCIATE-AC");
        foreach (UnknownItem item in info.UnknownSubItems)
            if (ItemType.IsKnown(item.Type))
                throw new ArgumentException($"an unknown sub-item cannot have the item type {item.Type:X2}H, which is defined; set the matching property instead");

        // Unknown sub-items go among the known ones by item type, keeping their own order among equals.
        UnknownItem[] unknown = [.. info.UnknownSubItems.OrderBy(item => item.Type)];
        int nextUnknown = 0;
        void UnknownBefore(int type)
        {
            for (; nextUnknown < unknown.Length && unknown[nextUnknown].Type < type; nextUnknown++)
            {
                UnknownItem item = unknown[nextUnknown];
                int itemAt = b.BeginItem(item.Type);
                b.Bytes(item.Value);
                b.EndItem(itemAt, $"user information sub-item {item.Type:X2}H");
            }
        }

        int at = b.BeginItem(ItemType.UserInformation);

        UnknownBefore(ItemType.MaximumLength);
        int sub = b.BeginItem(ItemType.MaximumLength);
        b.U32(info.MaximumLength);
        b.EndItem(sub, "maximum length sub-item");

        UnknownBefore(ItemType.ImplementationClassUid);
        if (info.ImplementationClassUid is { } classUid)
            TextItem(b, ItemType.ImplementationClassUid, classUid, "implementation class UID");

        UnknownBefore(ItemType.AsynchronousOperationsWindow);
        if (info.AsynchronousOperationsWindow is { } window)
        {
            sub = b.BeginItem(ItemType.AsynchronousOperationsWindow);
            b.U16(window.MaxOperationsInvoked);
            b.U16(window.MaxOperationsPerformed);
            b.EndItem(sub, "asynchronous operations window sub-item");
        }

        UnknownBefore(ItemType.RoleSelection);
        foreach (RoleSelection role in info.RoleSelections)
        {
            sub = b.BeginItem(ItemType.RoleSelection);
            b.LengthPrefixedText(role.SopClassUid, "SOP class UID");
            b.U8(role.ScuRole ? (byte)1 : (byte)0);
            b.U8(role.ScpRole ? (byte)1 : (byte)0);
            b.EndItem(sub, "SCP/SCU role selection sub-item");
        }

        UnknownBefore(ItemType.ImplementationVersionName);
        if (info.ImplementationVersionName is { } versionName)
            TextItem(b, ItemType.ImplementationVersionName, versionName, "implementation version name");

        UnknownBefore(ItemType.SopClassExtendedNegotiation);
        foreach (SopClassExtendedNegotiation negotiation in info.SopClassExtendedNegotiations)
        {
            sub = b.BeginItem(ItemType.SopClassExtendedNegotiation);
            b.LengthPrefixedText(negotiation.SopClassUid, "SOP class UID");
            b.Bytes(negotiation.ApplicationInformation);
            b.EndItem(sub, "SOP class extended negotiation sub-item");
        }

        UnknownBefore(ItemType.SopClassCommonExtendedNegotiation);
        foreach (SopClassCommonExtendedNegotiation negotiation in info.SopClassCommonExtendedNegotiations)
        {
            sub = b.BeginItem(ItemType.SopClassCommonExtendedNegotiation, secondByte: 0); // sub-item version 0
            b.LengthPrefixedText(negotiation.SopClassUid, "SOP class UID");
            b.LengthPrefixedText(negotiation.ServiceClassUid, "service class UID");
            int related = b.BeginLength();
            foreach (string uid in negotiation.RelatedGeneralSopClassUids) b.LengthPrefixedText(uid, "related general SOP class UID");
            b.EndItem(related, "related general SOP class identification");
            b.EndItem(sub, "SOP class common extended negotiation sub-item");
        }

        UnknownBefore(ItemType.UserIdentityRq);
        if (info.UserIdentity is { } identity)
        {
            sub = b.BeginItem(ItemType.UserIdentityRq);
            b.U8(identity.Type);
            b.U8(identity.PositiveResponseRequested ? (byte)1 : (byte)0);
            b.LengthPrefixedBytes(identity.PrimaryField, "user identity primary field");
            b.LengthPrefixedBytes(identity.SecondaryField, "user identity secondary field");
            b.EndItem(sub, "user identity sub-item");
        }

        UnknownBefore(ItemType.UserIdentityAc);
        if (info.UserIdentityResponse is { } response)
        {
            sub = b.BeginItem(ItemType.UserIdentityAc);
            b.LengthPrefixedBytes(response.ServerResponse, "user identity server response");
            b.EndItem(sub, "user identity sub-item");
        }

        UnknownBefore(int.MaxValue);
        b.EndItem(at, "user information item");
    }

    /// <summary>An item whose value is one UID or name (10H, 30H, 40H, 52H, 55H).</summary>
    private static void TextItem(PduBuilder b, byte type, string text, string what)
    {
        int at = b.BeginItem(type);
        b.Text(text, what);
        b.EndItem(at, what + " item");
    }
}
