"use client";

import { useServerInfo } from "./ServerInfoContext";

/** Which model to run, when the server may serve more than one (`Stt:Models:Allowed`); nothing otherwise. */
export function ModelPicker({ value, onChange, disabled }: { value: string; onChange: (model: string) => void; disabled?: boolean }) {
  const models = useServerInfo()?.models ?? [];
  if (models.length < 2) return null;
  return (
    <label>
      Model{" "}
      <select value={value} onChange={(e) => onChange(e.target.value)} disabled={disabled} data-testid="model-picker">
        {models.map((m) => (
          <option key={m.name} value={m.isDefault ? "" : m.name}>
            {m.name}
            {m.isDefault ? " (default)" : m.loaded ? "" : " (loads on first use)"}
          </option>
        ))}
      </select>
    </label>
  );
}
