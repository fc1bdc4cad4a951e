using System.Net;

namespace Live.Media.Sfu;

/// <summary>
/// Pipes to and from other silos' SFUs (mediasoup's pipeToRouter). On the origin, <see cref="CreatePipeTicket"/> and
/// <see cref="StartPipe"/> send one producer to an edge silo once, whatever the number of subscribers there. On the
/// edge, <see cref="OpenPipeProducer"/> creates a producer fed by that pipe which local consumers subscribe to like
/// any other. The control plane carries the ticket (and its keys) from one to the other.
/// </summary>
public sealed partial class Router
{
    private readonly List<PipeSender> _pipeSenders = [];
    private readonly Dictionary<string, PipeReceiver> _pipeReceivers = new(StringComparer.Ordinal);

    /// <summary>The ids of this router's pipe producers (edge side).</summary>
    public IReadOnlyList<string> PipeProducerIds
    {
        get
        {
            lock (_gate)
            {
                return _pipeReceivers.Keys.Order(StringComparer.Ordinal).ToList();
            }
        }
    }

    /// <summary>How many pipes send this router's producers to edge silos (origin side).</summary>
    public int PipeSenderCount
    {
        get
        {
            lock (_gate)
            {
                return _pipeSenders.Count;
            }
        }
    }

    /// <summary>The ids of the producers this router sends to the SFU at <paramref name="edge"/> (origin side).</summary>
    public IReadOnlyList<string> PipedTo(IPEndPoint edge)
    {
        lock (_gate)
        {
            return _pipeSenders.Where(p => p.RemoteEndPoint.Equals(edge)).Select(p => p.Producer.Id).Order(StringComparer.Ordinal).ToList();
        }
    }

    /// <summary>
    /// Describes a publisher's producer for a pipe, with a fresh SSRC and fresh keys; null when the router has no such
    /// open producer (or it is itself piped: pipes are not chained). Nothing changes until <see cref="StartPipe"/>.
    /// </summary>
    public PipeTicket? CreatePipeTicket(string producerId)
    {
        lock (_gate)
        {
            return _producers.GetValueOrDefault(producerId ?? string.Empty) is { IsClosed: false, IsPiped: false } producer
                ? PipeTicket.Create(producer)
                : null;
        }
    }

    /// <summary>
    /// Starts sending the ticket's producer to the SFU at <paramref name="edge"/>, which must have opened the pipe
    /// producer first (else the first packets are dropped there). Returns an error, or null. A pipe of the same
    /// producer already running to the same edge is replaced: the edge has just opened one with the new keys.
    /// </summary>
    public string? StartPipe(PipeTicket ticket, IPEndPoint edge)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        ArgumentNullException.ThrowIfNull(edge);
        lock (_gate)
        {
            if (_closed || _producers.GetValueOrDefault(ticket.ProducerId) is not { IsClosed: false, IsPiped: false } producer)
            {
                return $"router {Id} has no producer {ticket.ProducerId} to pipe";
            }

            if (_pipeSenders.FirstOrDefault(p => p.Producer == producer && p.RemoteEndPoint.Equals(edge)) is { } stale)
            {
                CloseSenderLocked(stale);
            }

            PipeSender sender;
            try
            {
                sender = new PipeSender(producer, ticket, edge) { Lane = Lane };
            }
            catch (ArgumentException e)
            {
                return $"the pipe ticket for {ticket.ProducerId} is invalid: {e.Message}";
            }

            if (!Server.RegisterPipe(sender))
            {
                return $"a pipe with SSRC {ticket.Ssrc} to {edge} already exists";
            }

            _pipeSenders.Add(sender);
            producer.AddPipe(sender);
            // Edges serve observers: their first keyframe comes from the cadence, not from a request the publisher could count.
            producer.RequestKeyFrame(hidden: true);
            return null;
        }
    }

    /// <summary>Stops sending a producer to <paramref name="edge"/>; false when no such pipe runs.</summary>
    public bool StopPipe(string producerId, IPEndPoint edge)
    {
        lock (_gate)
        {
            PipeSender? sender = _pipeSenders.FirstOrDefault(p => p.Producer.Id == producerId && p.RemoteEndPoint.Equals(edge));
            if (sender is null)
            {
                return false;
            }

            CloseSenderLocked(sender);
            return true;
        }
    }

    /// <summary>
    /// Opens a pipe producer fed by the SFU at <paramref name="origin"/>: it accepts the ticket's SSRC from that
    /// endpoint only, protected with the ticket's key. A pipe producer already open for the same id is replaced (the
    /// origin lost its side). Returns an error, or null; bad tickets never throw.
    /// </summary>
    public string? OpenPipeProducer(PipeTicket ticket, IPEndPoint origin)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        ArgumentNullException.ThrowIfNull(origin);
        if (RtpCodecTable.FromPipe(ticket.Codecs ?? [], ticket.ClockRate) is not { } codecs)
        {
            return $"the pipe ticket for {ticket.ProducerId} names no codec the SFU forwards";
        }

        if (string.IsNullOrEmpty(ticket.ProducerId) || ticket.Ssrc == 0)
        {
            return "the pipe ticket has no producer id or no SSRC";
        }

        lock (_gate)
        {
            if (_closed)
            {
                return $"router {Id} is closed";
            }

            if (_producers.GetValueOrDefault(ticket.ProducerId) is { } existing)
            {
                if (!existing.IsPiped)
                {
                    return $"producer {ticket.ProducerId} is published on this router, not piped";
                }

                ClosePipeProducerLocked(existing);
            }

            PipeReceiver receiver;
            try
            {
                receiver = new PipeReceiver(Server, ticket, origin, ticket.CreateMediaContext(), ticket.CreateFeedbackContext()) { Lane = Lane };
            }
            catch (ArgumentException e)
            {
                return $"the pipe ticket for {ticket.ProducerId} is invalid: {e.Message}";
            }

            var producer = new Producer(ticket, receiver, codecs, Server.Options.NackHistorySize);
            receiver.Producer = producer;
            if (!Server.RegisterPipe(receiver))
            {
                producer.Close();
                return $"a pipe with SSRC {ticket.Ssrc} from {origin} already exists";
            }

            _producers[producer.Id] = producer;
            _pipeReceivers[producer.Id] = receiver;
            return null;
        }
    }

    /// <summary>Closes a pipe producer and its consumers; false when there is none with this id.</summary>
    public bool ClosePipeProducer(string producerId)
    {
        lock (_gate)
        {
            if (_producers.GetValueOrDefault(producerId ?? string.Empty) is not { IsPiped: true } producer)
            {
                return false;
            }

            ClosePipeProducerLocked(producer);
            return true;
        }
    }

    /// <summary>Closes the pipe producers no consumer receives any more and returns their ids.</summary>
    public IReadOnlyList<string> CloseIdlePipeProducers()
    {
        lock (_gate)
        {
            var idle = _pipeReceivers.Values.Select(r => r.Producer).Where(p => p.Consumers.Count == 0).ToList();
            idle.ForEach(ClosePipeProducerLocked);
            return idle.Select(p => p.Id).ToList();
        }
    }

    private void ClosePipeProducerLocked(Producer producer) => CloseProducerLocked(producer);

    /// <summary>Called for every producer that closes: its pipes to edges, or the pipe that fed it.</summary>
    private void ClosePipesOfLocked(Producer producer)
    {
        foreach (PipeSender sender in _pipeSenders.Where(p => p.Producer == producer).ToList())
        {
            CloseSenderLocked(sender);
        }

        if (producer.Upstream is { } receiver && _pipeReceivers.Remove(producer.Id))
        {
            Server.UnregisterPipe(receiver);
        }
    }

    private void CloseSenderLocked(PipeSender sender)
    {
        _pipeSenders.Remove(sender);
        sender.Producer.RemovePipe(sender);
        Server.UnregisterPipe(sender);
    }

    private void SendPipeReports()
    {
        PipeSender[] senders;
        lock (_gate)
        {
            senders = _pipeSenders.ToArray();
        }

        foreach (PipeSender sender in senders)
        {
            sender.SendReport();
        }
    }
}
