using System.Text;
using Live.Media.Stun;

namespace Live.Tests.Unit.Media.Stun;

public sealed class StunErrorCodeTests
{
    [Theory]
    [InlineData(300, "Try Alternate")]
    [InlineData(401, "Unauthorized")]
    [InlineData(487, "Role Conflict")]
    [InlineData(699, "")]
    public void WriteThenRead_Code_RoundTrips(int code, string reason)
    {
        var value = new byte[64];

        int length = StunErrorCode.Write(value, code, reason);

        Assert.True(StunErrorCode.TryRead(value.AsSpan(0, length), out int read, out ReadOnlySpan<byte> utf8));
        Assert.Equal(code, read);
        Assert.Equal(reason, Encoding.UTF8.GetString(utf8));
    }

    [Fact]
    public void Write_401_EncodesClass4Number1()
    {
        var value = new byte[16];

        int length = StunErrorCode.Write(value, 401, "");

        Assert.Equal(Hex.Decode("00 00 04 01"), value.AsSpan(0, length).ToArray());
    }

    [Theory]
    [InlineData("00 00 04")]      // too short
    [InlineData("00 00 04 64")]   // number 100
    [InlineData("00 00 02 00")]   // class 2
    [InlineData("00 00 07 00")]   // class 7
    public void TryRead_Malformed_Rejected(string hex)
    {
        Assert.False(StunErrorCode.TryRead(Hex.Decode(hex), out _, out _));
    }

    [Theory]
    [InlineData(299)]
    [InlineData(700)]
    public void Write_OutOfRangeCode_Throws(int code)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => StunErrorCode.Write(new byte[16], code, ""));
    }
}
