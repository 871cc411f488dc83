// Hostile clients against a running server (tests/perf/abuse.sh starts one and runs this): every attack of the catalogue,
// one after another, beside one well-behaved live stream; a Markdown report of what each attack got back and what it cost.
// Exits 1 when an attack got an answer no client can use (INTERNAL, UNKNOWN, HTTP 500, no answer), the server died, or
// stream places were still held 10 s after the attacks; never for time or memory figures, which are reported as met or missed.
using Stt.Abuse.Report;

if (RunSettings.Parse(args) is not { } settings)
{
    Console.Error.WriteLine(RunSettings.Usage);
    return 2;
}

var run = await AbuseRun.ExecuteAsync(settings);
var report = ReportWriter.Write(settings, run);
if (settings.Out is { } path)
{
    await File.WriteAllTextAsync(path, report);
    Console.Error.WriteLine($"report written to {path}");
}
else
{
    Console.Write(report);
}

foreach (var failure in run.Failures)
{
    Console.Error.WriteLine($"FAILED: {failure}");
}

return run.Failures.Count == 0 ? 0 : 1;
