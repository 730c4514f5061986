using Osprey.Dicom.IO;

namespace Osprey.Dicom.Data;

/// <summary>
/// A DICOM file (PS3.10 §7): a 128-byte preamble, the prefix "DICM", the File Meta Information
/// (group 0002, always Explicit VR Little Endian) and the data set in the transfer syntax the meta
/// information names. Files without preamble or meta information are read too; they have neither.
/// </summary>
public sealed class DicomFile
{
    public DicomFile(DicomDataset fileMetaInformation, DicomDataset dataset)
    {
        FileMetaInformation = fileMetaInformation;
        Dataset = dataset;
    }

    /// <summary>The 128-byte preamble as read, or null when the file had none (written as zeros).</summary>
    public byte[]? Preamble { get; set; }

    /// <summary>Group 0002. Empty when the file had none.</summary>
    public DicomDataset FileMetaInformation { get; }

    public DicomDataset Dataset { get; }

    /// <summary>The syntax the data set was read in (from (0002,0010), or guessed for a file without meta).</summary>
    public DicomTransferSyntax TransferSyntax { get; set; } = DicomTransferSyntax.ExplicitVRLittleEndian;

    /// <summary>Where the data set starts in the source (after the meta information).</summary>
    public long DatasetOffset { get; internal set; }

    private IReadOnlyList<string> _readerWarnings = [];

    /// <summary>Things the reader tolerated: truncations, stray delimiters, unknown character sets.</summary>
    public IReadOnlyList<string> Warnings
    {
        // The character set is looked at only when someone asks: parsing does not decode text.
        get => Dataset.CharacterSet.Warnings.Count == 0 ? _readerWarnings : [.. _readerWarnings, .. Dataset.CharacterSet.Warnings];
        internal set => _readerWarnings = value;
    }

    /// <summary>True when the data ended before the data set did; what was there is kept.</summary>
    public bool IsTruncated { get; internal set; }

    public static DicomFile Open(string path, DicomReaderOptions? options = null) => DicomFileReader.Read(path, options);

    public static DicomFile Read(ReadOnlyMemory<byte> bytes, DicomReaderOptions? options = null) => DicomFileReader.Read(bytes, options);

    public static DicomFile Read(Stream stream, DicomReaderOptions? options = null) => DicomFileReader.Read(stream, null, options);

    public void Save(string path) => DicomFileWriter.Write(this, path);

    public void Save(Stream stream, DicomTransferSyntax? transferSyntax = null) => DicomFileWriter.Write(this, stream, transferSyntax);
}
