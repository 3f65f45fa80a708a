// Privacy: order data never leaves the browser. The built manifest may ask for storage
// and the side panel, and run its content scripts on the seller backend only; no host
// permission (no API call needs one: content scripts are declared, tabs.sendMessage and
// sidePanel need none), no network, tabs or scripting permission, no remote code, and
// wasm only through 'wasm-unsafe-eval'.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
const BACKEND = ["https://myseller.taobao.com/*", "https://qn.taobao.com/*", "https://trade.taobao.com/*"];

function manifest(dir) {
  return JSON.parse(readFileSync(join(root, dir, "manifest.json"), "utf8"));
}

test("the store build asks for storage and sidePanel only, no host permission, content scripts on the backend only", () => {
  const m = manifest("dist");
  assert.equal(m.manifest_version, 3);
  assert.deepEqual([...m.permissions].sort(), ["sidePanel", "storage"]);
  assert.deepEqual(m.optional_permissions ?? [], []);
  assert.deepEqual(m.optional_host_permissions ?? [], []);
  assert.deepEqual(m.host_permissions ?? [], [], "no API call needs a host permission");
  for (const cs of m.content_scripts) {
    for (const pattern of cs.matches) assert.ok(BACKEND.some((h) => pattern.startsWith(h.slice(0, -1))), pattern);
  }
  assert.equal(m.externally_connectable, undefined, "no web page may message the extension");
  assert.equal(m.web_accessible_resources, undefined, "no extension file is exposed to pages");
});

test("extension pages allow wasm and nothing remote", () => {
  const csp = manifest("dist").content_security_policy.extension_pages;
  assert.equal(csp, "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'");
});

test("the test build adds the demo host to the content scripts and nothing else", () => {
  const store = manifest("dist");
  const testing = manifest("dist-test");
  assert.deepEqual(testing.permissions, store.permissions);
  assert.deepEqual(testing.host_permissions ?? [], []);
  const matches = (m) => m.content_scripts.flatMap((cs) => cs.matches);
  const added = new Set(matches(testing).filter((p) => !matches(store).includes(p)).map((p) => new URL(p.replace("*", "x")).host));
  assert.deepEqual([...added], ["127.0.0.1"]);
});

test("the shipped code loads nothing from the network", () => {
  const walk = (dir) => readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)]));
  for (const file of walk(join(root, "dist")).filter((f) => /\.(js|html|css)$/.test(f))) {
    const text = readFileSync(file, "utf8");
    assert.doesNotMatch(text, /https?:\/\/(?!www\.w3\.org)[a-z0-9.-]+\.[a-z]{2,}/i, `${file} names a remote URL`);
    assert.doesNotMatch(text, /\bnew WebSocket\b|\bsendBeacon\b|\bimportScripts\(/, `${file} can send data out`);
  }
});
