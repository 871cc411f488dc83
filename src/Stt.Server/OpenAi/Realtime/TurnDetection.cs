namespace Stt.Server.OpenAi.Realtime;

/// <summary>
/// Server VAD as a Realtime session configures it, mapped onto our endpointer: <paramref name="Threshold"/> is Silero's
/// speech probability (0 to 1), <paramref name="PrefixPadding"/> the pre-roll kept before speech,
/// <paramref name="Silence"/> the trailing silence that ends a turn.
/// </summary>
internal sealed record TurnDetection(double Threshold, TimeSpan PrefixPadding, TimeSpan Silence);
