// `interec openai-api` driven by the official `openai` npm client (a real
// client nobody here wrote): `interec serve` on a prepared catalog, the
// endpoint in front of it with an API key file, and the SDK talking to it
// streaming and not, two users kept apart, bad requests.
// Environment: INTEREC_BIN, INTEREC_DATA (a prepared ML-100K folder),
// INTEREC_WORK (scratch). Skips when INTEREC_DATA is absent.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import OpenAI from "openai";
import { startAndWait, startServe, stop } from "../interec_processes.mjs";

const data = process.env.INTEREC_DATA ?? "";
const work = mkdtempSync(join(process.env.INTEREC_WORK ?? tmpdir(), "openai-api-"));
const haveData = data !== "" && existsSync(join(data, "manifest.json"));
const skip = !haveData && "no prepared ML-100K (INTEREC_DATA)";

const keys = { alice: "sk-alice-0123456789abcdef", bob: "sk-bob-0123456789abcdef0" };
let serve, api, baseURL;

function client(key) {
  return new OpenAI({ apiKey: key, baseURL, maxRetries: 0, timeout: 30000 });
}

// The years of the titles listed in a completion's items.
function years(completion) {
  return completion.interec.items.map((item) => Number(item.title.match(/\((\d{4})\)$/)?.[1]));
}

before(async () => {
  if (!haveData) return;
  serve = await startServe(data, join(work, "profiles"));
  writeFileSync(join(work, "keys"), `# test keys\nalice = ${keys.alice}\nbob = ${keys.bob}\n`);
  api = startAndWait(["openai-api", "--connect", serve.endpoint, "--listen", "127.0.0.1:0",
                      "--api-keys", join(work, "keys")], /(http:\/\/127\.0\.0\.1:\d+\/)v1/);
  [, baseURL] = await api.found;
  baseURL += "v1";
});

after(async () => {
  if (api) assert.equal(await stop(api.child), 0, api.log());
  if (serve) assert.equal(await stop(serve.process.child), 0, serve.process.log());
  rmSync(work, { recursive: true, force: true });
});

test("the model list names interec", { skip }, async () => {
  const models = await client(keys.alice).models.list();
  assert.deepEqual(models.data.map((m) => m.id), ["interec"]);
  assert.equal((await client(keys.alice).models.retrieve("interec")).id, "interec");
});

test("a completion lists the items in its text and in the interec field", { skip }, async () => {
  const completion = await client(keys.alice).chat.completions.create({
    model: "interec",
    messages: [{ role: "user", content: "top 3 comedies from the 90s" }],
  });
  assert.equal(completion.object, "chat.completion");
  const text = completion.choices[0].message.content;
  assert.equal(completion.choices[0].finish_reason, "stop");
  assert.equal(completion.interec.items.length, 3);
  for (const item of completion.interec.items) assert.ok(text.includes(item.title), `${item.title} not in ${text}`);
  for (const year of years(completion)) assert.ok(year >= 1990 && year <= 1999, `${year}`);
  assert.ok(completion.usage.total_tokens > 0);
});

test("a streamed completion carries the same kind of answer", { skip }, async () => {
  const stream = await client(keys.bob).chat.completions.create({
    model: "interec",
    stream: true,
    stream_options: { include_usage: true },
    messages: [{ role: "user", content: "top 4 thrillers" }],
  });
  let text = "", items = null, usage = null, chunks = 0;
  for await (const chunk of stream) {
    chunks++;
    if (chunk.usage) usage = chunk.usage;
    if (!chunk.choices.length) continue;
    text += chunk.choices[0].delta.content ?? "";
    if (chunk.interec) items = chunk.interec.items;
  }
  assert.ok(chunks > 3, `only ${chunks} chunks`);
  assert.equal(items.length, 4);
  for (const item of items) assert.ok(text.includes(item.title), `${item.title} not in ${text}`);
  assert.ok(usage.completion_tokens > 0);
});

test("two users' conversations are kept apart", { skip }, async () => {
  // Alice wants 1995, Bob the 70s; each "more" continues its own list.
  const conversation = (key, first) => ({ key, messages: [{ role: "user", content: first }] });
  const a = conversation(keys.alice, "top 3 movies from 1995");
  const b = conversation(keys.bob, "top 3 movies from the 70s");
  const turn = async (c) => {
    const completion = await client(c.key).chat.completions.create({ model: "interec", messages: c.messages });
    c.messages.push(completion.choices[0].message, { role: "user", content: "more" });
    return completion;
  };
  const [a1, b1] = await Promise.all([turn(a), turn(b)]);
  const [a2, b2] = await Promise.all([turn(a), turn(b)]);
  for (const year of [...years(a1), ...years(a2)]) assert.equal(year, 1995);
  for (const year of [...years(b1), ...years(b2)]) assert.ok(year >= 1970 && year <= 1979, `${year}`);
  const shown = new Set(a1.interec.items.map((i) => i.item_id));
  for (const item of a2.interec.items) assert.ok(!shown.has(item.item_id), `${item.title} repeated`);
  assert.notEqual(a1.interec.conversation, b1.interec.conversation);
  assert.equal(a1.interec.conversation, a2.interec.conversation);
});

test("one key's end users (the user field) are kept apart too", { skip }, async () => {
  const ask = (user, content, history = []) => client(keys.alice).chat.completions.create({
    model: "interec", user, messages: [...history, { role: "user", content }] });
  const carol = await ask("carol", "top 2 dramas from 1994");
  const dave = await ask("dave", "top 2 westerns");
  const history = [{ role: "user", content: "top 2 dramas from 1994" }, carol.choices[0].message];
  const carolMore = await ask("carol", "more", history);
  for (const year of years(carolMore)) assert.equal(year, 1994);
  // Dave's "more" in a conversation with the same opening is not Carol's.
  const daveMore = await ask("dave", "more", history);
  assert.notDeepEqual(daveMore.interec.items.map((i) => i.item_id),
                      carolMore.interec.items.map((i) => i.item_id));
  assert.ok(dave.interec.items.length > 0);
});

test("a wrong or missing key is a 401", { skip }, async () => {
  await assert.rejects(client("sk-nobody-00000000000000").chat.completions.create({
    model: "interec", messages: [{ role: "user", content: "hi" }] }),
  (e) => e instanceof OpenAI.AuthenticationError && e.status === 401 && e.code === "invalid_api_key");
  const response = await fetch(`${baseURL}/chat/completions`, {
    method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ model: "interec", messages: [{ role: "user", content: "hi" }] }) });
  assert.equal(response.status, 401);
  assert.equal((await response.json()).error.code, "invalid_api_key");
});

test("bad requests get OpenAI-shaped errors", { skip }, async () => {
  const c = client(keys.alice);
  await assert.rejects(c.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: "hi" }] }),
    (e) => e instanceof OpenAI.NotFoundError && e.code === "model_not_found");
  await assert.rejects(c.chat.completions.create({ model: "interec", messages: [] }),
    (e) => e instanceof OpenAI.BadRequestError && e.param === "messages" && e.type === "invalid_request_error");
  await assert.rejects(c.chat.completions.create({ model: "interec", messages: [{ role: "system", content: "hi" }] }),
    (e) => e instanceof OpenAI.BadRequestError && e.param === "messages");
  await assert.rejects(c.chat.completions.create({ model: "interec", n: 2, messages: [{ role: "user", content: "hi" }] }),
    (e) => e instanceof OpenAI.BadRequestError && e.param === "n");
  // Not JSON at all, and an unknown route: still OpenAI's error shape.
  const garbage = await fetch(`${baseURL}/chat/completions`, {
    method: "POST", headers: { Authorization: `Bearer ${keys.alice}` }, body: "{\"model\": " });
  assert.equal(garbage.status, 400);
  assert.equal((await garbage.json()).error.type, "invalid_request_error");
  const unknown = await fetch(`${baseURL}/embeddings`, { method: "POST", body: "{}" });
  assert.equal(unknown.status, 404);
  assert.ok((await unknown.json()).error.message.includes("/v1/embeddings"));
  // And the endpoint still answers afterwards.
  const ok = await c.chat.completions.create({ model: "interec", messages: [{ role: "user", content: "top 1 comedy" }] });
  assert.equal(ok.interec.items.length, 1);
});
