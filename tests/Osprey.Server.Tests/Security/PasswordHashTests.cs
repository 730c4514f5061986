using Osprey.Server.Security;

namespace Osprey.Server.Tests.Security;

public sealed class PasswordHashTests
{
    [Fact]
    public void A_hash_verifies_its_password_only_and_two_hashes_of_one_password_differ()
    {
        var hash = PasswordHash.Create("correct horse", iterations: 1000);
        Assert.StartsWith("pbkdf2-sha256$1000$", hash);
        Assert.True(PasswordHash.Verify("correct horse", hash));
        Assert.False(PasswordHash.Verify("correct horsE", hash));
        Assert.False(PasswordHash.Verify("", hash));
        Assert.NotEqual(hash, PasswordHash.Create("correct horse", iterations: 1000)); // salted
        Assert.DoesNotContain("correct", hash);
    }

    [Theory]
    [InlineData("")]
    [InlineData("plain-text-password")]
    [InlineData("pbkdf2-sha256$0$AAAAAAAAAAA=$AAAAAAAAAAAAAAAAAAAAAA==")]
    [InlineData("pbkdf2-sha256$1000$not base64$AAAAAAAAAAAAAAAAAAAAAA==")]
    [InlineData("pbkdf2-sha1$1000$AAAAAAAAAAA=$AAAAAAAAAAAAAAAAAAAAAA==")]
    public void A_malformed_hash_is_invalid_and_verifies_nothing(string hash)
    {
        Assert.False(PasswordHash.IsValid(hash));
        Assert.False(PasswordHash.Verify("anything", hash));
    }
}
