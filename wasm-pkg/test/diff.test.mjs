// The package's `diff` against the CLI's: the same changes, byte for byte, for a policy
// given as JSON and for one given as a script against a saved script (the options page's
// case: the policy being edited against the one in force).
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const kefu = require("../pkg/node/kefu.js");
const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const cli = join(root, "target", "release", "kefu");
const casesFile = join(root, "examples", "cases", "service-desk-2026-11.ndjson");
const cases = readFileSync(casesFile, "utf8").trim().split("\n").map((l) => JSON.parse(l));

function cliChanges(policies) {
  const args = ["--engine", "native", "diff", "--format", "ndjson", ...policies.flatMap((p) => ["--policy", p]), casesFile];
  let out;
  try {
    out = execFileSync(cli, args, { encoding: "utf8" });
  } catch (e) {
    out = e.stdout; // differences exit 1
  }
  return out.trim().split("\n").map((l) => JSON.parse(l)).filter((l) => l.kind === "change").map((l) => JSON.stringify(l.change));
}

test("a JSON policy against the built-in one: the CLI's changes, the same bytes", () => {
  const policyFile = join(root, "examples", "policies", "discount-limit-50.json");
  const engine = new kefu.Engine(undefined, { policy: JSON.parse(readFileSync(policyFile, "utf8")) });
  const results = engine.diff(cases, "2026-11-25T10:00:00+08:00");
  engine.free();
  assert.equal(results.length, cases.length);
  const changed = results.filter((r) => r.changes?.length).map((r) => JSON.stringify(r));
  assert.equal(changed.length, 8);
  assert.deepEqual(changed, cliChanges([policyFile]));
});

test("a script being edited against the saved script: the CLI's changes, the same bytes", () => {
  const saved = join(root, "examples", "policies", "apparel.rhai");
  const edited = join(root, "examples", "policies", "electronics.rhai");
  const engine = new kefu.Engine(readFileSync(edited, "utf8"), { name: edited });
  const results = engine.diff(cases, "2026-11-25T10:00:00+08:00", readFileSync(saved, "utf8"));
  // The saved policy is loaded once, then reused.
  const again = engine.diff(cases, "2026-11-25T10:00:00+08:00", readFileSync(saved, "utf8"));
  engine.free();
  assert.deepEqual(again, results);
  const changed = results.filter((r) => r.changes?.length).map((r) => JSON.stringify(r));
  assert.ok(changed.length > 0);
  assert.deepEqual(changed, cliChanges([saved, edited]));
});
