using System.CommandLine;
using Osprey.Server.Web.Security;

namespace Osprey.Server.Cli;

/// <summary>
/// <c>osprey api-token</c>: makes a random token for scripts calling the web page's API, and prints it
/// with the hash to add to <c>Web:ApiTokens</c> (the settings keep only the hash).
/// </summary>
public static class ApiTokenCommand
{
    public static Command Create()
    {
        var command = new Command("api-token", "Make a token for the web API: prints the token (give it to the script) and the hash for Web:ApiTokens.");
        command.SetAction(_ =>
        {
            var (token, hash) = ApiTokens.Create();
            Console.Out.WriteLine($"token: {token}");
            Console.Out.WriteLine($"Web:ApiTokens entry: {hash}");
            Console.Out.WriteLine("use: Authorization: Bearer <token>");
            return 0;
        });
        return command;
    }
}
