namespace Live.Media.Sfu;

/// <summary>One primary payload type of a piped producer: its number on the publisher's transport and its codec name.</summary>
public sealed record PipeCodec(byte PayloadType, string Name);
