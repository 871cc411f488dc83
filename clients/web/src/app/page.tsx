"use client";

import { useCallback, useEffect, useState } from "react";
import type { ServerInfo } from "@/gen/stt_pb";
import { FileTranscriber } from "@/components/FileTranscriber";
import { HistoryPanel } from "@/components/HistoryPanel";
import { LiveTranscriber } from "@/components/LiveTranscriber";
import { ServerInfoContext } from "@/components/ServerInfoContext";
import { Code, ConnectError } from "@connectrpc/connect";
import { ApiKeyForm } from "@/components/ApiKeyForm";
import { speechClient } from "@/lib/api";
import { describeError } from "@/lib/errors";
import { loadHistory, type HistoryEntry } from "@/lib/history";

type Tab = "live" | "file" | "history";
const TABS: { id: Tab; label: string }[] = [
  { id: "live", label: "Live" },
  { id: "file", label: "File" },
  { id: "history", label: "History" },
];

export default function Home() {
  const [info, setInfo] = useState<ServerInfo | null>(null);
  const [serverError, setServerError] = useState("");
  const [needsKey, setNeedsKey] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const [tab, setTab] = useState<Tab>("live");
  const [history, setHistory] = useState<HistoryEntry[]>([]);
  const refreshHistory = useCallback(() => setHistory(loadHistory()), []);

  useEffect(() => {
    refreshHistory();
    let cancelled = false;
    const load = async (retry: number) => {
      try {
        const result = await speechClient().getServerInfo({});
        if (!cancelled) {
          setInfo(result);
          setServerError("");
          setNeedsKey(false);
        }
      } catch (error) {
        if (cancelled) return;
        setServerError(describeError(error));
        if (ConnectError.from(error).code === Code.Unauthenticated) {
          setNeedsKey(true); // retrying will not help: the user must enter a key
          return;
        }
        setTimeout(() => void load(retry + 1), Math.min(10_000, 1000 * 2 ** retry));
      }
    };
    void load(0);
    return () => {
      cancelled = true;
    };
  }, [refreshHistory, attempt]);

  return (
    <ServerInfoContext.Provider value={info}>
      <header className="top">
        <h1>Speech to text</h1>
        <p className="server" data-testid="server-info">
          {info ? (
            <>
              Model <strong>{info.model?.name}</strong>{" "}
              {info.model?.synthetic && <span className="badge warn" title="Random weights: the text is meaningless. For tests only.">synthetic</span>}
              {" "}· v{info.version}
            </>
          ) : (
            <span className={serverError ? "error" : ""}>{serverError || "Connecting to the server…"}</span>
          )}
        </p>
        {needsKey && <ApiKeyForm onSaved={() => setAttempt((n) => n + 1)} />}
      </header>
      <nav className="tabs" role="tablist" aria-label="Mode">
        {TABS.map((t) => (
          <button key={t.id} role="tab" aria-selected={tab === t.id} data-testid={`tab-${t.id}`} onClick={() => setTab(t.id)}>
            {t.label}
            {t.id === "history" && history.length > 0 ? ` (${history.length})` : ""}
          </button>
        ))}
      </nav>
      <main>
        <div hidden={tab !== "live"}>
          <LiveTranscriber onSaved={refreshHistory} />
        </div>
        <div hidden={tab !== "file"}>
          <FileTranscriber onSaved={refreshHistory} />
        </div>
        <div hidden={tab !== "history"}>
          <HistoryPanel entries={history} onChanged={refreshHistory} />
        </div>
      </main>
    </ServerInfoContext.Provider>
  );
}
