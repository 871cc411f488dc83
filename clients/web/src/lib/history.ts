// Past transcriptions, kept in this browser (localStorage).
import type { Segment } from "./segments";

export interface HistoryEntry {
  id: string;
  title: string;
  kind: "live" | "file";
  createdAt: number;
  duration: number;
  segments: Segment[];
}

const KEY = "stt.history.v1";
const MAX_ENTRIES = 100;

export function loadHistory(): HistoryEntry[] {
  try {
    const raw = localStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as HistoryEntry[]) : [];
  } catch {
    return [];
  }
}

function save(entries: HistoryEntry[]): void {
  localStorage.setItem(KEY, JSON.stringify(entries.slice(0, MAX_ENTRIES)));
}

export function addToHistory(entry: Omit<HistoryEntry, "id" | "createdAt">): HistoryEntry {
  const full: HistoryEntry = { ...entry, id: crypto.randomUUID(), createdAt: Date.now() };
  save([full, ...loadHistory()]);
  return full;
}

export function removeFromHistory(id: string): void {
  save(loadHistory().filter((e) => e.id !== id));
}
