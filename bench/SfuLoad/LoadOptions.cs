namespace Live.SfuLoad;

/// <summary>Command line of one load run: which server, how many subscribers, how long to measure.</summary>
public sealed record LoadOptions(
    string Peer, string Url, int ServerPid, int Subscribers, int Seconds, int WarmupSeconds, string Clip,
    int Concurrency, int ConnectTimeoutSeconds, string? ApiKey, int DecryptOneIn)
{
    public static LoadOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>();
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--")) throw new ArgumentException($"unexpected argument {args[i]}");
            values[args[i][2..]] = args[i + 1];
        }

        string Get(string name, string? fallback = null) =>
            values.TryGetValue(name, out var v) ? v : fallback ?? throw new ArgumentException($"--{name} is required");
        var peer = Get("peer");
        if (peer is not ("janus" or "live")) throw new ArgumentException("--peer must be janus or live");
        return new LoadOptions(peer, Get("url"), int.Parse(Get("server-pid")), int.Parse(Get("subscribers")),
            int.Parse(Get("seconds")), int.Parse(Get("warmup", "15")), Get("clip"), int.Parse(Get("concurrency", "10")),
            int.Parse(Get("connect-timeout", "120")), values.GetValueOrDefault("api-key"), int.Parse(Get("decrypt-one-in", "50")));
    }
}
