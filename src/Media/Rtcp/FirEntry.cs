namespace Live.Media.Rtcp;

/// <summary>One FIR FCI entry (RFC 5104 §4.3.1.1): the target SSRC and the command sequence number.</summary>
public readonly record struct FirEntry(uint Ssrc, byte SequenceNumber);
