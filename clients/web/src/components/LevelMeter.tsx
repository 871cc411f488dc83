"use client";

/** Microphone level, 0 to 1 (RMS), shown on a logarithmic scale like a mixing desk. */
export function LevelMeter({ level, speaking }: { level: number; speaking: boolean }) {
  const db = level > 0 ? 20 * Math.log10(level) : -100;
  const percent = Math.max(0, Math.min(100, ((db + 60) / 60) * 100));
  return (
    <div className="meter-row">
      <div className="meter" role="meter" aria-label="Microphone level" aria-valuemin={-60} aria-valuemax={0} aria-valuenow={Math.round(db)}>
        <div className="meter-fill" style={{ width: `${percent}%` }} />
      </div>
      <span className={speaking ? "speech on" : "speech"} data-testid="speech-indicator" data-active={speaking}>
        {speaking ? "Speech" : "Silence"}
      </span>
    </div>
  );
}
