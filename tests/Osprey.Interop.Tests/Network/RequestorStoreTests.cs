using Osprey.Dicom.Data;
using Osprey.Dicom.Dictionary;
using Osprey.Interop.Tests.Support;
using Osprey.Network.Client;
using Osprey.Network.Dimse;

namespace Osprey.Interop.Tests.Network;

/// <summary>
/// The requestor API sends a data set streamed from a file (as C-MOVE sub-operations and forwarding
/// will): DCMTK's storescp (bit-preserving mode, +B) receives a C-STORE from Osprey with the data set byte for byte.
/// </summary>
public class RequestorStoreTests
{
    [Theory]
    [InlineData(16384u)]
    [InlineData(131072u)]
    public async Task A_data_set_streamed_to_storescp_arrives_byte_for_byte(uint maxPdu)
    {
        var source = Path.Combine(PydicomFiles.DataDirectory, "test_files", "CT_small.dcm");
        var file = DicomFile.Open(source);
        Assert.Equal(DicomUids.ExplicitVRLittleEndian, file.TransferSyntax.Uid);
        string sopClass = file.Dataset.GetString(DicomTags.SOPClassUID)!, sopInstance = file.Dataset.GetString(DicomTags.SOPInstanceUID)!;

        await using var storescp = await Storescp.StartAsync("+B", "-pdu", maxPdu.ToString());
        await using var association = await ClientAssociation.ConnectAsync(new ClientOptions
        {
            Host = "127.0.0.1",
            Port = storescp.Port,
            CallingAeTitle = "OSPREY",
            CalledAeTitle = "STORESCP",
            Proposals = [(sopClass, [DicomUids.ExplicitVRLittleEndian])],
        });
        await using var data = File.OpenRead(source);
        data.Seek(file.DatasetOffset, SeekOrigin.Begin);
        var responses = await association.SendRequestAsync(sopClass, DimseCommand.CStoreRq(association.NextMessageId(), sopClass, sopInstance), data);
        Assert.Equal(DimseStatus.Success, responses[^1].Status);
        await association.ReleaseAsync();

        var stored = Directory.GetFiles(storescp.Directory).Single();
        var storedFile = DicomFile.Open(stored);
        var original = File.ReadAllBytes(source).AsSpan((int)file.DatasetOffset).ToArray();
        var arrived = File.ReadAllBytes(stored).AsSpan((int)storedFile.DatasetOffset).ToArray();
        Assert.Equal(original.Length, arrived.Length);
        Assert.True(original.AsSpan().SequenceEqual(arrived), "the data set storescp wrote differs from the one sent");
    }
}
