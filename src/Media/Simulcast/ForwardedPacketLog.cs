namespace Live.Media.Simulcast;

/// <summary>
/// For one simulcast consumer, which layer packet each recent outgoing sequence number was and with which offsets it
/// was rewritten, so a NACK in the subscriber's numbering (RFC 4585 §6.2.1) finds the original in that layer's
/// history and is answered with the very bytes first sent. A ring indexed by outgoing sequence number, sized like the
/// producer's history; preallocated, router's packet lane only.
/// </summary>
public sealed class ForwardedPacketLog
{
    private readonly ushort[] _outSequences;
    private readonly sbyte[] _layers;
    private readonly ushort[] _layerSequences;
    private readonly RewriteOffsets[] _offsets;
    private readonly int _mask;

    /// <param name="capacity">Packets remembered, a power of two.</param>
    public ForwardedPacketLog(int capacity)
    {
        if (!int.IsPow2(capacity))
        {
            throw new ArgumentException("The capacity must be a power of two.", nameof(capacity));
        }

        _outSequences = new ushort[capacity];
        _layers = new sbyte[capacity];
        Array.Fill(_layers, (sbyte)-1);
        _layerSequences = new ushort[capacity];
        _offsets = new RewriteOffsets[capacity];
        _mask = capacity - 1;
    }

    public int Capacity => _outSequences.Length;

    /// <summary>Records that <paramref name="outSequence"/> was <paramref name="layerSequence"/> of <paramref name="layer"/>.</summary>
    public void Record(ushort outSequence, int layer, ushort layerSequence, in RewriteOffsets offsets)
    {
        int index = outSequence & _mask;
        _outSequences[index] = outSequence;
        _layers[index] = (sbyte)layer;
        _layerSequences[index] = layerSequence;
        _offsets[index] = offsets;
    }

    /// <summary>The layer packet sent as <paramref name="outSequence"/>; false when never sent or overwritten since.</summary>
    public bool TryGet(ushort outSequence, out int layer, out ushort layerSequence, out RewriteOffsets offsets)
    {
        int index = outSequence & _mask;
        if (_layers[index] < 0 || _outSequences[index] != outSequence)
        {
            layer = -1;
            layerSequence = 0;
            offsets = default;
            return false;
        }

        layer = _layers[index];
        layerSequence = _layerSequences[index];
        offsets = _offsets[index];
        return true;
    }
}
