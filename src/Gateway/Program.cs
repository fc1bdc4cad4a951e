using Live.Gateway.Hosting;
using Live.Silo.Hosting;

return LiveProcess.Run(() =>
{
    var builder = WebApplication.CreateBuilder(args);
    if (string.IsNullOrEmpty(builder.Configuration["urls"])) builder.WebHost.UseUrls("http://127.0.0.1:5080");
    builder.AddLiveGateway();
    var app = builder.Build();
    app.MapLiveGateway();
    app.Run();
});

/// <summary>Entry point, visible to tests that host the gateway.</summary>
public partial class Program;
