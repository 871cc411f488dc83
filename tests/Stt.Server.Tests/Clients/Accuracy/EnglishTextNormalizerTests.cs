using Stt.Cli.Accuracy;

namespace Stt.Server.Tests.Clients.Accuracy;

[Unit]
public sealed class EnglishTextNormalizerTests
{
    [TestCase("Hello, World!", "hello world")]
    [TestCase("  spaced \t out\n text ", "spaced out text")]
    [TestCase("Don't you \u2019worry\u2019", "dont you worry")]
    [TestCase("rock & roll", "rock and roll")]
    [TestCase("well-known and/or semi\u2014final", "well known and or semi final")]
    [TestCase("[MUSIC] so it begins (laughs)", "so it begins")]
    [TestCase("Caf\u00E9 na\u00EFve", "caf\u00E9 na\u00EFve")]
    public void Normalize_CasePunctuationWhitespace(string text, string expected) =>
        Assert.That(EnglishTextNormalizer.Normalize(text), Is.EqualTo(expected));

    [TestCase("7 days", "seven days")]
    [TestCase("13 and 40", "thirteen and forty")]
    [TestCase("105", "one hundred five")]
    [TestCase("1,000,000 people", "one million people")]
    [TestCase("2,345", "two thousand three hundred forty five")]
    [TestCase("in 1984", "in nineteen eighty four")]
    [TestCase("in 1905", "in nineteen oh five")]
    [TestCase("in 1900", "in nineteen hundred")]
    [TestCase("in 2024", "in two thousand twenty four")]
    [TestCase("the 21st century", "the twenty first century")]
    [TestCase("1st 2nd 3rd 4th 12th 20th", "first second third fourth twelfth twentieth")]
    [TestCase("$5", "five dollars")]
    [TestCase("50%", "fifty percent")]
    [TestCase("3.14", "three point one four")]
    [TestCase("twenty-one", "twenty one")]
    [TestCase("21", "twenty one")]
    public void Normalize_NumbersBecomeWords(string text, string expected) =>
        Assert.That(EnglishTextNormalizer.Normalize(text), Is.EqualTo(expected));

    [Test]
    public void Normalize_LibriSpeechReferenceAndWhisperStyleHypothesis_Agree()
    {
        const string reference = "HE HOPED THERE WOULD BE STEW FOR DINNER TURNIPS AND CARROTS AND BRUISED POTATOES AND FAT MUTTON PIECES";
        const string hypothesis = " He hoped there would be stew for dinner, turnips and carrots and bruised potatoes and fat mutton pieces.";

        Assert.That(EnglishTextNormalizer.Normalize(hypothesis), Is.EqualTo(EnglishTextNormalizer.Normalize(reference)));
    }

    [Test]
    public void Normalize_VeryLongDigitRun_IsSpelledDigitByDigit()
    {
        Assert.That(EnglishTextNormalizer.Normalize("12345678901234567"), Does.StartWith("one two three four"));
    }
}
