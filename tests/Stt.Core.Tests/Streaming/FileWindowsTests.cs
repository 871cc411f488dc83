using Stt.Core.Streaming;

namespace Stt.Core.Tests.Streaming;

[Unit]
public sealed class FileWindowsTests
{
    private const long Second = 16000;

    [Test]
    public void Join_ShortPauses_OneWindowUntilClosed()
    {
        var windows = new FileWindows(new StreamingOptions().FileWindows);

        Assert.That(windows.Join(1, 0, 3 * Second), Is.Null);
        Assert.That(windows.Join(2, 4 * Second, 8 * Second), Is.Null);
        Assert.That(windows.OpenStart, Is.Zero);

        Assert.That(windows.Close(), Is.EqualTo(new FileWindow(1, 0, 8 * Second)));
        Assert.That(windows.Close(), Is.Null);
    }

    [Test]
    public void Join_LongPause_ClosesTheWindowBefore()
    {
        var windows = new FileWindows(new StreamingOptions().FileWindows);
        windows.Join(1, 0, 3 * Second);

        var closed = windows.Join(2, 6 * Second, 8 * Second);

        Assert.That(closed, Is.EqualTo(new FileWindow(1, 0, 3 * Second)));
        Assert.That(windows.OpenStart, Is.EqualTo(6 * Second));
    }

    [Test]
    public void Join_PastTheLongestWindow_ClosesTheWindowBefore()
    {
        var windows = new FileWindows(new StreamingOptions().FileWindows);
        windows.Join(1, 0, 15 * Second);

        var closed = windows.Join(2, 16 * Second, 29 * Second);

        Assert.That(closed, Is.EqualTo(new FileWindow(1, 0, 15 * Second)), "28 s at most");
    }

    [Test]
    public void CloseIfSilentUntil_PastTheGap_Closes()
    {
        var windows = new FileWindows(new StreamingOptions().FileWindows);
        windows.Join(1, 0, 3 * Second);

        Assert.That(windows.CloseIfSilentUntil(5 * Second), Is.Null);
        Assert.That(windows.CloseIfSilentUntil(5 * Second + 1), Is.EqualTo(new FileWindow(1, 0, 3 * Second)));
    }
}
