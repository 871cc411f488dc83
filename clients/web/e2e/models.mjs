// The model picker, in Debian's headless Chromium against a server that allows a second model: each panel offers
// the models, and a file is transcribed on the one picked. Prints one JSON line: what the page showed.
//
//   node e2e/models.mjs --url URL --file F.wav --model NAME
import { parseArgs } from "node:util";
import { chromium } from "playwright-core";

const { values: args } = parseArgs({
  options: {
    url: { type: "string" },
    file: { type: "string" },
    model: { type: "string" },
    chromium: { type: "string", default: "/usr/bin/chromium" },
  },
});
const browser = await chromium.launch({ executablePath: args.chromium, headless: true, args: ["--no-sandbox", "--disable-gpu", "--no-first-run"] });
const result = { consoleErrors: [] };
try {
  const page = await browser.newPage();
  page.on("console", (m) => m.type() === "error" && result.consoleErrors.push(m.text()));
  page.on("pageerror", (e) => result.consoleErrors.push(String(e)));
  await page.goto(args.url);
  const pickers = page.getByTestId("model-picker");
  await pickers.first().waitFor({ timeout: 30_000 });
  result.pickers = await pickers.count();
  result.options = await pickers.last().locator("option").allInnerTexts();
  await page.getByTestId("tab-file").click();
  await pickers.last().selectOption(args.model);
  await page.getByTestId("file-input").setInputFiles(args.file);
  await page.getByTestId("file-status").getByText("of audio").waitFor({ timeout: 60_000 });
  result.fileStatus = await page.getByTestId("file-status").innerText();
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));
