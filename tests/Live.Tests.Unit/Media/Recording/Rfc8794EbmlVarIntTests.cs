using Live.Media.Recording;

namespace Live.Tests.Unit.Media.Recording;

public class Rfc8794EbmlVarIntTests
{
    // RFC 8794 §4.4: "the decimal value 2 ... represented as a VINT" in 1 to 4 octets.
    [Theory]
    [InlineData(1, "82")]
    [InlineData(2, "4002")]
    [InlineData(3, "200002")]
    [InlineData(4, "10000002")]
    public void Write_ValueTwoInEachLength_MatchesRfcTable(int length, string hex)
    {
        var bytes = new byte[length];
        Assert.Equal(length, EbmlVarInt.Write(bytes, 2, length));
        Assert.Equal(Convert.FromHexString(hex), bytes);
        Assert.True(EbmlVarInt.TryRead(bytes, out ulong value, out int read, out bool unknown));
        Assert.Equal((2UL, length, false), (value, read, unknown));
    }

    [Theory]
    [InlineData(0UL, "80")]
    [InlineData(126UL, "FE")]
    [InlineData(127UL, "407F")] // 0xFF would be the reserved all-ones "unknown" value
    [InlineData(16382UL, "7FFE")]
    [InlineData(16383UL, "203FFF")]
    [InlineData(2097150UL, "3FFFFE")]
    [InlineData(2097151UL, "101FFFFF")]
    [InlineData(EbmlVarInt.MaxValue, "01FFFFFFFFFFFFFE")]
    public void Write_ShortestForm_UsesTheFewestOctets(ulong value, string hex)
    {
        var bytes = new byte[8];
        int length = EbmlVarInt.Write(bytes, value);
        Assert.Equal(hex, Convert.ToHexString(bytes, 0, length));
        Assert.Equal(length, EbmlVarInt.GetLength(value));
        Assert.True(EbmlVarInt.TryRead(bytes, out ulong read, out int readLength, out bool unknown));
        Assert.Equal((value, length, false), (read, readLength, unknown));
    }

    [Theory]
    [InlineData(1, "FF")]
    [InlineData(2, "7FFF")]
    [InlineData(8, "01FFFFFFFFFFFFFF")]
    public void WriteUnknown_AllDataBitsSet_ReadsAsUnknown(int length, string hex)
    {
        var bytes = new byte[length];
        EbmlVarInt.WriteUnknown(bytes, length);
        Assert.Equal(hex, Convert.ToHexString(bytes));
        Assert.True(EbmlVarInt.TryRead(bytes, out _, out int read, out bool unknown));
        Assert.Equal((length, true), (read, unknown));
    }

    [Fact]
    public void RoundTrip_EveryLengthAndBoundary_ReadsBackTheValue()
    {
        for (int length = 1; length <= 8; length++)
        {
            ulong max = (1UL << (7 * length)) - 2;
            foreach (ulong value in new[] { 0UL, 1UL, max / 2, max })
            {
                var bytes = new byte[length];
                EbmlVarInt.Write(bytes, value, length);
                Assert.True(EbmlVarInt.TryRead(bytes, out ulong read, out int readLength, out bool unknown));
                Assert.Equal((value, length, false), (read, readLength, unknown));
            }

            Assert.Throws<ArgumentOutOfRangeException>(() => EbmlVarInt.Write(new byte[8], max + 1, length));
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("00")] // a length above 8 octets
    [InlineData("40")] // 2-octet VINT with one octet
    [InlineData("01FFFF")] // 8-octet VINT with three
    public void TryRead_InvalidOrTruncated_ReturnsFalse(string hex) =>
        Assert.False(EbmlVarInt.TryRead(Convert.FromHexString(hex), out _, out _, out _));
}
