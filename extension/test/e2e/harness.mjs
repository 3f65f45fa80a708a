// Starts what an agent has: Chromium (Debian's package) with the test build of the
// extension loaded, and the demo backend on 127.0.0.1.
import { chromium } from "playwright-core";
import { mkdtempSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { serve } from "../../demo/server.mjs";

export const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
export const repo = join(root, "..");

export function chromiumPath() {
  const found = [process.env.CHROMIUM, "/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => p && existsSync(p));
  if (!found) throw new Error("no Chromium: install Debian's `chromium` package (tests/all.sh does) or set CHROMIUM");
  return found;
}

export async function start() {
  const server = await serve(0);
  const base = `http://127.0.0.1:${server.address().port}`;
  const profile = mkdtempSync(join(tmpdir(), "kefu-chromium-"));
  const ext = join(root, "dist-test");
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    headless: true,
    viewport: { width: 1360, height: 860 },
    locale: "zh-CN",
    args: [`--disable-extensions-except=${ext}`, `--load-extension=${ext}`, "--no-first-run", "--lang=zh-CN"],
  });
  let [worker] = context.serviceWorkers();
  worker ??= await context.waitForEvent("serviceworker", { timeout: 20_000 });
  const id = new URL(worker.url()).host;
  return {
    context,
    worker,
    base,
    /** The demo backend's test knobs and counters (server.mjs). */
    demo: server.demo,
    extensionUrl: (path) => `chrome-extension://${id}/${path}`,
    async close() {
      await context.close();
      server.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
