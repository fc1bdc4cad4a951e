using Live.Silo.Hosting;

// A silo process on its own: grains and (later) the SFU, with operator endpoints.
var builder = WebApplication.CreateBuilder(args);
builder.UseOrleans(silo => silo.AddLiveSilo(builder.Configuration));
builder.Services.AddHealthChecks();
var app = builder.Build();
app.MapOperatorEndpoints();
app.Run();
