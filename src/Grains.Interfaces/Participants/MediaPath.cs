namespace Live.Participants;

/// <summary>How a browser's media reached the silo in a connection check: the selected ICE candidate pair.</summary>
[GenerateSerializer, Alias("Live.MediaPath")]
public enum MediaPath
{
    /// <summary>No path worked: ICE or DTLS failed (blocked network, or the relay refused its credentials).</summary>
    Failed = 0,
    /// <summary>Straight to the silo over UDP: the best path.</summary>
    Udp = 1,
    /// <summary>Straight to the silo over TCP (ICE-TCP, RFC 6544): works, more delay under loss.</summary>
    Tcp = 2,
    /// <summary>Through the TURN relay: works, adds the relay's round trip.</summary>
    Relay = 3,
}
