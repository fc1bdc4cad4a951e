using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Live.Media.Rtp;

namespace Live.SfuLoad;

/// <summary>
/// The publisher: ffmpeg replays the clip as plain RTP (VP8 and Opus, each to a port of ours, paced in real time with
/// -re); each packet's send time is recorded by payload, then it is SRTP-protected and sent on the publisher's WebRTC
/// transport, exactly as a browser would send it. Both servers receive the same bytes the same way.
/// </summary>
public sealed class Publisher : IDisposable
{
    public const uint VideoSsrc = 1111;
    public const uint AudioSsrc = 2222;

    private readonly Socket _video = Bind();
    private readonly Socket _audio = Bind();
    private readonly SendTimes _sendTimes;
    private readonly Lock _sendGate = new();
    private readonly byte[] _protected = new byte[2048];
    private Process? _ffmpeg;
    private volatile bool _closed;

    public Publisher(PeerTransport transport, SendTimes sendTimes)
    {
        Transport = transport;
        _sendTimes = sendTimes;
    }

    public PeerTransport Transport { get; }
    public long PacketsIn, PacketsSent;

    /// <summary>Starts ffmpeg looping the clip into our two input ports and forwards what it sends.</summary>
    public void Start(string clip, string logPath)
    {
        _ = ForwardLoopAsync(_video);
        _ = ForwardLoopAsync(_audio);
        int vport = ((IPEndPoint)_video.LocalEndPoint!).Port, aport = ((IPEndPoint)_audio.LocalEndPoint!).Port;
        var start = new ProcessStartInfo("ffmpeg")
        {
            RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false,
        };
        foreach (var arg in new[]
                 {
                     "-hide_banner", "-loglevel", "warning", "-nostdin", "-sdp_file", "/dev/null", "-re", "-stream_loop", "-1", "-i", clip,
                     "-map", "0:v", "-c", "copy", "-payload_type", "96", "-ssrc", $"{VideoSsrc}", "-f", "rtp",
                     $"rtp://127.0.0.1:{vport}?pkt_size=1200",
                     "-map", "0:a", "-c", "copy", "-payload_type", "111", "-ssrc", $"{AudioSsrc}", "-f", "rtp",
                     $"rtp://127.0.0.1:{aport}?pkt_size=1200",
                 })
            start.ArgumentList.Add(arg);
        _ffmpeg = Process.Start(start)!;
        var log = File.CreateText(logPath);
        _ = _ffmpeg.StandardError.BaseStream.CopyToAsync(log.BaseStream);
    }

    private async Task ForwardLoopAsync(Socket input)
    {
        var buffer = new byte[2048];
        while (!_closed)
        {
            int length;
            try { length = await input.ReceiveAsync(buffer.AsMemory(), SocketFlags.None); }
            catch (SocketException) { continue; }
            catch (ObjectDisposedException) { return; }
            Interlocked.Increment(ref PacketsIn);
            if (Transport.Outbound is not { } srtp || !RtpHeader.TryParse(buffer.AsSpan(0, length), out var header)) continue;
            // Two input loops share one SRTP context and one send buffer.
            lock (_sendGate)
            {
                _sendTimes.Record(SendTimes.KeyOf(buffer.AsSpan(header.PayloadOffset, header.PayloadLength)), Stopwatch.GetTimestamp());
                buffer.AsSpan(0, length).CopyTo(_protected);
                if (!srtp.TryProtectRtp(_protected, length, out int protectedLength)) continue;
                Transport.Send(_protected.AsSpan(0, protectedLength));
                PacketsSent++;
            }
        }
    }

    private static Socket Bind()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = 1 << 20 };
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }

    public void Dispose()
    {
        _closed = true;
        try { if (_ffmpeg is { HasExited: false }) _ffmpeg.Kill(); } catch (InvalidOperationException) { }
        _ffmpeg?.WaitForExit(5000);
        _video.Dispose();
        _audio.Dispose();
        Transport.Dispose();
    }
}
