using Osprey.Interop.Tests.Support;

namespace Osprey.Interop.Tests.Network;

/// <summary><c>osprey serve</c> as a process: settings written on first start; invalid settings stop it with one line.</summary>
public class ServeSettingsTests
{
    [Fact]
    public void Invalid_settings_stop_start_up_with_one_line_naming_the_key_and_the_rule()
    {
        var data = Directory.CreateTempSubdirectory("osprey-bad-settings-").FullName;
        try
        {
            var result = OspreyProcess.Run("serve", "--data", data, "--Dicom:StorageAeTitle=THIS-AE-TITLE-IS-TOO-LONG");
            Assert.NotEqual(0, result.ExitCode);
            var line = Assert.Single(result.StandardError.TrimEnd('\n').Split('\n'));
            Assert.Contains("Dicom:StorageAeTitle", line);
            Assert.Contains("16", line);

            var env = OspreyProcess.Run("serve", "--data", data, "--Dicom:MaxPduSize=5000");
            Assert.NotEqual(0, env.ExitCode);
            Assert.Contains("Dicom:MaxPduSize", env.StandardError);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public void First_start_writes_settings_json_with_the_defaults_and_serves_echo()
    {
        var data = Directory.CreateTempSubdirectory("osprey-first-start-").FullName;
        try
        {
            using (var server = OspreyProcess.Start("serve", "--data", data, "--Dicom:BindAddress=127.0.0.1", $"--Dicom:TcpPort={OspreyServer.FreePort()}", "--Web:Port=0"))
            {
                int port = server.WaitForListeningPort();
                var settings = File.ReadAllText(Path.Combine(data, "settings.json"));
                Assert.Contains("\"StorageAeTitle\": \"OSPREY\"", settings);
                Assert.Contains("\"TcpPort\": 11112", settings); // the file holds the defaults; the argument overrode it for this run
                var echo = Peer.Run("echoscu", "-aec", "OSPREY", "127.0.0.1", port.ToString());
                Assert.True(echo.ExitCode == 0, echo.ToString());
            }
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
