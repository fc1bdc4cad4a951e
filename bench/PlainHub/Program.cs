using System.Text.Json;
using System.Text.Json.Serialization;
using Live.Bench.PlainHub;

// The peer of Live in the benchmarks: the same hub methods the load client calls, answered from memory.
var builder = WebApplication.CreateBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddSingleton<PlainRooms>();
builder.Services.AddHostedService<PlainPublisher>();
builder.Services.AddSignalR(o => o.MaximumReceiveMessageSize = 32 * 1024)
    .AddJsonProtocol(o =>
    {
        o.PayloadSerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
    });
var app = builder.Build();
app.MapGet("/health/live", () => "ok");
app.MapHub<PlainSessionHub>("/hubs/session");
app.Run();
