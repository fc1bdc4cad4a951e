namespace Live.Tests.Unit.Media.Stun;

/// <summary>Hex dumps as written in RFCs (whitespace anywhere) to bytes.</summary>
internal static class Hex
{
    public static byte[] Decode(string hex) =>
        Convert.FromHexString(string.Concat(hex.Where(c => !char.IsWhiteSpace(c))));
}
