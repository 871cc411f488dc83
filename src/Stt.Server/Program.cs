using Stt.Server.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddSpeechServer();

var app = builder.Build();
app.MapSpeechServer();

await app.RunAsync();
