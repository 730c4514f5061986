namespace Osprey.Dicom.Data;

/// <summary>
/// A data element of VR SQ whose value is a sequence of items, each a data set (PS3.5 §7.5).
/// Remembers whether it, and each item, was encoded with undefined length so that an unmodified
/// data set is written back byte for byte.
/// </summary>
public sealed class DicomSequence : DicomElement
{
    public DicomSequence(DicomTag tag, IEnumerable<DicomDataset>? items = null) : base(tag, DicomVR.SQ)
    {
        if (items != null)
            foreach (var item in items) Add(item);
    }

    private readonly List<DicomDataset> _items = [];

    public IReadOnlyList<DicomDataset> Items => _items;

    /// <summary>True when the sequence was (or is to be) encoded with undefined length and a delimiter.</summary>
    public bool UndefinedLength { get; set; } = true;

    public void Add(DicomDataset item)
    {
        item.Parent = this;
        _items.Add(item);
    }

    public override long Length => -1;
}
