// What a user of the Stt.Client package writes first: the server's info, a file transcribed whole, a file streamed,
// and a live source (here the same file, handed over in 100 ms chunks as a microphone would). Exits 1 when any of
// them brings no transcript. Usage: dotnet run -- HOST:PORT SPEECH.wav SPEECH.mp3
using Stt.Client;

if (args.Length != 3)
{
    Console.Error.WriteLine("usage: consumer HOST:PORT SPEECH.wav SPEECH.mp3");
    return 2;
}

using var client = new SpeechClient(new Uri($"http://{args[0]}"));
var info = await client.GetServerInfoAsync();
Console.WriteLine($"server {info.Version}, model {info.Model.Name}");

var whole = await client.TranscribeFileAsync(args[2]);
Console.WriteLine($"transcribed {args[2]}: {whole.Duration.ToTimeSpan().TotalSeconds:F2} s, {whole.Segments.Count} segments: {whole.Text}");

var streamed = await FinalsAsync(client.StreamFileAsync(args[1], new SpeechStreamOptions { Pacing = Pacing.AsFastAsPossible }));
Console.WriteLine($"streamed {args[1]}: {streamed} finals");

var audio = await AudioFiles.LoadAsync(args[1]);
var live = await FinalsAsync(client.StreamAsync(Microphone(audio.Samples), new SpeechStreamOptions { Pacing = Pacing.AsFastAsPossible }));
Console.WriteLine($"streamed live: {live} finals");

return whole.Segments.Count > 0 && streamed > 0 && live > 0 ? 0 : 1;

static async Task<int> FinalsAsync(IAsyncEnumerable<Stt.V1.StreamingTranscribeResponse> responses)
{
    var finals = 0;
    await foreach (var response in responses)
    {
        if (response.Segment is { IsFinal: true } segment)
        {
            finals++;
            Console.WriteLine($"  [{segment.Start.ToTimeSpan().TotalSeconds:F2}-{segment.End.ToTimeSpan().TotalSeconds:F2}] {segment.Text}");
        }
    }

    return finals;
}

static async IAsyncEnumerable<float[]> Microphone(float[] samples)
{
    for (var at = 0; at < samples.Length; at += 1600)
    {
        await Task.Yield();
        yield return samples[at..Math.Min(samples.Length, at + 1600)];
    }
}
