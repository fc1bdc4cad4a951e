namespace Live.SfuLoad;

/// <summary>Receives every SRTP packet a transport gets, still protected, on the receive loop's thread.</summary>
public interface IRtpReceiver
{
    void OnRtp(PeerTransport transport, Span<byte> packet, long receivedTimestamp);
}
