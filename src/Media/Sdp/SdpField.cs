namespace Live.Media.Sdp;

/// <summary>A non-attribute SDP line other than v=, o=, s= and m= (for example c=, b=, t=), kept in order and verbatim.</summary>
public sealed record SdpField(char Type, string Value)
{
    /// <summary>The line without its CRLF.</summary>
    public override string ToString() => $"{Type}={Value}";
}
