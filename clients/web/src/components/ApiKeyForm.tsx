"use client";

import { useState } from "react";
import { apiKey, setApiKey } from "@/lib/api";

/** Shown when the server wants an API key: the user enters one, kept on this device only. */
export function ApiKeyForm({ onSaved }: { onSaved: () => void }) {
  const [value, setValue] = useState(() => apiKey());
  return (
    <form
      className="api-key"
      data-testid="api-key-form"
      onSubmit={(event) => {
        event.preventDefault();
        setApiKey(value);
        onSaved();
      }}
    >
      <label>
        API key{" "}
        <input type="password" autoComplete="off" value={value} onChange={(e) => setValue(e.target.value)} placeholder="stt_…" />
      </label>{" "}
      <button type="submit">Use key</button>
      <small> Stored in this browser only.</small>
    </form>
  );
}
