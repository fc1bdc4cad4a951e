namespace Live.Tests.Unit.Media.Bwe.Simulation;

/// <summary>One packet of a recorded-style feedback trace: when it was sent, its size, and when it arrived (−1 = lost).</summary>
internal readonly record struct TraceRow(int TransportSequence, long SendTimeUs, int SizeBytes, long ArrivalTimeUs);
