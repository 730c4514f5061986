namespace Osprey.Archive.Query;

/// <summary>
/// The Service-class-application-information field of the SOP Class Extended Negotiation Sub-Item for the
/// C-FIND SOP Classes of the Query/Retrieve Service Class (PS3.4 C.5.1.1, Tables C.5-1 and C.5-2). One byte
/// per option, 1 meaning requested (A-ASSOCIATE-RQ) or accepted (A-ASSOCIATE-AC); bytes 2 and on are optional:
/// 1 relational-queries, 2 combined date-time matching, 3 fuzzy semantic matching of person names,
/// 4 timezone query adjustment, 5 Enhanced Multi-Frame Image Conversion, 6 Empty Value Matching,
/// 7 Multiple Value Matching. A missing byte means 0; values other than 1 are read as 0.
/// </summary>
/// <param name="FieldLength">How many bytes the field had as offered (0 when no sub-item was offered); the reply has as many, at most 7.</param>
public sealed record QueryExtendedNegotiation(
    bool Relational,
    bool CombinedDateTime,
    bool FuzzyPersonNames,
    bool TimezoneAdjustment,
    bool EmptyValueMatching = false,
    bool MultipleValueMatching = false,
    bool EnhancedMultiFrameImageConversion = false,
    int FieldLength = 0)
{
    /// <summary>The number of option bytes the standard defines for C-FIND (PS3.4 Table C.5-1).</summary>
    public const int DefinedLength = 7;

    /// <summary>No extended negotiation: the default conditions of PS3.4 C.5.1.1 (hierarchical search, separate date and time matching, literal person name matching).</summary>
    public static QueryExtendedNegotiation None { get; } = new(false, false, false, false);

    /// <summary>
    /// What Osprey's C-FIND SCP performs: relational-queries (PS3.4 C.4.1.3.2), combined date-time Range
    /// Matching (C.2.2.2.5), Empty Value Matching (C.2.2.2.7) and Multiple Value Matching (C.2.2.2.8). Not
    /// fuzzy semantic matching of person names, not timezone query adjustment, not Enhanced Multi-Frame Image
    /// Conversion (Query/Retrieve View (0008,0053)).
    /// </summary>
    public static QueryExtendedNegotiation Supported { get; } =
        new(true, true, false, false, EmptyValueMatching: true, MultipleValueMatching: true, FieldLength: DefinedLength);

    /// <summary>Reads the field as offered in an A-ASSOCIATE-RQ (or as returned in an A-ASSOCIATE-AC).</summary>
    public static QueryExtendedNegotiation Parse(ReadOnlySpan<byte> field)
    {
        Span<bool> on = stackalloc bool[DefinedLength];
        for (int i = 0; i < on.Length && i < field.Length; i++) on[i] = field[i] == 1;
        return new QueryExtendedNegotiation(on[0], on[1], on[2], on[3],
            EmptyValueMatching: on[5], MultipleValueMatching: on[6], EnhancedMultiFrameImageConversion: on[4],
            FieldLength: field.Length);
    }

    /// <summary>
    /// What is agreed when Osprey answers this offer: each option that was requested and that Osprey supports
    /// (PS3.4 C.5.1.1: the acceptor returns 1 to accept a proposal and 0 to turn it down).
    /// </summary>
    public QueryExtendedNegotiation Accept() => new(
        Relational && Supported.Relational,
        CombinedDateTime && Supported.CombinedDateTime,
        FuzzyPersonNames && Supported.FuzzyPersonNames,
        TimezoneAdjustment && Supported.TimezoneAdjustment,
        EmptyValueMatching && Supported.EmptyValueMatching,
        MultipleValueMatching && Supported.MultipleValueMatching,
        EnhancedMultiFrameImageConversion && Supported.EnhancedMultiFrameImageConversion,
        Math.Min(FieldLength, DefinedLength));

    /// <summary>
    /// The field bytes, <see cref="FieldLength"/> of them (at most 7): a one-byte offer gets a one-byte answer
    /// (PS3.4 C.5.1.1), a longer one an answer of the same length, the bytes the standard does not define
    /// being left out (read as 0 by the requestor). Empty when nothing was offered: the sub-item is then omitted.
    /// </summary>
    public byte[] ToBytes()
    {
        bool[] options = [Relational, CombinedDateTime, FuzzyPersonNames, TimezoneAdjustment, EnhancedMultiFrameImageConversion, EmptyValueMatching, MultipleValueMatching];
        var bytes = new byte[Math.Clamp(FieldLength, 0, DefinedLength)];
        for (int i = 0; i < bytes.Length; i++) bytes[i] = options[i] ? (byte)1 : (byte)0;
        return bytes;
    }

    /// <summary>The A-ASSOCIATE-AC field that answers an offered A-ASSOCIATE-RQ field: <c>Parse(offered).Accept().ToBytes()</c>.</summary>
    public static byte[] Accepted(ReadOnlySpan<byte> offered) => Parse(offered).Accept().ToBytes();
}
