using System.Net;
using System.Net.Sockets;
using Live.Media.Net;
using Live.Media.Sfu;
using Live.Tests.Unit.Media.Ice;
using Microsoft.Extensions.Logging;

namespace Live.Tests.Unit.Media.Sfu;

/// <summary>
/// A packet handler's exception is counted in <c>live_sfu_packet_handler_faults_total{reason}</c> and logged at most
/// once per <see cref="PacketHandlerFaults.LogInterval"/> per exception type, with the number left unlogged in between.
/// </summary>
public sealed class PacketHandlerFaultsTests
{
    private readonly ManualTimeProvider _time = new();
    private readonly RecordingLogger _log = new();

    [Fact]
    public void Report_ManyFaultsOfOneType_AllCounted_OneLinePerInterval_WithTheUnloggedCount()
    {
        var faults = new PacketHandlerFaults(_log, _time);
        string type = nameof(FaultOfTestOneException);
        double before = SfuMetrics.GetHandlerFaults(type);

        for (int i = 0; i < 100; i++)
        {
            faults.Report(new FaultOfTestOneException(), "udp");
        }

        Assert.Equal(before + 100, SfuMetrics.GetHandlerFaults(type));
        LogLine first = Assert.Single(_log.Lines);
        Assert.Equal(LogLevel.Error, first.Level);
        Assert.IsType<FaultOfTestOneException>(first.Exception);
        Assert.Contains(type, first.Message);
        Assert.Contains("(0 more", first.Message);

        _time.Advance(PacketHandlerFaults.LogInterval - TimeSpan.FromMilliseconds(1));
        faults.Report(new FaultOfTestOneException(), "udp");
        Assert.Single(_log.Lines);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        faults.Report(new FaultOfTestOneException(), "tcp");
        Assert.Equal(2, _log.Lines.Count);
        Assert.Contains("(100 more", _log.Lines[1].Message); // 99 after the first line, and the one just before the interval
        Assert.Contains("tcp", _log.Lines[1].Message);
        Assert.Equal(before + 102, SfuMetrics.GetHandlerFaults(type));
    }

    [Fact]
    public void Report_DifferentTypes_EachLoggedAtOnce()
    {
        var faults = new PacketHandlerFaults(_log, _time);

        faults.Report(new FaultOfTestOneException(), "udp");
        faults.Report(new FaultOfTestTwoException(), "udp");
        faults.Report(new FaultOfTestTwoException(), "udp");

        Assert.Equal(2, _log.Lines.Count);
        Assert.IsType<FaultOfTestTwoException>(_log.Lines[1].Exception);
    }

    [Fact]
    public void UdpEndpoint_HandlerThrows_FaultReachesTheReport_ThreadSurvives()
    {
        var faults = new PacketHandlerFaults(_log, _time);
        string type = nameof(FaultOfTestThreeException);
        double before = SfuMetrics.GetHandlerFaults(type);
        var second = new ManualResetEventSlim();
        int calls = 0;
        using var endpoint = new UdpEndpoint(new IPEndPoint(IPAddress.Loopback, 0), (_, _) =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                throw new FaultOfTestThreeException();
            }

            second.Set();
        }, onHandlerFault: fault => faults.Report(fault, "udp"));
        endpoint.Start();
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);

        sender.SendTo(new byte[] { 1 }, endpoint.LocalEndPoint);
        sender.SendTo(new byte[] { 2 }, endpoint.LocalEndPoint);

        Assert.True(second.Wait(TimeSpan.FromSeconds(10)));
        Assert.Equal(1, endpoint.HandlerFaults);
        Assert.Equal(before + 1, SfuMetrics.GetHandlerFaults(type));
        Assert.IsType<FaultOfTestThreeException>(Assert.Single(_log.Lines).Exception);
    }

    [Fact]
    public void UdpEndpoint_FaultReportThrows_ReceiveThreadStillSurvives()
    {
        var second = new ManualResetEventSlim();
        int calls = 0;
        using var endpoint = new UdpEndpoint(new IPEndPoint(IPAddress.Loopback, 0), (_, _) =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                throw new FaultOfTestThreeException();
            }

            second.Set();
        }, onHandlerFault: _ => throw new InvalidOperationException("the log sink is broken"));
        endpoint.Start();
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);

        sender.SendTo(new byte[] { 1 }, endpoint.LocalEndPoint);
        sender.SendTo(new byte[] { 2 }, endpoint.LocalEndPoint);

        Assert.True(second.Wait(TimeSpan.FromSeconds(10)));
        Assert.True(endpoint.IsReceiving);
    }

    // Types of their own, so that the process-wide metric's labels are this test's alone.
    private sealed class FaultOfTestOneException : Exception;

    private sealed class FaultOfTestTwoException : Exception;

    private sealed class FaultOfTestThreeException : Exception;

    private sealed record LogLine(LogLevel Level, string Message, Exception? Exception);

    private sealed class RecordingLogger : ILogger
    {
        private readonly List<LogLine> _lines = [];

        public IReadOnlyList<LogLine> Lines
        {
            get
            {
                lock (_lines)
                {
                    return _lines.ToArray();
                }
            }
        }

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (_lines)
            {
                _lines.Add(new LogLine(logLevel, formatter(state, exception), exception));
            }
        }
    }
}
