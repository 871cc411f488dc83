"""The client: whole files, streamed WAV files and live PCM, over one gRPC channel."""
import os
import time
import wave
from dataclasses import dataclass
from typing import Iterable, Iterator, Optional, Union

import grpc

from ._version import __version__
from .v1 import stt_pb2 as pb
from .v1 import stt_pb2_grpc as pb_grpc

CHUNK_SECONDS = 0.1


def seconds(duration) -> float:
    """A protobuf Duration (segment start and end: offsets from the start of the audio) in seconds."""
    return duration.seconds + duration.nanos / 1e9


@dataclass(frozen=True)
class Event:
    """What a stream yields. type is "interim" (text that may still change) or "final" (segment set), "speech"
    (speech_event set: speech started, end of utterance) or "summary" (summary set; the last event)."""

    type: str
    segment: Optional[pb.Segment] = None
    speech_event: Optional[pb.SpeechEvent] = None
    summary: Optional[pb.SessionSummary] = None


class TranscriptStream:
    """The events of one stream, as they come; cancel() ends it, on the server too."""

    def __init__(self, call):
        self._call = call

    def __iter__(self) -> Iterator[Event]:
        for response in self._call:
            kind = response.WhichOneof("response")
            if kind == "segment":
                yield Event("final" if response.segment.is_final else "interim", segment=response.segment)
            elif kind == "speech_event":
                yield Event("speech", speech_event=response.speech_event)
            elif kind == "summary":
                yield Event("summary", summary=response.summary)

    def cancel(self) -> None:
        self._call.cancel()


class Client:
    """A client of one server (or load balancer). Errors are grpc.RpcError with the status code and the server's message.

    server: "host:port" (default 127.0.0.1:50051). api_key: sent as "authorization: Bearer KEY" (default: the
    STT_API_KEY environment variable, if set). timeout: deadline of unary calls, seconds (default 600).
    """

    def __init__(self, server: str = "127.0.0.1:50051", api_key: Optional[str] = None, timeout: float = 600.0):
        key = api_key if api_key is not None else os.environ.get("STT_API_KEY", "")
        self._metadata = (("authorization", f"Bearer {key}"),) if key else ()
        self._timeout = timeout
        self._channel = grpc.insecure_channel(server, options=[("grpc.primary_user_agent", f"stt-client-python/{__version__}")])
        self.raw = pb_grpc.SpeechToTextStub(self._channel)
        """The generated stub, for anything this class does not wrap."""

    def server_info(self) -> pb.ServerInfo:
        """What the server runs: model, languages, encodings, limits, version."""
        return self.raw.GetServerInfo(pb.GetServerInfoRequest(), timeout=self._timeout, metadata=self._metadata)

    def transcribe_file(self, file: Union[str, bytes], language: str = "", translate: bool = False,
                        word_timestamps: bool = False, prompt: str = "", model: str = "") -> pb.TranscribeResponse:
        """Transcribes a whole file in one call: a path or its bytes, in any format the server reads (WAV, Ogg Opus,
        WebM/Opus, MP3; FLAC, M4A and video where the server has ffmpeg), detected by content. language: ISO 639-1
        or "auto" (default: the server's). model: a name server_info().models lists (default: the server's)."""
        if isinstance(file, str):
            with open(file, "rb") as f:
                file = f.read()
        request = pb.TranscribeRequest(content=file, language=language, translate=translate, word_timestamps=word_timestamps, prompt=prompt,
                                     model=model)
        return self.raw.Transcribe(request, timeout=self._timeout, metadata=self._metadata)

    def stream_file(self, path: str, realtime: bool = False, **options) -> TranscriptStream:
        """Streams a 16-bit PCM WAV file in 100 ms chunks, as fast as the server takes it or, with realtime, at the
        pace of speech. options: as for stream()."""
        with wave.open(path, "rb") as wav:
            if wav.getsampwidth() != 2:
                raise ValueError(f"{path}: only 16-bit PCM WAV can be streamed (convert with: ffmpeg -i IN -c:a pcm_s16le out.wav)")
            rate, channels = wav.getframerate(), wav.getnchannels()
            data = wav.readframes(wav.getnframes())
        step = int(rate * CHUNK_SECONDS) * 2 * channels

        def chunks():
            started = time.monotonic()
            for index, at in enumerate(range(0, len(data), step)):
                if realtime:
                    time.sleep(max(0.0, started + index * CHUNK_SECONDS - time.monotonic()))
                yield data[at:at + step]

        return self.stream(chunks(), rate, channels, live=realtime, **options)

    def stream(self, chunks: Iterable[bytes], sample_rate: int, channels: int = 1, live: bool = True, language: str = "",
               translate: bool = False, interim_results: bool = True, word_timestamps: bool = False, prompt: str = "",
               client_request_id: str = "", model: str = "") -> TranscriptStream:
        """Streams live PCM (signed 16-bit little-endian, channels interleaved; sample_rate 8000 to 48000 Hz) as the
        chunks come, of any size. When they end, the server transcribes what is pending and the summary comes last.
        live: tell the server the audio comes at the pace of speech (default) rather than as a recording. model: a name
        server_info().models lists (default: the server's)."""
        config = pb.StreamingConfig(
            encoding=pb.LINEAR16, sample_rate_hertz=sample_rate, channels=channels, language=language, translate=translate,
            interim_results=interim_results, word_timestamps=word_timestamps, prompt=prompt, client_request_id=client_request_id,
            pacing=pb.AUDIO_PACING_LIVE if live else pb.AUDIO_PACING_FILE, model=model)

        def requests():
            yield pb.StreamingTranscribeRequest(config=config)
            for chunk in chunks:
                yield pb.StreamingTranscribeRequest(audio=pb.AudioChunk(linear16=chunk))

        return TranscriptStream(self.raw.StreamingTranscribe(requests(), metadata=self._metadata))

    def close(self) -> None:
        self._channel.close()

    def __enter__(self) -> "Client":
        return self

    def __exit__(self, *_) -> None:
        self.close()
