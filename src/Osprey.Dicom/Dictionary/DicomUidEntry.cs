namespace Osprey.Dicom.Dictionary;

/// <summary>One row of the UID registry, PS3.6 Annex A (Table A-1): UID, name, keyword, type and extra information.</summary>
public sealed class DicomUidEntry
{
    /// <summary>The UID of the Media Storage Directory Storage SOP Class, the DICOMDIR's (PS3.10 §8.6).</summary>
    private const string MediaStorageDirectoryStorage = "1.2.840.10008.1.3.10";

    public DicomUidEntry(string uid, string name, string keyword, string type, string info, bool retired)
    {
        ArgumentNullException.ThrowIfNull(uid);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(keyword);
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(info);
        Uid = uid;
        Name = name;
        Keyword = keyword;
        Type = type;
        Info = info;
        Retired = retired;
        IsTransferSyntax = type == "Transfer Syntax";
        IsSopClass = type == "SOP Class";
        IsStorageSopClass = IsSopClass
            && name.Contains("Storage", StringComparison.Ordinal)
            && !name.StartsWith("Storage Commitment", StringComparison.Ordinal)
            && uid != MediaStorageDirectoryStorage;
    }

    /// <summary>The UID, "1.2.840.10008.1.2.1".</summary>
    public string Uid { get; }

    /// <summary>The name, "Explicit VR Little Endian"; empty for two retired SOP Classes the registry lists without one.</summary>
    public string Name { get; }

    /// <summary>The keyword, "ExplicitVRLittleEndian"; empty where the registry gives none.</summary>
    public string Keyword { get; }

    /// <summary>The registry's type column: "SOP Class", "Transfer Syntax", "Meta SOP Class", "Well-known SOP Instance", …</summary>
    public string Type { get; }

    /// <summary>The registry's extra information, such as "Default Transfer Syntax for DICOM"; often empty.</summary>
    public string Info { get; }

    /// <summary>Retired from the standard.</summary>
    public bool Retired { get; }

    /// <summary>The type is "Transfer Syntax".</summary>
    public bool IsTransferSyntax { get; }

    /// <summary>The type is "SOP Class" (Meta SOP Classes are not counted).</summary>
    public bool IsSopClass { get; }

    /// <summary>
    /// A SOP Class of the Storage Service Class (PS3.4 Annex B) and the like, which a storage SCP may accept:
    /// a SOP Class whose name contains "Storage", except the Storage Commitment SOP Classes (which only ask about
    /// storage, PS3.4 Annex J) and Media Storage Directory Storage (the DICOMDIR, used on media only). This
    /// includes the retired ones ("Waveform Storage - Trial", "Stored Print Storage SOP Class") and the
    /// non-image ones such as "Hanging Protocol Storage" and "Color Palette Storage".
    /// </summary>
    public bool IsStorageSopClass { get; }

    public override string ToString() => $"{Uid} {(Name.Length == 0 ? "(no name)" : Name)} ({Type}{(Retired ? ", retired" : "")})";
}
