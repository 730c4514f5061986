using Osprey.Dicom.Data;
using Osprey.Dicom.Dictionary;
using Osprey.Dicom.IO;

namespace Osprey.Network.Dimse;

/// <summary>
/// The command set of a DIMSE message (PS3.7 §6.3): the group 0000 elements of PS3.7 Annex E,
/// held in a <see cref="DicomDataset"/> with typed properties over the fields of the DIMSE-C
/// (§9.3) and DIMSE-N (§10.3) messages. A property set to null removes its element. The encoding is
/// always Implicit VR Little Endian with the Command Group Length first (PS3.7 §6.3.1, §E.1).
/// </summary>
public sealed partial class DimseCommand
{
    /// <summary>Command Data Set Type (0000,0800) saying that no data set follows the command (PS3.7 §E.1).</summary>
    public const ushort NoDataSet = 0x0101;

    /// <summary>
    /// The Command Data Set Type written when a data set follows. PS3.7 §E.1 gives meaning only to
    /// 0101H; any other value says a data set is present.
    /// </summary>
    public const ushort DataSetPresent = 0x0001;

    /// <summary>Longest value of a UID (PS3.5 §9.1) and of an AE title (PS3.5 §6.2).</summary>
    private const int MaxUidLength = 64, MaxAeLength = 16, MaxErrorCommentLength = 64;

    /// <summary>A new command of the given kind, with no data set.</summary>
    public DimseCommand(DimseCommandField commandField)
    {
        Dataset = new DicomDataset();
        CommandField = commandField;
        CommandDataSetType = NoDataSet;
    }

    private DimseCommand(DicomDataset dataset) => Dataset = dataset;

    /// <summary>The elements of the command set, for fields that have no property here.</summary>
    public DicomDataset Dataset { get; }

    // ---- fields (PS3.7 Annex E) ----

    /// <summary>Command Field (0000,0100).</summary>
    public DimseCommandField CommandField
    {
        get => (DimseCommandField)(GetUInt16(DicomTags.CommandField)
            ?? throw new InvalidOperationException("the command set has no Command Field (0000,0100)"));
        set => SetUInt16(DicomTags.CommandField, (ushort)value);
    }

    /// <summary>Message ID (0000,0110), in requests.</summary>
    public ushort? MessageId
    {
        get => GetUInt16(DicomTags.MessageID);
        set => SetUInt16(DicomTags.MessageID, value);
    }

    /// <summary>Message ID Being Responded To (0000,0120), in responses and C-CANCEL-RQ.</summary>
    public ushort? MessageIdBeingRespondedTo
    {
        get => GetUInt16(DicomTags.MessageIDBeingRespondedTo);
        set => SetUInt16(DicomTags.MessageIDBeingRespondedTo, value);
    }

    /// <summary>Affected SOP Class UID (0000,0002).</summary>
    public string? AffectedSopClassUid
    {
        get => Dataset.GetString(DicomTags.AffectedSOPClassUID);
        set => SetUid(DicomTags.AffectedSOPClassUID, value);
    }

    /// <summary>Requested SOP Class UID (0000,0003), in N-GET, N-SET, N-ACTION and N-DELETE requests.</summary>
    public string? RequestedSopClassUid
    {
        get => Dataset.GetString(DicomTags.RequestedSOPClassUID);
        set => SetUid(DicomTags.RequestedSOPClassUID, value);
    }

    /// <summary>Affected SOP Instance UID (0000,1000).</summary>
    public string? AffectedSopInstanceUid
    {
        get => Dataset.GetString(DicomTags.AffectedSOPInstanceUID);
        set => SetUid(DicomTags.AffectedSOPInstanceUID, value);
    }

    /// <summary>Requested SOP Instance UID (0000,1001), in N-GET, N-SET, N-ACTION and N-DELETE requests.</summary>
    public string? RequestedSopInstanceUid
    {
        get => Dataset.GetString(DicomTags.RequestedSOPInstanceUID);
        set => SetUid(DicomTags.RequestedSOPInstanceUID, value);
    }

    /// <summary>Priority (0000,0700), in C-STORE, C-FIND, C-GET and C-MOVE requests.</summary>
    public DimsePriority? Priority
    {
        get => (DimsePriority?)GetUInt16(DicomTags.Priority);
        set => SetUInt16(DicomTags.Priority, (ushort?)value);
    }

    /// <summary>Command Data Set Type (0000,0800): <see cref="NoDataSet"/>, or any other value when a data set follows.</summary>
    public ushort? CommandDataSetType
    {
        get => GetUInt16(DicomTags.CommandDataSetType);
        set => SetUInt16(DicomTags.CommandDataSetType, value);
    }

    /// <summary>Whether a data set follows the command: Command Data Set Type present and not 0101H (PS3.7 §E.1).</summary>
    public bool HasDataSet
    {
        get => CommandDataSetType is { } type && type != NoDataSet;
        set => CommandDataSetType = value ? DataSetPresent : NoDataSet;
    }

    /// <summary>Status (0000,0900), in responses (PS3.7 Annex C).</summary>
    public ushort? Status
    {
        get => GetUInt16(DicomTags.Status);
        set => SetUInt16(DicomTags.Status, value);
    }

    /// <summary>
    /// Error Comment (0000,0902), LO. A value set here is made fit for LO: cut to 64 characters, with
    /// characters outside printable ASCII and backslashes replaced by '?'.
    /// </summary>
    public string? ErrorComment
    {
        get => Dataset.GetString(DicomTags.ErrorComment);
        set
        {
            if (value == null) Dataset.Remove(DicomTags.ErrorComment);
            else Dataset.AddOrUpdate(DicomTags.ErrorComment, DicomVR.LO, SanitizeLongString(value));
        }
    }

    /// <summary>Offending Element (0000,0901), AT, VM 1-n: the elements a failure or warning is about.</summary>
    public DicomTag[]? OffendingElement
    {
        get => Dataset.TryGet(DicomTags.OffendingElement, out var e) && e is DicomValueElement v ? v.GetTags() : null;
        set
        {
            if (value == null) { Dataset.Remove(DicomTags.OffendingElement); return; }
            var words = new ushort[value.Length * 2];
            for (int i = 0; i < value.Length; i++)
            {
                words[2 * i] = value[i].Group;
                words[2 * i + 1] = value[i].Element;
            }
            Dataset.AddOrUpdate<ushort>(DicomTags.OffendingElement, DicomVR.AT, words);
        }
    }

    /// <summary>Move Destination (0000,0600), AE, in C-MOVE requests.</summary>
    public string? MoveDestination
    {
        get => Dataset.GetString(DicomTags.MoveDestination);
        set => SetAe(DicomTags.MoveDestination, value);
    }

    /// <summary>Move Originator Application Entity Title (0000,1030), in C-STORE requests made for a C-MOVE.</summary>
    public string? MoveOriginatorApplicationEntityTitle
    {
        get => Dataset.GetString(DicomTags.MoveOriginatorApplicationEntityTitle);
        set => SetAe(DicomTags.MoveOriginatorApplicationEntityTitle, value);
    }

    /// <summary>Move Originator Message ID (0000,1031), in C-STORE requests made for a C-MOVE.</summary>
    public ushort? MoveOriginatorMessageId
    {
        get => GetUInt16(DicomTags.MoveOriginatorMessageID);
        set => SetUInt16(DicomTags.MoveOriginatorMessageID, value);
    }

    /// <summary>Number of Remaining Sub-operations (0000,1020), in C-GET and C-MOVE responses.</summary>
    public ushort? NumberOfRemainingSuboperations
    {
        get => GetUInt16(DicomTags.NumberOfRemainingSuboperations);
        set => SetUInt16(DicomTags.NumberOfRemainingSuboperations, value);
    }

    /// <summary>Number of Completed Sub-operations (0000,1021).</summary>
    public ushort? NumberOfCompletedSuboperations
    {
        get => GetUInt16(DicomTags.NumberOfCompletedSuboperations);
        set => SetUInt16(DicomTags.NumberOfCompletedSuboperations, value);
    }

    /// <summary>Number of Failed Sub-operations (0000,1022).</summary>
    public ushort? NumberOfFailedSuboperations
    {
        get => GetUInt16(DicomTags.NumberOfFailedSuboperations);
        set => SetUInt16(DicomTags.NumberOfFailedSuboperations, value);
    }

    /// <summary>Number of Warning Sub-operations (0000,1023).</summary>
    public ushort? NumberOfWarningSuboperations
    {
        get => GetUInt16(DicomTags.NumberOfWarningSuboperations);
        set => SetUInt16(DicomTags.NumberOfWarningSuboperations, value);
    }

    /// <summary>Event Type ID (0000,1002), in N-EVENT-REPORT messages.</summary>
    public ushort? EventTypeId
    {
        get => GetUInt16(DicomTags.EventTypeID);
        set => SetUInt16(DicomTags.EventTypeID, value);
    }

    /// <summary>Action Type ID (0000,1008), in N-ACTION messages.</summary>
    public ushort? ActionTypeId
    {
        get => GetUInt16(DicomTags.ActionTypeID);
        set => SetUInt16(DicomTags.ActionTypeID, value);
    }

    /// <summary>
    /// The command set in Implicit VR Little Endian, elements in tag order, starting with Command
    /// Group Length (0000,0000) set to the number of bytes that follow it (PS3.7 §E.1).
    /// </summary>
    public byte[] Encode()
    {
        foreach (var element in Dataset)
        {
            if (element.Tag.Group != 0x0000)
                throw new InvalidOperationException($"element {element.Tag} is not in the command group 0000 (PS3.7 §6.3.1)");
            if (element is not DicomValueElement)
                throw new InvalidOperationException($"element {element.Tag} is not a plain value; command sets hold no sequences");
        }
        Dataset.Remove(DicomTags.CommandGroupLength);
        long length = DicomDatasetWriter.MeasureLength(Dataset, explicitVR: false);
        if (length > int.MaxValue - 12) throw new InvalidOperationException($"a command set of {length} bytes cannot be encoded");
        Dataset.AddOrUpdate<uint>(DicomTags.CommandGroupLength, DicomVR.UL, (uint)length);
        var output = new MemoryStream((int)length + 12);
        DicomDatasetWriter.Write(Dataset, output, explicitVR: false, bigEndian: false);
        return output.Length == output.Capacity ? output.GetBuffer() : output.ToArray();
    }

    /// <summary>
    /// Decodes a command set in Implicit VR Little Endian (PS3.7 §6.3.1). The bytes are copied, so
    /// the caller may reuse its buffer. Throws <see cref="DimseFormatException"/> when the bytes are
    /// not a data set, hold elements outside group 0000 or sequences, hold a US, UL or AT value of
    /// the wrong length, or lack a field every message needs to be handled: Command Field, Command
    /// Data Set Type, and Message ID (requests) or Message ID Being Responded To (responses and
    /// C-CANCEL-RQ). A Command Field PS3.7 does not define is accepted, read as a response when bit
    /// 15 is set, so that the caller can answer it with <see cref="DimseStatus.UnrecognizedOperation"/>.
    /// The Command Group Length is not checked: it is recomputed on encoding.
    /// </summary>
    public static DimseCommand Decode(ReadOnlyMemory<byte> bytes)
    {
        DicomDataset dataset;
        try
        {
            dataset = DicomDatasetDecoder.Decode(bytes.ToArray(), DicomTransferSyntax.ImplicitVRLittleEndian);
        }
        catch (DicomParseException e)
        {
            throw new DimseFormatException($"the command set cannot be decoded: {e.Message}", e);
        }
        foreach (var element in dataset)
        {
            if (element.Tag.Group != 0x0000)
                throw new DimseFormatException($"the command set holds element {element.Tag}, outside the command group 0000 (PS3.7 §6.3.1)");
            if (element is not DicomValueElement value)
                throw new DimseFormatException($"the command set holds {element.Tag} as a sequence; command sets hold no sequences");
            bool fits = value.VR switch
            {
                DicomVR.US => value.Length == 2,
                DicomVR.UL => value.Length == 4,
                DicomVR.AT => value.Length > 0 && value.Length % 4 == 0,
                _ => true,
            };
            if (!fits)
                throw new DimseFormatException($"the command set holds {element.Tag} with a value of {value.Length} bytes, wrong for VR {DicomVRInfo.ToText(value.VR)}");
        }

        var command = new DimseCommand(dataset);
        var field = command.GetUInt16(DicomTags.CommandField)
            ?? throw new DimseFormatException("the command set has no Command Field (0000,0100)");
        var name = ((DimseCommandField)field).ToText();
        bool answersAnother = (field & 0x8000) != 0 || field == (ushort)DimseCommandField.CCancelRq;
        if (answersAnother && command.MessageIdBeingRespondedTo == null)
            throw new DimseFormatException($"the {name} has no Message ID Being Responded To (0000,0120)");
        if (!answersAnother && command.MessageId == null)
            throw new DimseFormatException($"the {name} has no Message ID (0000,0110)");
        if (command.CommandDataSetType == null)
            throw new DimseFormatException($"the {name} has no Command Data Set Type (0000,0800)");
        return command;
    }

    public override string ToString()
    {
        var field = GetUInt16(DicomTags.CommandField) is { } f ? ((DimseCommandField)f).ToText() : "command without Command Field";
        var text = MessageId is { } id ? $"{field} (message ID {id}" : $"{field} (responding to {MessageIdBeingRespondedTo}";
        if (Status is { } status) text += $", status {status:X4}H";
        if ((AffectedSopClassUid ?? RequestedSopClassUid) is { } sopClass) text += $", SOP class {sopClass}";
        if ((AffectedSopInstanceUid ?? RequestedSopInstanceUid) is { } instance) text += $", SOP instance {instance}";
        return text + (HasDataSet ? ", with data set)" : ")");
    }

    // ---- element access ----

    private ushort? GetUInt16(DicomTag tag)
        => Dataset.TryGet(tag, out var e) && e is DicomValueElement { Length: 2 } v ? v.ReadUInt16(0) : null;

    private void SetUInt16(DicomTag tag, ushort? value)
    {
        if (value is { } v) Dataset.AddOrUpdate<ushort>(tag, DicomVR.US, v);
        else Dataset.Remove(tag);
    }

    private void SetUid(DicomTag tag, string? uid)
    {
        if (uid == null) { Dataset.Remove(tag); return; }
        if (uid.Length is 0 or > MaxUidLength || !uid.All(c => c is '.' or (>= '0' and <= '9')))
            throw new ArgumentException($"'{uid}' is not a UID (PS3.5 §9.1: digits and dots, at most 64 characters)", nameof(uid));
        Dataset.AddOrUpdate(tag, DicomVR.UI, uid); // padded with NUL to even length (PS3.5 §6.2)
    }

    private void SetAe(DicomTag tag, string? ae)
    {
        if (ae == null) { Dataset.Remove(tag); return; }
        var trimmed = ae.Trim(' ');
        if (trimmed.Length is 0 or > MaxAeLength || !trimmed.All(c => c is >= ' ' and <= '~' and not '\\'))
            throw new ArgumentException($"'{ae}' is not an AE title (PS3.5 §6.2: 1 to 16 printable characters, no backslash)", nameof(ae));
        Dataset.AddOrUpdate(tag, DicomVR.AE, trimmed);
    }

    private static string SanitizeLongString(string value)
    {
        var chars = value.Length > MaxErrorCommentLength ? value[..MaxErrorCommentLength].ToCharArray() : value.ToCharArray();
        for (int i = 0; i < chars.Length; i++)
            if (chars[i] is < ' ' or > '~' or '\\') chars[i] = '?';
        return new string(chars);
    }

    /// <summary>Copies the request's <paramref name="first"/> UID element, or else its <paramref name="second"/>, here as <paramref name="target"/>.</summary>
    private void CopyUid(DimseCommand request, DicomTag first, DicomTag second, DicomTag target)
    {
        if ((request.Dataset.TryGet(first, out var e) || request.Dataset.TryGet(second, out e)) && e is DicomValueElement v)
            Dataset.AddOrUpdate(new DicomValueElement(target, DicomVR.UI, v.Value));
    }
}
