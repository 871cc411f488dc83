namespace Stt.Core.Admission;

/// <summary>Why a stream was refused, in words a client can act on, and a metric label.</summary>
public sealed record AdmissionRefusal(string Reason, string Message, TimeSpan RetryAfter);
