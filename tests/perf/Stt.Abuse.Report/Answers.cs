using System.Net.WebSockets;
using System.Text.RegularExpressions;
using Grpc.Core;

namespace Stt.Abuse.Report;

/// <summary>The answers one attack got, each classified, and the checks it made beyond them. Safe to add to from several tasks.</summary>
internal sealed partial class Answers
{
    private readonly List<Answer> _answers = [];
    private readonly List<Check> _checks = [];

    public IReadOnlyList<Answer> All
    {
        get
        {
            lock (_answers)
            {
                return [.. _answers];
            }
        }
    }

    public IReadOnlyList<Check> Checks
    {
        get
        {
            lock (_checks)
            {
                return [.. _checks];
            }
        }
    }

    /// <summary>A gRPC call's status; <paramref name="expected"/> are the statuses this attack should get.</summary>
    public void Grpc(string call, Status status, params StatusCode[] expected)
    {
        var kind = status.StatusCode switch
        {
            StatusCode.OK => AnswerKind.Ok,
            StatusCode.Internal or StatusCode.Unknown => AnswerKind.Unusable,
            StatusCode.InvalidArgument or StatusCode.ResourceExhausted or StatusCode.DeadlineExceeded or StatusCode.OutOfRange
                or StatusCode.Unavailable or StatusCode.NotFound => AnswerKind.Actionable,
            _ => AnswerKind.Other,
        };
        if (status.StatusCode == StatusCode.ResourceExhausted && ByAdmission(status.Detail))
        {
            Add(call, "RESOURCE_EXHAUSTED by admission control", kind, false, status.Detail); // the attack never reached what it tests
            return;
        }

        Add(call, Name(status.StatusCode), kind, expected.Contains(status.StatusCode), status.Detail);
    }

    /// <summary>An HTTP response; <paramref name="expected"/> are the status codes this attack should get.</summary>
    public void Http(string call, int status, string? body, params int[] expected)
    {
        var kind = status switch
        {
            >= 200 and < 300 => AnswerKind.Ok,
            400 or 404 or 413 or 429 or 503 => AnswerKind.Actionable,
            >= 500 => AnswerKind.Unusable,
            _ => AnswerKind.Other,
        };
        if (status == 429 && ByAdmission(body))
        {
            Add(call, "HTTP 429 by admission control", kind, false, body);
            return;
        }

        Add(call, $"HTTP {status}", kind, expected.Contains(status), body);
    }

    /// <summary>How the server closed a WebSocket: its close frame, or none (the connection was cut).</summary>
    public void WebSocketClose(string call, WebSocketCloseStatus? status, string? reason, params int[] expected)
    {
        if (status is not { } code)
        {
            Add(call, "cut without a close frame", AnswerKind.Other, false, reason);
            return;
        }

        var kind = (int)code switch
        {
            1000 => AnswerKind.Ok,
            1008 or 1009 or 1012 => AnswerKind.Actionable,
            1011 => AnswerKind.Unusable,
            _ => AnswerKind.Other,
        };
        Add(call, $"close {(int)code}", kind, expected.Contains((int)code), reason);
    }

    /// <summary>No answer within <paramref name="bound"/>: a hang.</summary>
    public void NoAnswer(string call, TimeSpan bound) =>
        Add(call, $"no answer within {bound.TotalSeconds:F0} s", AnswerKind.Unusable, false, null);

    /// <summary>The connection failed under the call without a status (reset, closed).</summary>
    public void ConnectionLost(string call, Exception exception) =>
        Add(call, "connection lost", AnswerKind.Other, false, exception.GetBaseException().Message);

    public void Add(string call, string outcome, AnswerKind kind, bool expected, string? detail)
    {
        lock (_answers)
        {
            _answers.Add(new Answer(call, outcome, kind, expected, detail));
        }
    }

    /// <summary>A target beyond the answers' statuses ("most calls refused").</summary>
    public void Check(string name, bool met, string? detail = null)
    {
        lock (_checks)
        {
            _checks.Add(new Check(name, met, detail));
        }
    }

    /// <summary>True for admission control's refusal (the server's finals are late, or it is full): it says nothing of the bound an attack tests.</summary>
    private static bool ByAdmission(string? detail) => detail?.Contains("at capacity", StringComparison.Ordinal) == true;

    /// <summary>A status as the gRPC specification spells it: RESOURCE_EXHAUSTED.</summary>
    public static string Name(StatusCode code) => WordStart().Replace(code.ToString(), "_").ToUpperInvariant();

    [GeneratedRegex("(?<=[a-z])(?=[A-Z])")]
    private static partial Regex WordStart();
}
