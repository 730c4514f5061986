using Osprey.Interop.Tests.Support;
using Osprey.Server.Cli;

namespace Osprey.Interop.Tests.Network;

/// <summary>A remote device's overrides apply when Osprey calls it (SETTINGS.md, "per device").</summary>
public class DeviceOverrideTests
{
    [Fact]
    public async Task Osprey_echo_of_a_configured_device_uses_its_pdu_size_override()
    {
        int port = OspreyServer.FreePort();
        var data = Directory.CreateTempSubdirectory("osprey-device-").FullName;
        var received = Directory.CreateTempSubdirectory("osprey-device-scp-").FullName;
        File.WriteAllText(Path.Combine(data, "settings.json"), $$"""
            {
              "Dicom": { "StorageAeTitle": "OSPREY", "MaxPduSize": 65536 },
              "Devices": [ { "AeTitle": "STORESCP", "Host": "127.0.0.1", "Port": {{port}}, "Overrides": { "MaxPduSize": 8192 } } ]
            }
            """);
        var log = Path.Combine(received, "storescp.log");
        var storescp = Peer.Start("sh", "-c", $"exec storescp -d -aet STORESCP -od '{received}' {port} > '{log}' 2>&1");
        try
        {
            await EchoInteropTests.WaitForPort(port);
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            int exit = await EchoCommand.RunForDeviceAsync(data, "STORESCP", stdout, stderr);
            Assert.True(exit == 0, stderr.ToString());
            await Task.Delay(300);
            var text = File.ReadAllText(log);
            Assert.Contains("Their Max PDU Receive Size:  8192", text);
            Assert.Contains("OSPREY", text);
        }
        finally
        {
            Peer.Stop(storescp);
            Directory.Delete(data, recursive: true);
            Directory.Delete(received, recursive: true);
        }
    }
}
