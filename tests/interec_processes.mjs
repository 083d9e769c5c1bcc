// Starting and stopping interec processes (and other servers) from the Node
// tests (tests/browser/, tests/openai_api/); the C++ tests' counterpart is
// tests/child_process.h.
import { spawn } from "node:child_process";

export const bin = process.env.INTEREC_BIN ?? "build/interec";

// Starts `command args` and resolves `found` with the first match of
// `pattern` in its stderr (bounded by `ms`).
export function startAndWait(args, pattern, ms = 60000, command = bin) {
  const child = spawn(command, args, { stdio: ["ignore", "ignore", "pipe"] });
  let seen = "";
  const found = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${pattern} from ${args[0]}: ${seen}`)), ms);
    child.stderr.on("data", (chunk) => {
      seen += chunk;
      const m = seen.match(pattern);
      if (m) { clearTimeout(timer); resolve(m); }
    });
    child.on("exit", (code) => { clearTimeout(timer); reject(new Error(`${args[0]} exited ${code}: ${seen}`)); });
  });
  found.catch(() => {});  // awaited by the caller; never an unhandled rejection
  return { child, found, log: () => seen };
}

// SIGTERM, then SIGKILL after `ms`; resolves with the exit code ("killed"
// when it had to be killed).
export function stop(child, ms = 10000) {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    const timer = setTimeout(() => { child.kill("SIGKILL"); resolve("killed"); }, ms);
    child.on("exit", (code) => { clearTimeout(timer); resolve(code); });
    child.kill("SIGTERM");
  });
}

// `interec serve` on `data` with profiles under `state`, on a free loopback
// port; resolves with { process, endpoint }.
export async function startServe(data, state) {
  const serve = startAndWait(["serve", "--data", data, "--state", state, "--bind", "tcp://127.0.0.1:*"],
                             /on (tcp:\/\/127\.0\.0\.1:\d+)/);
  const [, endpoint] = await serve.found;
  return { process: serve, endpoint };
}
