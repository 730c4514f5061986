using System.CommandLine;

namespace Osprey.Server.Cli;

/// <summary>
/// <c>osprey serve</c>: runs the DICOM server. The network layer is not built yet (it comes with
/// the DICOM network core), so for now it says so and exits non-zero rather than pretend to listen.
/// </summary>
public static class ServeCommand
{
    public static Command Create()
    {
        var data = new Option<DirectoryInfo>("--data") { Description = "Data directory (settings, storage, index).", DefaultValueFactory = _ => new DirectoryInfo("osprey-data") };
        var command = new Command("serve", "Run the DICOM server on the settings in <data>/settings.json.") { data };
        command.SetAction(parse =>
        {
            Console.Error.WriteLine("osprey serve: the DICOM network service is not built yet; this version reads and writes DICOM files only (see `osprey dump --help`).");
            return 2;
        });
        return command;
    }
}
