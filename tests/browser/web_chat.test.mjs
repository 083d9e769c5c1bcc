// The web chat end to end: `interec serve` on prepared ML-100K, `interec web`
// in front of it, and a real headless Chromium using the page as a person
// would: cards with attributes, feedback buttons that change the next
// recommendation, details, the profile page and its deletion, the state
// shown when the server is down, a phone-sized screen.
// Environment: INTEREC_BIN (the interec binary), INTEREC_DATA (a prepared
// ML-100K folder), INTEREC_WORK (a scratch folder), CHROMIUM (default
// /usr/bin/chromium), INTEREC_SCREENSHOTS (a folder: screenshots for docs/
// are written there when set). Skips when INTEREC_DATA is absent.
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
const skip = !haveData && "no prepared ML-100K (INTEREC_DATA)";
const shots = process.env.INTEREC_SCREENSHOTS;

let serve, web, browser, url;

async function screenshot(page, name) {
  if (shots) await page.screenshot({ path: join(shots, name) });
}

function startWeb(endpoint) {
  const process = startAndWait(["web", "--connect", endpoint, "--listen", "127.0.0.1:0",
                                "--secret-file", join(work, "web.secret")],
                               /(http:\/\/127\.0\.0\.1:\d+\/)/);
  return process;
}

// Types a request and waits for its answer (a new agent message).
async function ask(page, text) {
  const before = await page.locator("#messages > .msg.agent, #messages > .msg.error").count();
  await page.fill("#input", text);
  await page.press("#input", "Enter");
  await page.waitForFunction((n) => document.querySelectorAll("#messages > .msg.agent, #messages > .msg.error").length > n,
                             before, { timeout: 30000 });
  assert.equal(await page.locator("#typing").isHidden(), true, "the typing indicator stays");
}

function lastCards(page) { return page.locator("#messages > .cards").last().locator(".card"); }

before(async () => {
  if (!haveData) return;
  serve = await startServe(data, join(work, "profiles"));
  web = startWeb(serve.endpoint);
  [, url] = await web.found;
  // A fresh profile folder per run (playwright passes it as --user-data-dir).
  browser = await chromium.launchPersistentContext(join(work, "chromium-profile"), {
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    viewport: { width: 1100, height: 800 },
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

test("recommendations come as cards with the catalog's attributes, one list per reply", { skip }, async () => {
  const page = await browser.newPage();
  await page.goto(url);
  assert.equal(await page.title(), "interec");
  assert.equal(await page.locator("link[rel=icon]").count(), 1);
  assert.equal((await page.request.get(url + "favicon.ico")).status(), 200);
  await ask(page, "top 4 comedies from the 90s");
  const cards = lastCards(page);
  assert.equal(await cards.count(), 4);
  for (let i = 0; i < 4; i++) {
    const attrs = await cards.nth(i).locator(".attrs li").allTextContents();
    const year = attrs.find((a) => a.startsWith("Year:"));
    assert.ok(year, `no year on card ${i}: ${attrs}`);
    assert.match(year, /199\d/);
    assert.ok(attrs.some((a) => a.startsWith("Genres:") && a.includes("Comedy")), `${attrs}`);
    assert.match(await cards.nth(i).locator(".why").textContent(), /Comedy/);
  }
  // The reply's text says what the list is; it does not repeat the list.
  const text = await page.locator("#messages > .msg.agent").last().textContent();
  assert.doesNotMatch(text, /\n?\s*1\.\s/, text);
  assert.doesNotMatch(text, /genres:/, "internal labels in " + text);
  await screenshot(page, "web-cards.png");
  await page.close();
});

test("a follow-up in the same page continues the conversation", { skip }, async () => {
  const page = await browser.newPage();
  await page.goto(url);
  await ask(page, "top 3 dramas");
  const first = await lastCards(page).locator(".card-title").allTextContents();
  await ask(page, "more");
  const second = await lastCards(page).locator(".card-title").allTextContents();
  assert.ok(second.length > 0);
  for (const title of second) assert.ok(!first.includes(title), `${title} was shown already`);
  await page.close();
});

test("feedback buttons change the next recommendation", { skip }, async () => {
  const page = await browser.newPage();
  await page.goto(url);
  await ask(page, "top 3 thrillers");
  const titles = await lastCards(page).locator(".card-title").allTextContents();
  const cards = lastCards(page);
  await cards.nth(0).getByRole("button", { name: `Not for me: ${titles[0]}` }).click();
  await page.waitForSelector(`.card >> nth=0 >> button[data-kind=disliked][aria-pressed=true]`);
  await cards.nth(1).getByRole("button", { name: `I've seen ${titles[1]}` }).click();
  await cards.nth(2).getByRole("button", { name: `I liked ${titles[2]}` }).click();
  await page.waitForFunction(() => document.querySelectorAll(".msg.note").length >= 3);
  assert.match(await page.locator(".msg.note").first().textContent(), /not for you/);
  // A new conversation asking the same: neither the disliked nor the seen one.
  await page.click("#reset");
  await page.waitForFunction(() => document.querySelectorAll("#messages > *").length === 1);
  await ask(page, "top 3 thrillers");
  const again = await lastCards(page).locator(".card-title").allTextContents();
  assert.ok(!again.includes(titles[0]), `disliked ${titles[0]} came back: ${again}`);
  assert.ok(!again.includes(titles[1]), `seen ${titles[1]} came back: ${again}`);
  await page.close();
});

test("a click on a card's title shows its details in sentences", { skip }, async () => {
  const page = await browser.newPage();
  await page.goto(url);
  await ask(page, "top 2 animated movies");
  const title = lastCards(page).first().locator(".card-title");
  const name = await title.textContent();
  await title.focus();
  await page.keyboard.press("Enter");
  const dialog = page.locator("dialog#details");
  await dialog.waitFor({ state: "visible" });
  assert.equal(await page.locator("#details-title").textContent(), name);
  const sentences = await dialog.locator("#details-body p").allTextContents();
  assert.ok(sentences.some((s) => /^It came out in \d{4}\.$/.test(s)), `${sentences}`);
  assert.ok(sentences.every((s) => !s.includes("|")), "raw catalog cells");
  await screenshot(page, "web-details.png");
  await page.keyboard.press("Escape");
  await dialog.waitFor({ state: "hidden" });
  await page.close();
});

test("the profile page shows, exports and deletes what is kept", { skip }, async () => {
  const page = await browser.newPage();
  await page.goto(url);
  await ask(page, "I hate horror");
  await page.click("#show-profile");
  await page.waitForSelector("#profile h3");
  const shown = await page.locator("#profile-body").textContent();
  assert.match(shown, /dislikes genres=Horror/);
  assert.match(shown, /Not for me/);
  await screenshot(page, "web-profile.png");
  const exported = await page.request.get(url + "api/profile/export");
  assert.equal(exported.status(), 200);
  assert.match(exported.headers()["content-disposition"], /attachment/);
  assert.ok((await exported.json()).profile.disliked_values.includes("genres=Horror"));
  page.once("dialog", (d) => d.accept());
  await page.click("#delete-profile");
  await page.waitForSelector("#profile-body >> text=Your profile was deleted");
  await page.click("#back");
  await page.click("#show-profile");
  await page.waitForSelector("#profile-body >> text=interec keeps nothing about you yet.");
  await page.close();
});

test("a phone-sized screen gets one column and nothing wider than the screen", { skip }, async () => {
  const page = await browser.newPage();
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(url);
  await ask(page, "top 3 comedies");
  const widths = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, screen: innerWidth }));
  assert.ok(widths.page <= widths.screen, `page ${widths.page}px on a ${widths.screen}px screen`);
  const boxes = await lastCards(page).evaluateAll((cards) => cards.map((c) => c.getBoundingClientRect().left));
  assert.equal(new Set(boxes.map(Math.round)).size, 1, `cards side by side: ${boxes}`);
  await screenshot(page, "web-phone.png");
  await page.close();
});

test("when the server is down the page says so at once", { skip }, async () => {
  // A web chat whose server went away: a serve started and stopped again.
  const gone = await startServe(data, join(work, "profiles-gone"));
  await stop(gone.process.child);
  const orphan = startWeb(gone.endpoint);
  const [, orphanUrl] = await orphan.found;
  try {
    const page = await browser.newPage();
    await page.goto(orphanUrl);
    await page.waitForSelector("#banner.shown", { timeout: 10000 });
    assert.match(await page.locator("#banner").textContent(), /cannot be reached/);
    assert.equal(await page.locator("#send").isDisabled(), true);
    await screenshot(page, "web-server-down.png");
    await page.close();
  } finally {
    assert.equal(await stop(orphan.child), 0, orphan.log());
  }
});
