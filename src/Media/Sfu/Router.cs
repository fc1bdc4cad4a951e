namespace Live.Media.Sfu;

/// <summary>
/// One session's media (mediasoup's Router): the participants' transports, the producers they publish and the consumers
/// they receive. The control plane drives it through <see cref="Negotiate"/> and <see cref="CloseParticipant"/>;
/// packets never pass through here, they go transport → producer → consumers in the router's <see cref="Lane"/>, one
/// packet at a time whichever receive loop or TCP reader they came on.
/// </summary>
public sealed partial class Router
{
    private readonly object _gate = new();
    private readonly Dictionary<string, WebRtcTransport> _transports = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Producer> _producers = new(StringComparer.Ordinal);
    private bool _closed;

    internal Router(SfuServer server, string id)
    {
        Server = server;
        Id = id;
        Lane = server.CreateLane();
    }

    /// <summary>Where this router's SRTP/SRTCP packets (its transports' and its pipes') run, one at a time.</summary>
    internal PacketLane Lane { get; }

    /// <summary>
    /// Raised (outside the router's lock) when the SFU itself closed a participant's transport: ICE consent expired or
    /// DTLS failed. Arguments: the router, the participant id, the producer ids that closed with it.
    /// </summary>
    public event Action<Router, string, IReadOnlyList<string>>? ParticipantDisconnected;

    public string Id { get; }

    public SfuServer Server { get; }

    /// <summary>Every open producer of this router.</summary>
    public IReadOnlyList<ProducerInfo> Producers
    {
        get
        {
            lock (_gate)
            {
                return ProducerInfos();
            }
        }
    }

    public int TransportCount
    {
        get
        {
            lock (_gate)
            {
                return _transports.Count;
            }
        }
    }

    /// <summary>The transport of a participant, when they have negotiated.</summary>
    public WebRtcTransport? GetTransport(string participantId)
    {
        lock (_gate)
        {
            return _transports.GetValueOrDefault(participantId);
        }
    }

    public Producer? GetProducer(string producerId)
    {
        lock (_gate)
        {
            return _producers.GetValueOrDefault(producerId);
        }
    }

    /// <summary>
    /// Closes a participant's transport, its producers (and every consumer of them) and its consumers. Returns the ids
    /// of the producers that closed; empty when the participant had no transport.
    /// </summary>
    public IReadOnlyList<string> CloseParticipant(string participantId)
    {
        lock (_gate)
        {
            return CloseParticipantLocked(participantId);
        }
    }

    internal void CloseAll()
    {
        lock (_gate)
        {
            _closed = true;
            foreach (string participantId in _transports.Keys.ToArray())
            {
                CloseParticipantLocked(participantId);
            }

            foreach (Producer piped in _producers.Values.Where(p => p.IsPiped).ToList())
            {
                CloseProducerLocked(piped);
            }

            _recording?.Stop();
        }
    }

    internal void CloseExpired(TimeSpan consentTimeout)
    {
        List<(string Participant, IReadOnlyList<string> Producers)>? closed = null;
        lock (_gate)
        {
            foreach (WebRtcTransport transport in _transports.Values.ToArray())
            {
                bool failed = transport.State == WebRtcTransportState.Failed;
                if (failed || transport.Ice.TimeSinceLastValidCheck >= consentTimeout)
                {
                    SfuMetrics.TransportExpired(failed);
                    (closed ??= []).Add((transport.ParticipantId, CloseParticipantLocked(transport.ParticipantId)));
                }
            }
        }

        foreach ((string participant, IReadOnlyList<string> producers) in closed ?? [])
        {
            ParticipantDisconnected?.Invoke(this, participant, producers);
        }
    }

    internal void SendReports()
    {
        WebRtcTransport[] transports;
        lock (_gate)
        {
            transports = _transports.Values.ToArray();
        }

        foreach (WebRtcTransport transport in transports)
        {
            transport.SendReports();
        }

        SendPipeReports();
    }

    private List<string> CloseParticipantLocked(string participantId)
    {
        var closedProducers = new List<string>();
        if (!_transports.Remove(participantId, out WebRtcTransport? transport))
        {
            return closedProducers;
        }

        foreach (Producer producer in transport.Producers)
        {
            CloseProducerLocked(producer);
            closedProducers.Add(producer.Id);
        }

        foreach (Consumer consumer in transport.Consumers)
        {
            consumer.Close();
            consumer.Producer.RemoveConsumer(consumer);
        }

        transport.SetProducers([]);
        transport.SetConsumers([]);
        transport.CloseInternal();
        Server.ReleaseTransport();
        return closedProducers;
    }

    /// <summary>Closes a producer and every consumer of it, on whichever transport.</summary>
    private void CloseProducerLocked(Producer producer)
    {
        _producers.Remove(producer.Id);
        _recording?.OnProducerClosed(producer);
        ClosePipesOfLocked(producer);
        foreach (Consumer consumer in producer.Close())
        {
            consumer.Close();
            WebRtcTransport subscriber = consumer.Transport;
            subscriber.SetConsumers(subscriber.Consumers.Where(c => c != consumer).ToArray());
        }
    }

    private List<ProducerInfo> ProducerInfos() => _producers.Values.Select(p => p.Info).OrderBy(p => p.Id, StringComparer.Ordinal).ToList();
}
