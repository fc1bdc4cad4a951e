namespace Live.Media.Sdp;

/// <summary>The stream the SFU sends in a section: its SSRC, optional RTX SSRC, and the msid stream and track ids the browser will see.</summary>
public sealed record SfuSendStream(uint Ssrc, uint? RtxSsrc, string StreamId, string TrackId);
