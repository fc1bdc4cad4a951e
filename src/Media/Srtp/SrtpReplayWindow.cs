namespace Live.Media.Srtp;

/// <summary>
/// The RFC 3711 §3.3.2 replay list as a sliding bitmask: bit k set means index (highest − k) was accepted.
/// Up to 128 packets wide (RFC 3711 §3.3.2 requires at least 64). Checking is separate from accepting so
/// that only authenticated packets move the window.
/// </summary>
internal struct SrtpReplayWindow
{
    /// <summary>The widest window the bitmask holds.</summary>
    public const int MaxSize = 128;

    private ulong _highest;
    private UInt128 _received;
    private bool _any;

    /// <summary>None if <paramref name="index"/> may be accepted, otherwise Replayed or TooOld.</summary>
    public readonly SrtpError Check(ulong index, int size)
    {
        if (!_any || index > _highest)
        {
            return SrtpError.None;
        }

        ulong behind = _highest - index;
        if (behind >= (ulong)size)
        {
            return SrtpError.TooOld;
        }

        return (_received & (UInt128.One << (int)behind)) != UInt128.Zero ? SrtpError.Replayed : SrtpError.None;
    }

    /// <summary>Records <paramref name="index"/> as received; call only after <see cref="Check"/> passed and the tag verified.</summary>
    public void Accept(ulong index)
    {
        if (!_any)
        {
            _any = true;
            _highest = index;
            _received = UInt128.One;
            return;
        }

        if (index > _highest)
        {
            ulong advance = index - _highest;
            _received = advance >= MaxSize ? UInt128.Zero : _received << (int)advance;
            _received |= UInt128.One;
            _highest = index;
            return;
        }

        ulong behind = _highest - index;
        if (behind < MaxSize)
        {
            _received |= UInt128.One << (int)behind;
        }
    }
}
