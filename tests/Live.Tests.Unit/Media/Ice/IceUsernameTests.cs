using System.Text;
using Live.Media.Ice;
using Live.Tests.Unit.Media.Stun;

namespace Live.Tests.Unit.Media.Ice;

public sealed class IceUsernameTests
{
    [Fact]
    public void TryGetLocalUfrag_ChromiumStyleCheck_ReturnsPartBeforeColon()
    {
        byte[] request = new IceCheck("srvUfrag:brw1", "passwordpasswordpassword").Build();

        Assert.True(IceUsername.TryGetLocalUfrag(request, out ReadOnlySpan<byte> ufrag));
        Assert.Equal("srvUfrag", Encoding.UTF8.GetString(ufrag));
    }

    [Fact]
    public void TryGetLocalUfrag_Rfc5769SampleRequest_ReturnsEvtj()
    {
        Assert.True(IceUsername.TryGetLocalUfrag(Rfc5769Vectors.SampleRequest, out ReadOnlySpan<byte> ufrag));
        Assert.Equal("evtj", Encoding.UTF8.GetString(ufrag));
    }

    [Theory]
    [InlineData(":leading")]
    [InlineData("nocolon")]
    public void TryGetLocalUfrag_NoLocalPart_False(string username)
    {
        Assert.False(IceUsername.TryGetLocalUfrag(new IceCheck(username, "passwordpasswordpassword").Build(), out _));
    }

    [Fact]
    public void TryGetLocalUfrag_NotStun_False()
    {
        Assert.False(IceUsername.TryGetLocalUfrag([0x80, 0x60, 0x00, 0x01], out _));
    }
}
