// End-to-end test of the page in a real headless Chromium with a fake microphone playing a WAV file.
// Usage: node e2e/browser.mjs --url http://127.0.0.1:8080/ --mic speech48k.wav --file upload.wav --artifacts DIR
// Prints one JSON object with what it saw; exits non-zero (with the reason on stderr) when a step fails.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { chromium } from "playwright-core";

const { values: args } = parseArgs({
  options: {
    url: { type: "string" },
    mic: { type: "string" },
    file: { type: "string" },
    artifacts: { type: "string", default: "e2e/artifacts" },
    chromium: { type: "string", default: "/usr/bin/chromium" },
    "speech-seconds": { type: "string", default: "11" },
  },
});
mkdirSync(args.artifacts, { recursive: true });
const shot = (page, name) => page.screenshot({ path: join(args.artifacts, `${name}.png`), fullPage: true });
const step = (name) => process.stderr.write(`step: ${name}\n`);

const browser = await chromium.launch({
  executablePath: args.chromium,
  headless: true,
  args: [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--autoplay-policy=no-user-gesture-required",
    "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream", `--use-file-for-fake-audio-capture=${args.mic}%noloop`,
  ],
});
const result = {};
try {
  const context = await browser.newContext({ viewport: { width: 1100, height: 800 }, permissions: ["microphone"] });
  const page = await context.newPage();
  const consoleErrors = [];
  // Requests failing during the emulated outage are expected; anything else the page logs as an error is not.
  page.on("console", (m) => m.type() === "error" && !m.text().includes("ERR_INTERNET_DISCONNECTED") && consoleErrors.push(m.text()));
  page.on("pageerror", (e) => consoleErrors.push(String(e)));

  step("open the page and wait for the server's model");
  await page.goto(args.url);
  await page.getByTestId("server-info").getByText("Model").waitFor({ timeout: 30_000 });
  result.serverInfo = (await page.getByTestId("server-info").innerText()).trim();
  await shot(page, "01-ready");

  step("press Start and speak (the fake microphone plays the clip)");
  const startedAt = Date.now();
  await page.getByTestId("start-button").click();
  await page.locator('[data-testid="speech-indicator"][data-active="true"]').waitFor({ timeout: 20_000 });
  result.speechIndicatorAfterMs = Date.now() - startedAt;
  await page.getByTestId("interim-segment").first().waitFor({ timeout: 20_000 });
  result.firstInterimAfterMs = Date.now() - startedAt;
  result.firstInterimText = await page.getByTestId("interim-segment").first().innerText();
  await shot(page, "02-interim");
  await page.getByTestId("final-segment").first().waitFor({ timeout: 30_000 });
  result.firstFinalAfterMs = Date.now() - startedAt;
  result.liveState = await page.getByTestId("live-state").innerText();

  step("drop the network for two seconds: the page says so, keeps the audio and sends it when back");
  await context.setOffline(true);
  await page.getByTestId("live-state").getByText("reconnecting").waitFor({ timeout: 10_000 });
  result.offlineState = await page.getByTestId("live-state").innerText();
  await shot(page, "02b-offline");
  await page.waitForTimeout(2000);
  await context.setOffline(false);
  await page.getByTestId("live-state").getByText("Listening").waitFor({ timeout: 20_000 });
  result.reconnected = true;
  const speechMs = Number(args["speech-seconds"]) * 1000;
  await page.waitForTimeout(Math.max(0, startedAt + speechMs + 500 - Date.now()));
  await shot(page, "03-live");

  step("press Stop and wait for the last finals");
  await page.getByTestId("stop-button").click();
  await page.getByTestId("live-state").getByText("Done").waitFor({ timeout: 30_000 });
  result.liveFinals = await page.getByTestId("final-segment").evaluateAll((els) =>
    els.filter((e) => e.offsetParent !== null).map((e) => ({ start: Number(e.dataset.start), end: Number(e.dataset.end), text: e.innerText })));
  await shot(page, "04-stopped");

  step("upload a file");
  await page.getByTestId("tab-file").click();
  await page.getByTestId("file-input").setInputFiles(args.file);
  await page.getByTestId("file-status").getByText(/segments?,/).waitFor({ timeout: 60_000 });
  result.fileStatus = await page.getByTestId("file-status").innerText();
  result.fileSegments = await page.locator('[data-testid="final-segment"]:visible').count();
  await shot(page, "05-file");

  step("record WebM/Opus with MediaRecorder, as browsers record, and upload it");
  const webm = await page.evaluate(async () => {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    const recorder = new MediaRecorder(stream, { mimeType: "audio/webm;codecs=opus" });
    const chunks = [];
    recorder.ondataavailable = (e) => chunks.push(e.data);
    recorder.start();
    await new Promise((r) => setTimeout(r, 3000));
    const stopped = new Promise((r) => (recorder.onstop = r));
    recorder.stop();
    await stopped;
    stream.getTracks().forEach((t) => t.stop());
    const bytes = new Uint8Array(await new Blob(chunks).arrayBuffer());
    let binary = "";
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(binary);
  });
  await page.getByTestId("file-input").setInputFiles({ name: "recording.webm", mimeType: "audio/webm", buffer: Buffer.from(webm, "base64") });
  await page.getByTestId("file-status").getByText("recording.webm").waitFor({ timeout: 60_000 });
  await page.getByTestId("file-status").getByText(/segments?,/).waitFor({ timeout: 60_000 });
  result.webmStatus = await page.getByTestId("file-status").innerText();

  step("reload and find them in history");
  await page.reload();
  await page.getByTestId("tab-history").click();
  await page.getByTestId("history-item").first().waitFor({ timeout: 10_000 });
  result.historyItems = await page.getByTestId("history-item").count();
  await page.getByTestId("history-item").first().getByRole("button").first().click();
  await shot(page, "06-history");

  step("narrow screen");
  await page.setViewportSize({ width: 380, height: 800 });
  await page.getByTestId("tab-live").click();
  await shot(page, "07-narrow");
  result.consoleErrors = consoleErrors;
  process.stdout.write(JSON.stringify(result) + "\n");
} catch (error) {
  process.stderr.write(`failed: ${error?.stack ?? error}\n${JSON.stringify(result)}\n`);
  process.exitCode = 1;
} finally {
  await browser.close();
}
