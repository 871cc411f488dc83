#!/usr/bin/env python3
"""Stream a WAV file to an stt server as 16-bit PCM and print one line per final segment: [start-end] text.

Usage: python3 transcribe.py --server 127.0.0.1:50051 FILE.wav [--language en] [--realtime]

The gRPC stubs are generated from protos/stt.proto on first run (with grpcio-tools) into a cache folder,
so they always match the installed protobuf runtime.
"""
import argparse
import importlib
import os
import sys
import time
import wave

HERE = os.path.dirname(os.path.abspath(__file__))
PROTOS = os.path.normpath(os.path.join(HERE, "..", "..", "protos"))
CHUNK_SECONDS = 0.1


def load_stubs():
    """Generates stt_pb2 / stt_pb2_grpc from the proto if they are missing or older than it, and imports them."""
    out = os.path.join(os.environ.get("XDG_CACHE_HOME", os.path.expanduser("~/.cache")), "stt", "python-stubs")
    proto = os.path.join(PROTOS, "stt.proto")
    generated = os.path.join(out, "stt_pb2.py")
    if not os.path.exists(generated) or os.path.getmtime(generated) < os.path.getmtime(proto):
        os.makedirs(out, exist_ok=True)
        from grpc_tools import protoc
        import grpc_tools

        includes = os.path.join(os.path.dirname(grpc_tools.__file__), "_proto")
        if protoc.main(["protoc", f"-I{PROTOS}", f"-I{includes}", f"--python_out={out}", f"--grpc_python_out={out}", proto]) != 0:
            sys.exit("could not generate the gRPC stubs from " + proto)
    sys.path.insert(0, out)
    return importlib.import_module("stt_pb2"), importlib.import_module("stt_pb2_grpc")


def requests(pb, path, language, realtime):
    with wave.open(path, "rb") as wav:
        if wav.getsampwidth() != 2:
            sys.exit(f"{path}: only 16-bit PCM WAV is supported by this example (convert with: ffmpeg -i IN -c:a pcm_s16le out.wav)")
        rate, channels = wav.getframerate(), wav.getnchannels()
        yield pb.StreamingTranscribeRequest(config=pb.StreamingConfig(
            encoding=pb.LINEAR16, sample_rate_hertz=rate, channels=channels, language=language, interim_results=False,
            # a recording sent as fast as the server takes it must say so; a live stream may run only a little ahead
            pacing=pb.AUDIO_PACING_LIVE if realtime else pb.AUDIO_PACING_FILE))
        frames = int(rate * CHUNK_SECONDS)
        started = time.monotonic()
        sent = 0.0
        while True:
            data = wav.readframes(frames)
            if not data:
                break
            if realtime:
                time.sleep(max(0.0, started + sent - time.monotonic()))
            yield pb.StreamingTranscribeRequest(audio=pb.AudioChunk(linear16=data))
            sent += CHUNK_SECONDS


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", default="127.0.0.1:50051", help="host:port of the gRPC endpoint")
    parser.add_argument("--language", default="", help="language code or 'auto' (default: the server's)")
    parser.add_argument("--realtime", action="store_true", help="send at real-time pace instead of as fast as possible")
    parser.add_argument("file", help="a 16-bit PCM WAV file")
    args = parser.parse_args()

    import grpc

    pb, services = load_stubs()
    with grpc.insecure_channel(args.server) as channel:
        client = services.SpeechToTextStub(channel)
        try:
            for response in client.StreamingTranscribe(requests(pb, args.file, args.language, args.realtime)):
                if response.HasField("segment") and response.segment.is_final:
                    s = response.segment
                    start = s.start.seconds + s.start.nanos / 1e9
                    end = s.end.seconds + s.end.nanos / 1e9
                    print(f"[{start:.2f}-{end:.2f}] {s.text}", flush=True)
        except grpc.RpcError as error:
            print(f"stt: {error.code().name}: {error.details()}", file=sys.stderr)
            return 4 if error.code() == grpc.StatusCode.UNAVAILABLE else 3
    return 0


if __name__ == "__main__":
    sys.exit(main())
