using System.Text.Json;
using Live.SfuLoad;

// The SFU benchmark's load client: `Live.SfuLoad --peer janus|live --url U --server-pid P --subscribers N --seconds S
// --clip file.webm [--warmup S] [--concurrency C] [--api-key K] [--decrypt-one-in 50]`. Progress goes to stderr, the
// figures to stdout as one `RESULT_JSON {...}` line. Started by bench/sfu/run.sh, which also starts the servers.
LoadOptions options;
try
{
    options = LoadOptions.Parse(args);
}
catch (Exception e) when (e is ArgumentException or FormatException)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

void Note(string text) => Console.Error.WriteLine($"# sfu-load {DateTime.UtcNow:HH:mm:ss} {options.Peer} {text}");
Note($"{options.Subscribers} subscribers, {options.Seconds} s window after {options.WarmupSeconds} s warm-up; " +
     $"socket event threads: {Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_THREAD_COUNT") ?? "default"}, " +
     $"inline completions: {Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS") ?? "0"}");
await using ISfuSignaling signaling = options.Peer == "janus"
    ? new JanusSignaling(options.Url)
    : new LiveSignaling(options.Url, options.ApiKey ?? throw new ArgumentException("--api-key is required for live"));
try
{
    var figures = await new LoadRun(options, signaling, Note).RunAsync();
    Console.WriteLine("RESULT_JSON " + JsonSerializer.Serialize(figures));
    Console.Out.Flush();
    Note("measured; closing the subscribers' signaling");
    return 0;
}
catch (Exception e)
{
    Console.Error.WriteLine($"sfu-load {options.Peer}: {e}");
    return 1;
}
