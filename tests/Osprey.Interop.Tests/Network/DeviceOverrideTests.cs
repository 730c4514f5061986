using Osprey.Interop.Tests.Support;
using Osprey.Server.Cli;

namespace Osprey.Interop.Tests.Network;

/// <summary>A remote device's overrides apply when Osprey calls it (SETTINGS.md, "per device").</summary>
public class DeviceOverrideTests
{
    [Fact]
    public async Task Osprey_echo_of_a_configured_device_uses_its_pdu_size_override()
    {
        await using var storescp = await Storescp.StartAsync("-d");
        var data = Directory.CreateTempSubdirectory("osprey-device-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(data, "settings.json"), $$"""
                {
                  "Dicom": { "StorageAeTitle": "OSPREY", "MaxPduSize": 65536 },
                  "Devices": [ { "AeTitle": "STORESCP", "Host": "127.0.0.1", "Port": {{storescp.Port}}, "Overrides": { "MaxPduSize": 8192 } } ]
                }
                """);
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            int exit = await EchoCommand.RunForDeviceAsync(data, "STORESCP", stdout, stderr);
            Assert.True(exit == 0, stderr.ToString());
            await storescp.WaitForLogLineAsync("Their Max PDU Receive Size:  8192");
            await storescp.WaitForLogLineAsync("Calling Application Name:", "OSPREY");
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
