// The web chat end to end: `interec serve` on prepared ML-100K, `interec web`
// in front of it, and a real headless Chromium typing into the page.
// Environment: INTEREC_BIN (the interec binary), INTEREC_DATA (a prepared
// ML-100K folder), INTEREC_WORK (a scratch folder), CHROMIUM (default
// /usr/bin/chromium). Skips when INTEREC_DATA is absent.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { chromium } from "playwright-core";
import { startAndWait, startServe, stop } from "../interec_processes.mjs";

const data = process.env.INTEREC_DATA ?? "";
const work = mkdtempSync(join(process.env.INTEREC_WORK ?? tmpdir(), "browser-"));
const haveData = data !== "" && existsSync(join(data, "manifest.json"));

let serve, web, browser, url;

before(async () => {
  if (!haveData) return;
  serve = await startServe(data, join(work, "profiles"));
  web = startAndWait(["web", "--connect", serve.endpoint, "--listen", "127.0.0.1:0"],
                     /(http:\/\/127\.0\.0\.1:\d+\/)/);
  [, url] = await web.found;
  // A fresh profile folder per run (playwright passes it as --user-data-dir).
  browser = await chromium.launchPersistentContext(join(work, "chromium-profile"), {
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
});

after(async () => {
  if (browser) await browser.close();
  if (web) assert.equal(await stop(web.child), 0, web.log());
  if (serve) assert.equal(await stop(serve.process.child), 0, serve.process.log());
  rmSync(work, { recursive: true, force: true });
});

test("a request typed into the page comes back as recommendation cards",
     { skip: !haveData && "no prepared ML-100K (INTEREC_DATA)" }, async () => {
  const page = await browser.newPage();
  await page.goto(url);
  assert.equal(await page.title(), "interec");
  await page.fill("#input", "top 4 comedies from the 90s");
  await page.click("#send");
  await page.waitForSelector(".cards .card", { timeout: 30000 });
  assert.equal(await page.locator(".msg.user").last().textContent(), "top 4 comedies from the 90s");
  const cards = page.locator(".card");
  assert.equal(await cards.count(), 4);
  for (const title of await page.locator(".card-title").allTextContents())
    assert.match(title, /\(199\d\)$/, `${title} is not from the 90s`);
  const reply = await page.locator(".msg.agent").last().textContent();
  assert.ok(reply.length > 0);
  if (process.env.INTEREC_SCREENSHOT) await page.screenshot({ path: process.env.INTEREC_SCREENSHOT });
  await page.close();
});

test("a follow-up in the same page continues the conversation",
     { skip: !haveData && "no prepared ML-100K (INTEREC_DATA)" }, async () => {
  const page = await browser.newPage();
  await page.goto(url);
  await page.fill("#input", "top 3 dramas");
  await page.click("#send");
  await page.waitForFunction(() => document.querySelectorAll(".card").length === 3, null, { timeout: 30000 });
  const first = await page.locator(".card-title").allTextContents();
  await page.fill("#input", "more");
  await page.click("#send");
  await page.waitForFunction(() => document.querySelectorAll(".cards").length === 2, null, { timeout: 30000 });
  const second = await page.locator(".cards").nth(1).locator(".card-title").allTextContents();
  assert.ok(second.length > 0);
  for (const title of second) assert.ok(!first.includes(title), `${title} was shown already`);
  await page.close();
});
