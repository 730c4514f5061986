namespace Osprey.Network.Dimse;

/// <summary>
/// The value of Command Field (0000,0100): which DIMSE-C (PS3.7 §9.3) or DIMSE-N (PS3.7 §10.3)
/// message a command set is, with the values of PS3.7 Annex E. A response is its request with
/// bit 15 set; C-CANCEL-RQ has no response.
/// </summary>
public enum DimseCommandField : ushort
{
    CStoreRq = 0x0001,
    CStoreRsp = 0x8001,
    CGetRq = 0x0010,
    CGetRsp = 0x8010,
    CFindRq = 0x0020,
    CFindRsp = 0x8020,
    CMoveRq = 0x0021,
    CMoveRsp = 0x8021,
    CEchoRq = 0x0030,
    CEchoRsp = 0x8030,
    NEventReportRq = 0x0100,
    NEventReportRsp = 0x8100,
    NGetRq = 0x0110,
    NGetRsp = 0x8110,
    NSetRq = 0x0120,
    NSetRsp = 0x8120,
    NActionRq = 0x0130,
    NActionRsp = 0x8130,
    NCreateRq = 0x0140,
    NCreateRsp = 0x8140,
    NDeleteRq = 0x0150,
    NDeleteRsp = 0x8150,
    CCancelRq = 0x0FFF,
}

/// <summary>What a <see cref="DimseCommandField"/> value is (PS3.7 §9.3, §10.3 and Annex E).</summary>
public static class DimseCommandFieldExtensions
{
    private const ushort ResponseBit = 0x8000;

    /// <summary>True for the request values PS3.7 defines, C-CANCEL-RQ included.</summary>
    public static bool IsRequest(this DimseCommandField field) => field switch
    {
        DimseCommandField.CStoreRq or DimseCommandField.CGetRq or DimseCommandField.CFindRq
            or DimseCommandField.CMoveRq or DimseCommandField.CEchoRq or DimseCommandField.NEventReportRq
            or DimseCommandField.NGetRq or DimseCommandField.NSetRq or DimseCommandField.NActionRq
            or DimseCommandField.NCreateRq or DimseCommandField.NDeleteRq or DimseCommandField.CCancelRq => true,
        _ => false,
    };

    /// <summary>True for the response values PS3.7 defines.</summary>
    public static bool IsResponse(this DimseCommandField field)
        => ((ushort)field & ResponseBit) != 0 && ((DimseCommandField)((ushort)field & ~ResponseBit)).ResponseField() == field;

    /// <summary>True for a value PS3.7 Annex E defines.</summary>
    public static bool IsDefined(this DimseCommandField field) => field.IsRequest() || field.IsResponse();

    /// <summary>
    /// The response to a request (the request value with bit 15 set, PS3.7 Annex E); null for
    /// C-CANCEL-RQ, which is not answered, and for values that are not requests.
    /// </summary>
    public static DimseCommandField? ResponseField(this DimseCommandField field)
        => field.IsRequest() && field != DimseCommandField.CCancelRq ? (DimseCommandField)((ushort)field | ResponseBit) : null;

    /// <summary>The name PS3.7 gives the message, e.g. "C-STORE-RQ"; the hexadecimal value for others.</summary>
    public static string ToText(this DimseCommandField field) => field switch
    {
        DimseCommandField.CStoreRq => "C-STORE-RQ",
        DimseCommandField.CStoreRsp => "C-STORE-RSP",
        DimseCommandField.CGetRq => "C-GET-RQ",
        DimseCommandField.CGetRsp => "C-GET-RSP",
        DimseCommandField.CFindRq => "C-FIND-RQ",
        DimseCommandField.CFindRsp => "C-FIND-RSP",
        DimseCommandField.CMoveRq => "C-MOVE-RQ",
        DimseCommandField.CMoveRsp => "C-MOVE-RSP",
        DimseCommandField.CEchoRq => "C-ECHO-RQ",
        DimseCommandField.CEchoRsp => "C-ECHO-RSP",
        DimseCommandField.NEventReportRq => "N-EVENT-REPORT-RQ",
        DimseCommandField.NEventReportRsp => "N-EVENT-REPORT-RSP",
        DimseCommandField.NGetRq => "N-GET-RQ",
        DimseCommandField.NGetRsp => "N-GET-RSP",
        DimseCommandField.NSetRq => "N-SET-RQ",
        DimseCommandField.NSetRsp => "N-SET-RSP",
        DimseCommandField.NActionRq => "N-ACTION-RQ",
        DimseCommandField.NActionRsp => "N-ACTION-RSP",
        DimseCommandField.NCreateRq => "N-CREATE-RQ",
        DimseCommandField.NCreateRsp => "N-CREATE-RSP",
        DimseCommandField.NDeleteRq => "N-DELETE-RQ",
        DimseCommandField.NDeleteRsp => "N-DELETE-RSP",
        DimseCommandField.CCancelRq => "C-CANCEL-RQ",
        _ => $"command field {(ushort)field:X4}H",
    };
}
