namespace Live.SfuLoad;

/// <summary>
/// The client's ICE role (RFC 8445 §6.1.1). Against an ICE-lite server (Live) the client is always controlling and
/// nominates with USE-CANDIDATE; against a full agent that offered (Janus's subscriber offers) the offerer controls.
/// </summary>
public enum IceRole
{
    Controlling,
    Controlled,
}
