"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { AudioEncoding, SpeechEvent_Type } from "@/gen/stt_pb";
import { speechClient } from "@/lib/api";
import { startCapture, type Capture } from "@/lib/capture";
import { describeError } from "@/lib/errors";
import { addToHistory } from "@/lib/history";
import { LiveSession, type LiveState } from "@/lib/liveSession";
import { applySegment, emptyTranscript, fromWire, type TranscriptState } from "@/lib/segments";
import { LevelMeter } from "./LevelMeter";
import { ModelPicker } from "./ModelPicker";
import { useServerInfo } from "./ServerInfoContext";
import { TranscriptView } from "./TranscriptView";

const STATE_TEXT: Record<LiveState, string> = {
  connecting: "Connecting…",
  live: "Listening",
  reconnecting: "Connection lost, reconnecting…",
  finishing: "Finishing the last sentence…",
  done: "Done",
  failed: "Stopped",
};

export function LiveTranscriber({ onSaved }: { onSaved: () => void }) {
  const info = useServerInfo();
  const [language, setLanguage] = useState("");
  const [model, setModel] = useState("");
  const [translate, setTranslate] = useState(false);
  const [state, setState] = useState<LiveState | null>(null);
  const [detail, setDetail] = useState("");
  const [notice, setNotice] = useState("");
  const [level, setLevel] = useState(0);
  const [speaking, setSpeaking] = useState(false);
  const [transcript, setTranscript] = useState<TranscriptState>(emptyTranscript);
  const [encoding, setEncoding] = useState("");
  const session = useRef<LiveSession | null>(null);
  const capture = useRef<Capture | null>(null);
  const transcriptRef = useRef(transcript);
  transcriptRef.current = transcript;
  const startedAt = useRef(0);

  const running = state === "connecting" || state === "live" || state === "reconnecting" || state === "finishing";

  const start = useCallback(async () => {
    setTranscript(emptyTranscript);
    setDetail("");
    setNotice("");
    try {
      let live: LiveSession | null = null;
      const mic = await startCapture({
        onOpus: (packets) => live?.addOpus(packets),
        onPcm: (bytes) => live?.addPcm(bytes),
        onLevel: setLevel,
      });
      capture.current = mic;
      setEncoding(mic.encoding === "OPUS" ? "Opus (WebCodecs)" : "PCM 16 kHz");
      live = new LiveSession(
        speechClient(),
        {
          encoding: mic.encoding === "OPUS" ? AudioEncoding.OPUS : AudioEncoding.LINEAR16,
          sampleRateHertz: mic.sampleRate,
          channels: 1,
          language,
          translate,
          model,
          interimResults: true,
          wordTimestamps: true,
          clientRequestId: crypto.randomUUID(),
        },
        {
          onResponse: (response) => {
            const r = response.response;
            if (r.case === "segment") setTranscript((t) => applySegment(t, fromWire(r.value)));
            if (r.case === "speechEvent") setSpeaking(r.value.type === SpeechEvent_Type.SPEECH_STARTED);
          },
          onState: (s, why) => {
            setState(s);
            setDetail(why ?? "");
            if (s === "failed" || s === "done") void capture.current?.stop();
          },
          onNotice: setNotice,
        },
      );
      session.current = live;
      startedAt.current = Date.now();
      await live.start();
    } catch (error) {
      setState("failed");
      setDetail(describeError(error));
      await capture.current?.stop();
      capture.current = null;
    }
  }, [language, translate, model]);

  const stop = useCallback(async () => {
    await capture.current?.stop();
    capture.current = null;
    setLevel(0);
    await session.current?.stop();
    setSpeaking(false);
    const finals = transcriptRef.current.finals;
    if (finals.length > 0) {
      addToHistory({
        title: `Live, ${new Date(startedAt.current).toLocaleString()}`,
        kind: "live",
        duration: (Date.now() - startedAt.current) / 1000,
        segments: finals,
      });
      onSaved();
    }
  }, [onSaved]);

  useEffect(() => () => session.current?.close(), []);

  const multilingual = info?.model?.multilingual ?? false;
  return (
    <section aria-labelledby="live-title" className="panel">
      <h2 id="live-title">Live microphone</h2>
      <div className="controls">
        {running ? (
          <button className="primary stop" data-testid="stop-button" onClick={stop} disabled={state === "finishing"}>
            ■ Stop
          </button>
        ) : (
          <button className="primary" data-testid="start-button" onClick={start} disabled={!info}>
            ● Start
          </button>
        )}
        <ModelPicker value={model} onChange={setModel} disabled={running} />
        <label>
          Language{" "}
          <select value={language} onChange={(e) => setLanguage(e.target.value)} disabled={running}>
            <option value="">Server default ({info?.defaultLanguage ?? "…"})</option>
            {info?.languages.map((l) => (
              <option key={l} value={l}>{l}</option>
            ))}
          </select>
        </label>
        <label title={multilingual ? "" : "The server's model is English-only"}>
          <input type="checkbox" checked={translate} onChange={(e) => setTranslate(e.target.checked)} disabled={running || !multilingual} /> Translate to English
        </label>
      </div>
      <LevelMeter level={level} speaking={speaking} />
      <p className="status" data-testid="live-state" role="status">
        {state ? STATE_TEXT[state] : "Press Start and speak."} {encoding && running ? `· ${encoding}` : ""} {detail && <span className="error">{detail}</span>}
      </p>
      {notice && <p className="notice">{notice}</p>}
      <TranscriptView transcript={transcript} placeholder="Your words will appear here as you speak." />
    </section>
  );
}
