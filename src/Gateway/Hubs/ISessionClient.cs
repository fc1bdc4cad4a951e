namespace Live.Gateway.Hubs;

/// <summary>What the hub sends to browsers: every session event as its type name and payload (see docs/api.md).</summary>
public interface ISessionClient
{
    /// <summary>One session event, e.g. <c>("prompt", PromptView)</c>, or <c>("refused", {code, message})</c> before the hub closes a connection.</summary>
    Task Event(string type, object? data);
}
