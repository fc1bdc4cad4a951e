using Live.Media.Ice;

namespace Live.Tests.Unit.Media.Ice;

public sealed class IceCredentialsTests
{
    [Fact]
    public void Generate_MeetsRfc8445Section53RandomnessAsIceChars()
    {
        IceCredentials credentials = IceCredentials.Generate();

        // 6 bits per ice-char: at least 24 bits of ufrag and 128 bits of password (RFC 8445 §5.3).
        Assert.True(credentials.Ufrag.Length * 6 >= 24);
        Assert.True(credentials.Password.Length * 6 >= 128);
        Assert.True(IceCredentials.IsValid(credentials.Ufrag, IceCredentials.MinUfragLength));
        Assert.True(IceCredentials.IsValid(credentials.Password, IceCredentials.MinPasswordLength));
    }

    [Fact]
    public void Generate_ManyTimes_NeverRepeats()
    {
        var ufrags = new HashSet<string>();
        var passwords = new HashSet<string>();
        for (int i = 0; i < 1000; i++)
        {
            IceCredentials credentials = IceCredentials.Generate();
            Assert.True(ufrags.Add(credentials.Ufrag));
            Assert.True(passwords.Add(credentials.Password));
        }
    }

    [Theory]
    [InlineData("abc", "0123456789012345678901")]         // ufrag below 4
    [InlineData("abcd", "012345678901234567890")]         // password below 22
    [InlineData("ab:d", "0123456789012345678901")]        // ':' is not an ice-char
    [InlineData("abcd", "01234567890123456789 01")]       // nor is a space
    public void Constructor_InvalidValues_Throw(string ufrag, string password)
    {
        Assert.Throws<ArgumentException>(() => new IceCredentials(ufrag, password));
    }

    [Fact]
    public void ToString_DoesNotRevealPassword()
    {
        var credentials = new IceCredentials("abcd", "secretsecretsecretsecret");

        Assert.DoesNotContain("secret", credentials.ToString());
    }
}
