namespace Live.Gateway.Turn;

/// <summary>One entry of <c>RTCConfiguration.iceServers</c> as the browser takes it (W3C webrtc-pc §4.2.4).</summary>
public sealed record IceServer(IReadOnlyList<string> Urls, string Username, string Credential);
