using System.Globalization;
using Osprey.Interop.Tests.Support;
using Osprey.Server.Cli;
using Osprey.Server.Security;

namespace Osprey.Interop.Tests.Security;

/// <summary>
/// User Identity negotiation (PS3.7 §D.3.3.7) with <c>Dicom:RequireUserIdentity</c> on, driven by
/// DCMTK storescu's <c>--user</c>/<c>--password</c> (Debian's echoscu 3.6.7 has no such option) and by
/// <c>osprey echo --user</c>: the right password is accepted, with the positive response when asked;
/// a wrong one, an unknown user, a user name alone for a user with a password, and no identity at all
/// are rejected.
/// </summary>
public sealed class UserIdentityTests : IAsyncLifetime
{
    private string _data = "";
    private string _files = "";
    private OspreyServer _server = null!;
    private string _file = "";

    public Task InitializeAsync()
    {
        _files = Directory.CreateTempSubdirectory("osprey-users-").FullName;
        _file = SyntheticCt.Write(_files, 1, studies: 1, rows: 32, columns: 32)[0].Path;
        _data = OspreyServer.DataDirectoryWith($$"""
            {
              "Dicom": {
                "RequireUserIdentity": true,
                "Users": [ { "Username": "alice", "PasswordHash": "{{PasswordHash.Create("s3cret!")}}" }, { "Username": "ct-scanner" } ]
              }
            }
            """);
        _server = OspreyServer.WithData(_data);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_data, recursive: true);
        Directory.Delete(_files, recursive: true);
    }

    private Peer.Result Store(params string[] identity) =>
        Peer.Run("storescu", ["-v", .. identity, "-aec", "OSPREY", "127.0.0.1", _server.Port.ToString(CultureInfo.InvariantCulture), _file]);

    [Fact]
    public void The_right_password_is_accepted_with_the_positive_response_and_a_wrong_one_is_rejected()
    {
        var good = Store("--user", "alice", "--password", "s3cret!", "--pos-response");
        Assert.True(good.ExitCode == 0, good.ToString());
        Assert.Contains("Received Store Response (Success)", good.Output);

        var wrong = Store("--user", "alice", "--password", "guess");
        Assert.NotEqual(0, wrong.ExitCode);
        Assert.Contains("Association Rejected", wrong.Output);
        Assert.Contains("Reason: No Reason", wrong.Output);
        Assert.Contains("reason=\"user identity refused: wrong password for user 'alice'\"", _server.Output);

        var unknown = Store("--user", "mallory", "--password", "s3cret!");
        Assert.Contains("Association Rejected", unknown.Output);
    }

    [Fact]
    public void A_user_name_alone_is_accepted_only_for_a_user_without_a_password_and_no_identity_is_rejected()
    {
        var plain = Store("--user", "ct-scanner");
        Assert.True(plain.ExitCode == 0, plain.ToString());
        var nameOnly = Store("--user", "alice");
        Assert.Contains("Association Rejected", nameOnly.Output);
        var none = Store();
        Assert.NotEqual(0, none.ExitCode);
        Assert.Contains("Association Rejected", none.Output);
        Assert.Contains("no user identity presented", _server.Output);
    }

    [Fact]
    public async Task Osprey_echo_with_user_and_password_gets_the_positive_response()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var identity = new Osprey.Network.Pdu.UserIdentityRq(Osprey.Network.Pdu.UserIdentityType.UsernameAndPasscode, true, "alice"u8.ToArray(), "s3cret!"u8.ToArray());
        Assert.Equal(0, await EchoCommand.RunAsync("127.0.0.1", _server.Port, "ADMIN", "OSPREY", 10, stdout, stderr, user: identity));
        Assert.Contains("user identity accepted", stdout.ToString());
        var program = OspreyProcess.Run("echo", "--user", "alice", "--password", "wrong", "--aec", "OSPREY", "127.0.0.1", _server.Port.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(1, program.ExitCode);
        Assert.Contains("rejected", program.StandardError);
    }
}
