using Live.Silo.Hosting;

// A silo process on its own: grains and (later) the SFU, with operator endpoints (/metrics, /health/*).
return LiveProcess.Run(() =>
{
    var builder = WebApplication.CreateBuilder(args);
    if (string.IsNullOrEmpty(builder.Configuration["urls"])) builder.WebHost.UseUrls("http://127.0.0.1:5090");
    builder.UseOrleans(silo => silo.AddLiveSilo(builder.Configuration));
    builder.Services.AddHealthChecks();
    var app = builder.Build();
    app.MapOperatorEndpoints();
    app.Run();
});
