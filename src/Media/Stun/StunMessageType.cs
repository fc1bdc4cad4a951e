namespace Live.Media.Stun;

/// <summary>
/// A STUN message type: a 12-bit method and a 2-bit class interleaved in the first 16 bits of the header
/// (RFC 8489 §5, figure 3: M11..M7 C1 M6..M4 C0 M3..M0, with the two top bits zero).
/// </summary>
public readonly record struct StunMessageType(StunMethod Method, StunMessageClass Class)
{
    // RFC 8489 §5: the two most significant bits of every STUN message are zero.
    public const ushort MaxWireValue = 0x3FFF;
    public const ushort MaxMethod = 0x0FFF;

    private const ushort MethodLowMask = 0x000F;    // M3..M0 stay in bits 0-3
    private const ushort MethodMiddleMask = 0x0070; // M6..M4 move up one bit, past C0
    private const ushort MethodHighMask = 0x0F80;   // M11..M7 move up two bits, past C0 and C1
    private const ushort ClassBit0 = 0x0010;        // C0 sits at bit 4
    private const ushort ClassBit1 = 0x0100;        // C1 sits at bit 8

    public static StunMessageType BindingRequest => new(StunMethod.Binding, StunMessageClass.Request);
    public static StunMessageType BindingSuccessResponse => new(StunMethod.Binding, StunMessageClass.SuccessResponse);
    public static StunMessageType BindingErrorResponse => new(StunMethod.Binding, StunMessageClass.ErrorResponse);
    public static StunMessageType BindingIndication => new(StunMethod.Binding, StunMessageClass.Indication);

    /// <summary>Decodes the 16-bit wire value; false when either of the two top bits is set.</summary>
    public static bool TryFromWire(ushort value, out StunMessageType type)
    {
        if (value > MaxWireValue)
        {
            type = default;
            return false;
        }

        int method = (value & MethodLowMask)
            | ((value >> 1) & MethodMiddleMask)
            | ((value >> 2) & MethodHighMask);
        int messageClass = ((value & ClassBit0) >> 4) | ((value & ClassBit1) >> 7);
        type = new StunMessageType((StunMethod)method, (StunMessageClass)messageClass);
        return true;
    }

    /// <summary>The 16-bit wire value; methods above 12 bits are a programming error.</summary>
    public ushort ToWire()
    {
        int method = (int)Method;
        if (method > MaxMethod)
        {
            throw new InvalidOperationException($"STUN method 0x{method:X} does not fit in 12 bits.");
        }

        int messageClass = (int)Class;
        return (ushort)((method & MethodLowMask)
            | ((method & MethodMiddleMask) << 1)
            | ((method & MethodHighMask) << 2)
            | ((messageClass & 0b01) << 4)
            | ((messageClass & 0b10) << 7));
    }

    public override string ToString() => $"{Method} {Class}";
}
