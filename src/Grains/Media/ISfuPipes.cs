namespace Live.Grains.Media;

/// <summary>
/// Pipes between this silo's SFU and other silos' (mediasoup's pipeToRouter), as the media grains drive them: on the
/// origin silo a track is prepared (fresh keys) and started towards an edge; on the edge a pipe producer is opened for
/// it, which local observers subscribe to. Bad offers give an error string, never an exception.
/// </summary>
public interface ISfuPipes
{
    /// <summary>This silo's SFU endpoint ("address:port") that pipes send to and come from.</summary>
    string Endpoint { get; }

    /// <summary>Origin: describes a track of the router for a pipe, with fresh keys; null when the router has no such track.</summary>
    PipeOffer? Prepare(string routerId, string trackId);

    /// <summary>Origin: starts sending the offer's track to the SFU at <paramref name="edgeEndpoint"/>; an error or null.</summary>
    string? Start(string routerId, PipeOffer offer, string edgeEndpoint);

    /// <summary>Origin: stops sending a track to an edge; false when no such pipe ran.</summary>
    bool Stop(string routerId, string trackId, string edgeEndpoint);

    /// <summary>Origin: the tracks the router sends to the SFU at <paramref name="edgeEndpoint"/>.</summary>
    IReadOnlyList<string> Running(string routerId, string edgeEndpoint);

    /// <summary>Origin: how many pipes send the router's tracks to edges.</summary>
    int SenderCount(string routerId);

    /// <summary>Edge: opens a pipe producer for the offer, fed from the offer's origin endpoint only; an error or null.</summary>
    string? Open(string routerId, PipeOffer offer);

    /// <summary>Edge: closes a pipe producer and its consumers; false when there was none.</summary>
    bool Close(string routerId, string trackId);

    /// <summary>Edge: closes the pipe producers no consumer receives and returns their track ids.</summary>
    IReadOnlyList<string> CloseIdle(string routerId);

    /// <summary>Edge: the tracks the router receives over pipes.</summary>
    IReadOnlyList<string> PipedTracks(string routerId);
}
