using System.CommandLine;
using Osprey.Server.Security;

namespace Osprey.Server.Cli;

/// <summary>
/// <c>osprey hash-password</c>: reads a password from standard input (one line) and prints its salted
/// hash, for the <c>PasswordHash</c> of a user in <c>Dicom:Users</c>. The password itself is never
/// written to the settings.
/// </summary>
public static class HashPasswordCommand
{
    public static Command Create()
    {
        var command = new Command("hash-password", "Read a password from standard input and print its hash for Dicom:Users:N:PasswordHash.");
        command.SetAction(_ =>
        {
            if (!Console.IsInputRedirected) Console.Error.Write("Password: ");
            var password = Console.In.ReadLine();
            if (string.IsNullOrEmpty(password))
            {
                Console.Error.WriteLine("osprey hash-password: no password given on standard input");
                return 1;
            }
            Console.Out.WriteLine(PasswordHash.Create(password));
            return 0;
        });
        return command;
    }
}
