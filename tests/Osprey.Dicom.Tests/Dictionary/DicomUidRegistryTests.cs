using System.Reflection;
using Osprey.Dicom.Dictionary;

namespace Osprey.Dicom.Tests.Dictionary;

public class DicomUidRegistryTests
{
    [Fact]
    public void ConstantsHoldTheRegistryUids()
    {
        Assert.Equal("1.2.840.10008.1.2.1", DicomUids.ExplicitVRLittleEndian);
        Assert.Equal("1.2.840.10008.1.2", DicomUids.ImplicitVRLittleEndian);
        Assert.Equal("1.2.840.10008.1.1", DicomUids.Verification);
        Assert.Equal("1.2.840.10008.5.1.4.1.1.2", DicomUids.CTImageStorage);
    }

    [Fact]
    public void CTImageStorageIsAStorageSopClass()
    {
        var e = DicomUidRegistry.Lookup(DicomUids.CTImageStorage);
        Assert.NotNull(e);
        Assert.Equal("CT Image Storage", e.Name);
        Assert.Equal("CTImageStorage", e.Keyword);
        Assert.Equal("SOP Class", e.Type);
        Assert.True(e.IsSopClass);
        Assert.True(e.IsStorageSopClass);
        Assert.False(e.IsTransferSyntax);
        Assert.Contains(e, DicomUidRegistry.StorageSopClasses);
    }

    [Fact]
    public void VerificationAndStorageCommitmentAreNotStorageSopClasses()
    {
        var verification = DicomUidRegistry.Lookup(DicomUids.Verification);
        Assert.NotNull(verification);
        Assert.True(verification.IsSopClass);
        Assert.False(verification.IsStorageSopClass);
        Assert.False(DicomUidRegistry.Lookup(DicomUids.StorageCommitmentPushModel)!.IsStorageSopClass);
        Assert.False(DicomUidRegistry.Lookup(DicomUids.MediaStorageDirectoryStorage)!.IsStorageSopClass);
        Assert.False(DicomUidRegistry.Lookup(DicomUids.Storage)!.IsStorageSopClass);
        Assert.True(DicomUidRegistry.Lookup(DicomUids.DigitalXRayImageStorageForPresentation)!.IsStorageSopClass);
        Assert.True(DicomUidRegistry.Lookup(DicomUids.HangingProtocolStorage)!.IsStorageSopClass);
    }

    [Fact]
    public void TransferSyntaxesAreThoseOfTheRegistry()
    {
        var e = DicomUidRegistry.Lookup(DicomUids.ExplicitVRLittleEndian);
        Assert.NotNull(e);
        Assert.True(e.IsTransferSyntax);
        Assert.False(e.IsSopClass);
        Assert.False(e.Retired);
        Assert.True(DicomUidRegistry.Lookup(DicomUids.ExplicitVRBigEndian)!.Retired);
        Assert.Equal("Default Transfer Syntax for DICOM", DicomUidRegistry.Lookup(DicomUids.ImplicitVRLittleEndian)!.Info);
        Assert.Equal(
            RegistryFiles.Uids.Count(u => u.GetProperty("type").GetString() == "Transfer Syntax"),
            DicomUidRegistry.TransferSyntaxes.Count());
        Assert.All(DicomUidRegistry.TransferSyntaxes, t => Assert.Equal("Transfer Syntax", t.Type));
    }

    [Fact]
    public void LookupIgnoresValuePaddingAndReturnsNullForUnknownUids()
    {
        Assert.Same(DicomUidRegistry.Lookup(DicomUids.ImplicitVRLittleEndian),
            DicomUidRegistry.Lookup(DicomUids.ImplicitVRLittleEndian + "\0"));
        Assert.Null(DicomUidRegistry.Lookup("1.2.3.4"));
        Assert.Null(DicomUidRegistry.Lookup(""));
    }

    [Fact]
    public void EntriesMatchTheRegistryRows()
    {
        Assert.Equal(RegistryFiles.Uids.Count, DicomUidRegistry.Entries.Count);
        Assert.Equal(490, DicomUidRegistry.Entries.Count);
        foreach (var row in RegistryFiles.Uids)
        {
            var e = DicomUidRegistry.Lookup(row.GetProperty("uid").GetString()!);
            Assert.NotNull(e);
            Assert.Equal(row.GetProperty("name").GetString(), e.Name);
            Assert.Equal(row.GetProperty("keyword").GetString(), e.Keyword);
            Assert.Equal(row.GetProperty("type").GetString(), e.Type);
            Assert.Equal(row.GetProperty("info").GetString(), e.Info);
            Assert.Equal(row.GetProperty("retired").GetBoolean(), e.Retired);
        }
    }

    [Fact]
    public void EveryDicomUidsConstantIsTheUidOfItsKeyword()
    {
        var fields = typeof(DicomUids).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral).ToList();
        Assert.Equal(DicomUidRegistry.Entries.Count(e => e.Keyword.Length > 0), fields.Count);
        foreach (var f in fields)
        {
            var e = DicomUidRegistry.Lookup((string)f.GetRawConstantValue()!);
            Assert.NotNull(e);
            Assert.Equal(f.Name, e.Keyword);
        }
    }
}
