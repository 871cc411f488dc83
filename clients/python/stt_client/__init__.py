"""Python client for the stt speech-to-text service (gRPC, stt.v1).

    from stt_client import Client

    with Client("127.0.0.1:50051") as client:
        print(client.transcribe_file("speech.mp3").text)
        for event in client.stream_file("speech.wav"):
            if event.type == "final":
                print(event.segment.text)

The messages and the stub, generated from protos/stt.proto when the package was built, are stt_client.v1.stt_pb2
and stt_client.v1.stt_pb2_grpc.
"""
from ._version import __version__
from .client import Client, Event, TranscriptStream, seconds

__all__ = ["Client", "Event", "TranscriptStream", "seconds", "__version__"]
