using Live.Media.Bwe;

namespace Live.Tests.Unit.Media.Bwe.Simulation;

/// <summary>The estimator's outputs at one moment of a simulation.</summary>
internal readonly record struct EstimateSample(long TimeUs, long TargetBps, long DelayBasedBps, long LossBasedBps, long AcknowledgedBps, double TrendMs = 0, double ThresholdMs = 0, BandwidthUsage Usage = BandwidthUsage.Normal);
