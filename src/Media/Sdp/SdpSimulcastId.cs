namespace Live.Media.Sdp;

/// <summary>One rid in an a=simulcast list (RFC 8853 §5.1), with its paused mark ('~').</summary>
public readonly record struct SdpSimulcastId(string Rid, bool Paused);
