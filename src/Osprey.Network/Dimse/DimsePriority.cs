namespace Osprey.Network.Dimse;

/// <summary>The values of Priority (0000,0700) in C-STORE, C-FIND, C-GET and C-MOVE requests (PS3.7 §9.3 and Annex E).</summary>
public enum DimsePriority : ushort
{
    Medium = 0x0000,
    High = 0x0001,
    Low = 0x0002,
}
