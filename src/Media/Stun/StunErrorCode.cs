using System.Text;

namespace Live.Media.Stun;

/// <summary>
/// ERROR-CODE values (RFC 8489 §14.8): 21 reserved bits, a 3-bit class (hundreds), an 8-bit number (0-99) and a
/// UTF-8 reason phrase. Holds the codes an ICE agent answers with.
/// </summary>
public static class StunErrorCode
{
    public const int BadRequest = 400;       // RFC 8489 §14.8
    public const int Unauthorized = 401;     // RFC 8489 §14.8
    public const int UnknownAttribute = 420; // RFC 8489 §14.8
    public const int RoleConflict = 487;     // RFC 8445 §7.3.1.1
    public const int ServerError = 500;      // RFC 8489 §14.8

    // RFC 8489 §14.8: the class is 3 to 6 and the number 0 to 99.
    public const int MinCode = 300;
    public const int MaxCode = 699;

    private const int ClassOffset = 2;
    private const int NumberOffset = 3;
    private const int ReasonOffset = 4;
    private const byte ClassMask = 0x07;

    public static int GetValueLength(int reasonByteCount) => ReasonOffset + reasonByteCount;

    public static int GetValueLength(ReadOnlySpan<char> reason) => ReasonOffset + Encoding.UTF8.GetByteCount(reason);

    /// <summary>Writes an ERROR-CODE value; returns its length.</summary>
    public static int Write(Span<byte> destination, int code, ReadOnlySpan<char> reason)
    {
        if (code is < MinCode or > MaxCode)
        {
            throw new ArgumentOutOfRangeException(nameof(code), code, "STUN error codes run from 300 to 699.");
        }

        destination[0] = 0;
        destination[1] = 0;
        destination[ClassOffset] = (byte)(code / 100);
        destination[NumberOffset] = (byte)(code % 100);
        return ReasonOffset + Encoding.UTF8.GetBytes(reason, destination[ReasonOffset..]);
    }

    /// <summary>Reads an ERROR-CODE value; false when shorter than 4 bytes or the code is outside 300-699.</summary>
    public static bool TryRead(ReadOnlySpan<byte> value, out int code, out ReadOnlySpan<byte> reasonUtf8)
    {
        code = 0;
        reasonUtf8 = default;
        if (value.Length < ReasonOffset || value[NumberOffset] > 99)
        {
            return false;
        }

        int candidate = (value[ClassOffset] & ClassMask) * 100 + value[NumberOffset];
        if (candidate is < MinCode or > MaxCode)
        {
            return false;
        }

        code = candidate;
        reasonUtf8 = value[ReasonOffset..];
        return true;
    }

    /// <summary>A short reason phrase for the codes this server sends (RFC 8489 §14.8 suggests them).</summary>
    public static string DefaultReason(int code) => code switch
    {
        BadRequest => "Bad Request",
        Unauthorized => "Unauthorized",
        UnknownAttribute => "Unknown Attribute",
        RoleConflict => "Role Conflict",
        ServerError => "Server Error",
        _ => string.Empty,
    };
}
