using System.CommandLine;
using Osprey.Server.Cli;

namespace Osprey.Server;

/// <summary>The <c>osprey</c> program: one subcommand per job an administrator runs.</summary>
public static class Program
{
    public static int Main(string[] args) => BuildCommandLine().Parse(args).Invoke();

    public static RootCommand BuildCommandLine()
    {
        var root = new RootCommand("Osprey: a DICOM archive server (the DICOM node of a PACS).");
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(EchoCommand.Create());
        root.Subcommands.Add(GetCommand.Create());
        root.Subcommands.Add(DumpCommand.Create());
        root.Subcommands.Add(ImportCommand.Create());
        root.Subcommands.Add(VerifyCommand.Create());
        root.Subcommands.Add(HashPasswordCommand.Create());
        root.Subcommands.Add(ApiTokenCommand.Create());
        return root;
    }
}
