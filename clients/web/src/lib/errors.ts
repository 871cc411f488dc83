// Server and browser errors in words a person understands.
import { Code, ConnectError } from "@connectrpc/connect";

export function describeError(error: unknown): string {
  if (error instanceof DOMException) {
    if (error.name === "NotAllowedError") return "Microphone access was denied. Allow it in the browser's site settings and press Start again.";
    if (error.name === "NotFoundError") return "No microphone was found.";
    return error.message;
  }
  if (error instanceof ConnectError) {
    if (error.code === Code.Unknown && /fetch|network/i.test(error.rawMessage)) {
      return "The connection to the server was lost.";
    }
    switch (error.code) {
      case Code.Unavailable:
        return "The transcription server cannot be reached (or is still loading its model). Check that it is running.";
      case Code.InvalidArgument:
        return `The server could not use this audio: ${error.rawMessage}`;
      case Code.ResourceExhausted:
        return `The server is busy or the request is too large: ${error.rawMessage}`;
      case Code.NotFound:
        return "The session expired on the server.";
      case Code.Unauthenticated:
      case Code.PermissionDenied:
        return "The server refused the request: an API key is needed.";
      case Code.DeadlineExceeded:
        return "The server took too long to answer.";
      case Code.Internal:
        return `The server failed while transcribing (${error.rawMessage}).`;
      default:
        return error.rawMessage || String(error);
    }
  }
  return error instanceof Error ? error.message : String(error);
}
