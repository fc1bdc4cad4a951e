namespace Live.Media.Rtcp;

/// <summary>A packet reported as received in transport-wide feedback, with its arrival time in microseconds on the receiver's clock.</summary>
public readonly record struct TwccReceivedPacket(ushort SequenceNumber, long ArrivalMicroseconds);
