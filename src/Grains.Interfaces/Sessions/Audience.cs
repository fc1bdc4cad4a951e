namespace Live.Sessions;

/// <summary>
/// Who an event is for. The session grain decides; the gateway only routes. Guests never belong to
/// <see cref="Staff"/> or <see cref="Hosts"/>, which is how nothing about observers reaches them.
/// </summary>
[GenerateSerializer, Alias("Live.Audience")]
public enum Audience
{
    /// <summary>Everyone admitted: hosts, guests and observers.</summary>
    Everyone = 0,
    /// <summary>Hosts and observers.</summary>
    Staff = 1,
    Hosts = 2,
    /// <summary>One participant, named by the event.</summary>
    Participant = 3,
    /// <summary>The gateways themselves (the event stream's heartbeat): never forwarded to a browser.</summary>
    Gateways = 4,
}
