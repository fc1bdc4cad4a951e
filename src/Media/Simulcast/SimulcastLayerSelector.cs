namespace Live.Media.Simulcast;

/// <summary>
/// Chooses, for one consumer of a simulcast producer, which layer (RFC 8853 stream, by encoding index, 0 = lowest) it
/// forwards. The target is set from outside (the subscriber's bandwidth budget, an explicit choice); the current layer
/// only changes at the first packet of a keyframe of the layer switched to, because the layers are independent
/// encodings and a decoder cannot continue one from the other's references (RFC 7741 §4.3: a keyframe starts a
/// decodable sequence). The first frame is the lowest layer arriving (smallest keyframe, fastest first frame, and safe
/// on a link nobody has measured yet), which the consumer asks for; when the caller cannot say which layers arrive,
/// any layer at or below the target, whichever keyframe comes first. Going down is wanted at once (the subscriber is
/// short of bandwidth); going up waits for <c>upSwitchHoldOff</c> after the last switch down, so a budget that
/// oscillates around a layer's rate does not make the subscriber flip between layers (a keyframe each time). A current
/// layer that stopped arriving (libwebrtc turns its top layers off when its own estimate drops) is left at the first
/// keyframe of any layer at or below the target, so the subscriber does not freeze until its target changes.
/// Used in the router's packet lane only; <see cref="SetTarget"/> is read there through a volatile field.
/// </summary>
public sealed class SimulcastLayerSelector
{
    private const int None = -1;

    private readonly int _layerCount;
    private readonly long _upSwitchHoldOffTicks;
    private volatile int _target;
    private int _current = None;
    private long _lastDownSwitch;
    private bool _hasSwitchedDown;
    private long _switchesUp;
    private long _switchesDown;

    /// <param name="layerCount">Layers of the producer (at least 2).</param>
    /// <param name="upSwitchHoldOffTicks">Least time, in the ticks passed to <see cref="OnPacket"/>, from a switch down to a switch up.</param>
    public SimulcastLayerSelector(int layerCount, long upSwitchHoldOffTicks)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(layerCount, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(upSwitchHoldOffTicks);
        _layerCount = layerCount;
        _upSwitchHoldOffTicks = upSwitchHoldOffTicks;
        _target = layerCount - 1; // until a budget says otherwise, the best layer the publisher sends
    }

    public int LayerCount => _layerCount;

    /// <summary>The layer the consumer should forward, as last set.</summary>
    public int TargetLayer => _target;

    /// <summary>The layer being forwarded, or -1 before the first keyframe.</summary>
    public int CurrentLayer => Volatile.Read(ref _current);

    public bool IsStarted => CurrentLayer != None;

    /// <summary>Switches made to a higher layer (the start not included).</summary>
    public long SwitchesUp => Interlocked.Read(ref _switchesUp);

    /// <summary>Switches made to a lower layer.</summary>
    public long SwitchesDown => Interlocked.Read(ref _switchesDown);

    /// <summary>Sets the target layer, clamped to the producer's layers; safe from any thread.</summary>
    public void SetTarget(int layer) => _target = Math.Clamp(layer, 0, _layerCount - 1);

    /// <summary>
    /// Forgets the current layer, as before the first keyframe: the consumer forwarded nothing for a while (its video was
    /// paused) and starts again at the first keyframe of a layer at or below the target. Receive thread, or while the
    /// consumer forwards nothing.
    /// </summary>
    public void Restart() => Volatile.Write(ref _current, None);

    /// <summary>
    /// The layer the consumer is waiting for a keyframe of, or -1 when it forwards what it wants. Before the start: the
    /// lowest layer (the fastest first frame). An upward target still inside the hold-off is not wanted yet.
    /// </summary>
    public int WantedLayer(long now)
    {
        int current = _current;
        if (current == None)
        {
            return 0;
        }

        int desired = Desired(current, now);
        return desired == current ? None : desired;
    }

    /// <summary>
    /// Decides what to do with a packet of <paramref name="layer"/>; <paramref name="isKeyFrameStart"/>: it starts a
    /// keyframe; <paramref name="currentLayerStopped"/>: the layer being forwarded has not arrived for a while;
    /// <paramref name="lowestArriving"/>: before the start, the lowest layer arriving (-1: unknown).
    /// </summary>
    public SimulcastForwardDecision OnPacket(int layer, bool isKeyFrameStart, long now, bool currentLayerStopped = false,
        int lowestArriving = None)
    {
        int current = _current;
        if (current == None)
        {
            if (isKeyFrameStart && (lowestArriving == None ? layer <= _target : layer == lowestArriving))
            {
                Volatile.Write(ref _current, layer);
                return SimulcastForwardDecision.Switch;
            }

            return SimulcastForwardDecision.Drop;
        }

        if (layer == current)
        {
            return SimulcastForwardDecision.Forward;
        }

        bool rescue = currentLayerStopped && layer <= _target;
        if (!isKeyFrameStart || (layer != Desired(current, now) && !rescue))
        {
            return SimulcastForwardDecision.Drop;
        }

        if (layer < current)
        {
            _lastDownSwitch = now;
            _hasSwitchedDown = true;
            Interlocked.Increment(ref _switchesDown);
        }
        else
        {
            Interlocked.Increment(ref _switchesUp);
        }

        Volatile.Write(ref _current, layer);
        return SimulcastForwardDecision.Switch;
    }

    private int Desired(int current, long now)
    {
        int target = _target;
        if (target > current && _hasSwitchedDown && now - _lastDownSwitch < _upSwitchHoldOffTicks)
        {
            return current; // hysteresis: just went down, do not climb back before the hold-off
        }

        return target;
    }
}
