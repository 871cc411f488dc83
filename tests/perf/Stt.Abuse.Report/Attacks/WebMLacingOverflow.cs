using Stt.Abuse.Report.Audio;
using Stt.Abuse.Report.Calls;

namespace Stt.Abuse.Report.Attacks;

/// <summary>10. A WebM block whose Xiph lacing sizes add up past 32 bits.</summary>
internal static class WebMLacingOverflow
{
    public static Attack Create(AttackSizes sizes)
    {
        byte[] file = [];
        return new Attack($"WebM lacing overflow: a Xiph-laced block with a run of {sizes.LacingBytes:N0} 0xFF lacing bytes", [
            new AttackCase("WebM file, multipart upload", context => Uploads.TranscribeAsync(context, file, "laced.webm", 400, 413))
            {
                PrepareAsync = _ =>
                {
                    file = LacedWebM.Build(sizes.LacingBytes);
                    return Task.CompletedTask;
                },
            },
        ]);
    }
}
