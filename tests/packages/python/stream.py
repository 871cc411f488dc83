"""What a user of the stt-client package writes first: a WAV file streamed, a file transcribed whole, and live PCM (the
same WAV in 100 ms chunks) cancelled part way. Exits 1 when a transcript is missing.
Usage: python stream.py HOST:PORT SPEECH.wav SPEECH.mp3"""
import itertools
import sys
import wave

import grpc
from stt_client import Client, __version__, seconds

server, wav_path, mp3_path = sys.argv[1:4]
with Client(server) as client:
    print(f"stt-client {__version__}, server {client.server_info().version}")
    finals = [e.segment for e in client.stream_file(wav_path) if e.type == "final"]
    for s in finals:
        print(f"  [{seconds(s.start):.2f}-{seconds(s.end):.2f}] {s.text}")
    whole = client.transcribe_file(mp3_path)
    print(f"transcribed {mp3_path}: {seconds(whole.duration):.2f} s, {len(whole.segments)} segments")

    with wave.open(wav_path, "rb") as wav:
        rate, pcm = wav.getframerate(), wav.readframes(wav.getnframes())
    step = rate // 10 * 2
    microphone = (pcm[at:at + step] for at in itertools.cycle(range(0, len(pcm), step)))  # never ends on its own
    stream = client.stream(microphone, rate, live=False)
    cancelled = False
    try:
        for event in stream:
            stream.cancel()
    except grpc.RpcError as error:
        cancelled = error.code() == grpc.StatusCode.CANCELLED
        print(f"live stream cancelled: {error.code().name}")

sys.exit(0 if finals and whole.segments and cancelled else 1)
