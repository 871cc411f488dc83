"use client";

import { createContext, useContext } from "react";
import type { ServerInfo } from "@/gen/stt_pb";

/** What the server runs (languages, limits), loaded once by the page. */
export const ServerInfoContext = createContext<ServerInfo | null>(null);

export function useServerInfo(): ServerInfo | null {
  return useContext(ServerInfoContext);
}
