using Live.Silo.Hosting;

// A silo process on its own: grains and the SFU, with operator endpoints (/metrics, /health/*, Orleans' /dashboard).
// Its HTTP port is the operator's: no Service or Ingress carries it (k8s/base/silo.yaml).
return LiveProcess.Run(() =>
{
    var builder = WebApplication.CreateBuilder(args);
    if (string.IsNullOrEmpty(builder.Configuration["urls"])) builder.WebHost.UseUrls("http://127.0.0.1:5090");
    builder.UseOrleans(silo => silo.AddLiveSilo(builder.Configuration).AddLiveDashboard(builder.Configuration));
    builder.Services.AddHealthChecks();
    var app = builder.Build();
    app.MapOperatorEndpoints();
    app.MapLiveDashboard();
    app.Run();
});
