namespace Osprey.Network.Dimse;

/// <summary>The status classes of PS3.7 Annex C that a Status (0000,0900) value belongs to.</summary>
public enum DimseStatusCategory
{
    /// <summary>0000H (PS3.7 §C.1): the operation was performed.</summary>
    Success,

    /// <summary>0001H, Bxxx, 0107H and 0116H (PS3.7 §C.4): performed, with a deviation reported.</summary>
    Warning,

    /// <summary>
    /// Axxx, Cxxx, 01xx but 0107H and 0116H, 02xx (PS3.7 §C.5): not performed. Codes PS3.7 does not
    /// assign to any class are taken as failures too.
    /// </summary>
    Failure,

    /// <summary>FE00H (PS3.7 Annex C): ended by a C-CANCEL-RQ.</summary>
    Cancel,

    /// <summary>FF00H and FF01H (PS3.7 Annex C): more responses follow (C-FIND, C-GET, C-MOVE).</summary>
    Pending,
}
