"""stt-transcribe: streams a WAV file to an stt server and prints one line per final segment, [start-end] text (seconds);
with --file, sends any file whole. Exit codes: 0 ok, 2 usage, 3 the server refused, 4 unreachable."""
import argparse
import sys

import grpc

from . import Client, __version__, seconds


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="stt-transcribe", description=__doc__.splitlines()[0])
    parser.add_argument("--server", default="127.0.0.1:50051", help="host:port of the gRPC endpoint (default 127.0.0.1:50051)")
    parser.add_argument("--language", default="", help="language code or 'auto' (default: the server's)")
    parser.add_argument("--model", default="", help="a model the server lists (default: the server's)")
    pace = parser.add_mutually_exclusive_group()
    pace.add_argument("--realtime", action="store_true", help="stream at the pace of speech instead of as fast as possible")
    pace.add_argument("--file", action="store_true", help="send the file whole (any format the server reads) instead of streaming it")
    parser.add_argument("--version", action="version", version=f"stt-client {__version__}")
    parser.add_argument("path", help="a 16-bit PCM WAV file (any format with --file)")
    args = parser.parse_args(argv)

    def line(segment):
        print(f"[{seconds(segment.start):.2f}-{seconds(segment.end):.2f}] {segment.text}", flush=True)

    with Client(args.server) as client:
        try:
            if args.file:
                for segment in client.transcribe_file(args.path, language=args.language, model=args.model).segments:
                    line(segment)
            else:
                for event in client.stream_file(args.path, realtime=args.realtime, language=args.language, model=args.model):
                    if event.type == "final":
                        line(event.segment)
        except (OSError, ValueError, EOFError) as error:
            print(f"stt-transcribe: {error}", file=sys.stderr)
            return 2
        except grpc.RpcError as error:
            print(f"stt-transcribe: {error.code().name}: {error.details()}", file=sys.stderr)
            return 4 if error.code() == grpc.StatusCode.UNAVAILABLE else 3
    return 0


if __name__ == "__main__":
    sys.exit(main())
