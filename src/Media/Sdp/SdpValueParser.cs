namespace Live.Media.Sdp;

/// <summary>The shape of the typed attribute value parsers (<see cref="SdpRtpMap.TryParse"/> and friends).</summary>
internal delegate bool SdpValueParser<T>(string value, out T result);
