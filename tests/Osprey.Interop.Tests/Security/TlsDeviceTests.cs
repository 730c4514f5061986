using System.Globalization;
using Osprey.Interop.Tests.QueryRetrieve;
using Osprey.Interop.Tests.Support;

namespace Osprey.Interop.Tests.Security;

/// <summary>
/// Outbound TLS to a device with <c>"Tls": true</c>: a C-MOVE delivers to DCMTK storescp +tls (which
/// also checks Osprey's certificate), and a device whose certificate does not verify gets every
/// sub-operation failed with an Error Comment that says so.
/// </summary>
public sealed class TlsDeviceTests : IDisposable
{
    private readonly TestCertificates _certificates = TestCertificates.Create();

    public void Dispose() => _certificates.Dispose();

    [Fact]
    public async Task A_move_to_a_tls_device_delivers_the_study_and_a_device_that_does_not_verify_fails_with_the_reason()
    {
        var c = _certificates;
        // Both destinations trust Osprey's certificate (signed by the test CA) and require it.
        await using var good = await Storescp.StartAsAsync("TLSDEST", "+tls", c.Server.Key, c.Server.Certificate, "+cf", c.CaCertificate);
        await using var bad = await Storescp.StartAsAsync("BADCERT", "+tls", c.OtherServer.Key, c.OtherServer.Certificate, "+cf", c.CaCertificate);
        var source = Directory.CreateTempSubdirectory("osprey-tls-move-").FullName;
        var data = OspreyServer.DataDirectoryWith($$"""
            {
              "Dicom": { "Tls": { "Certificate": "{{c.Server.Certificate}}", "PrivateKey": "{{c.Server.Key}}", "TrustedCertificates": "{{c.CaCertificate}}" } },
              "Devices": [
                { "AeTitle": "TLSDEST", "Host": "127.0.0.1", "Port": {{good.Port}}, "Tls": true },
                { "AeTitle": "BADCERT", "Host": "127.0.0.1", "Port": {{bad.Port}}, "Tls": true }
              ]
            }
            """);
        try
        {
            var instances = SyntheticCt.Write(source, 6, studies: 1, rows: 64, columns: 64);
            await using var server = OspreyServer.WithData(data);
            var store = Storescu.Send(server.Port, instances.Select(i => i.Path));
            Assert.True(store.Result.ExitCode == 0 && store.Files.Values.All(f => f.Succeeded), store.Result.ToString());
            string study = instances[0].StudyInstanceUid;

            var moved = Move(server, "TLSDEST", study);
            Assert.True(moved.Status == 0 && moved.Completed == 6 && moved.Failed == 0, moved.ToString());
            var arrived = Directory.EnumerateFiles(good.Directory).Select(Part10.Read).ToDictionary(r => r.SopInstanceUid, StringComparer.Ordinal);
            Assert.Equal(6, arrived.Count);
            foreach (var instance in instances)
                Assert.True(Part10.Read(instance.Path).DataSet.AsSpan().SequenceEqual(arrived[instance.SopInstanceUid].DataSet), $"{instance.SopInstanceUid} arrived changed");

            var refused = Move(server, "BADCERT", study);
            Assert.True(refused.Status == 0xA702 && refused.Failed == 6 && refused.Completed == 0, refused.ToString());
            Assert.Contains("TLS to BADCERT: certificate not trusted", refused.Result.Output);
            Assert.Empty(Directory.EnumerateFiles(bad.Directory));
            Assert.Contains("TLS handshake failed: certificate not trusted", server.Output);
        }
        finally
        {
            Directory.Delete(source, recursive: true);
            Directory.Delete(data, recursive: true);
        }
    }

    private static RetrieveChecks.MoveRun Move(OspreyServer server, string destination, string study) =>
        RetrieveChecks.Parse(Peer.Run("movescu", TimeSpan.FromMinutes(2), "-d", "-S", "-aet", "MOVESCU", "-aec", "OSPREY", "-aem", destination,
            "-k", "QueryRetrieveLevel=STUDY", "-k", $"StudyInstanceUID={study}", "127.0.0.1", server.Port.ToString(CultureInfo.InvariantCulture)));
}
