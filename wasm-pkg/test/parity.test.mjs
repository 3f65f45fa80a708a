// The package against the CLI: every scenario and every example shop's tests give the
// same decision bytes through `Engine.decide` as through `kefu decide`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync, writeFileSync, mkdirSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const kefu = require("../pkg/node/kefu.js");
const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const cli = join(root, "target", "release", "kefu");
const work = join(root, "target", "wasm-pkg-test");
mkdirSync(work, { recursive: true });

function jsonFiles(dir) {
  return readdirSync(dir).filter((f) => f.endsWith(".json")).sort().map((f) => join(dir, f));
}

// `kefu decide --format ndjson` on these cases; the decision objects keep the core's key
// order through JSON.parse, so JSON.stringify gives back the core's bytes.
function cliDecisions(cases, policyArgs, name) {
  const file = join(work, `${name}.ndjson`);
  writeFileSync(file, cases.map((c) => JSON.stringify(c)).join("\n"));
  const out = execFileSync(cli, ["--engine", "native", "decide", "--format", "ndjson", ...policyArgs, file], { encoding: "utf8" });
  return out.trim().split("\n").map((l) => JSON.parse(l)).filter((l) => l.kind === "decision").map((l) => JSON.stringify(l.decision));
}

test("every scenario decides the same bytes as kefu decide", () => {
  const groups = new Map();
  for (const f of jsonFiles(join(root, "tests", "scenarios"))) {
    const s = JSON.parse(readFileSync(f, "utf8"));
    const key = s.policy ? JSON.stringify(s.policy) : "";
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(s);
  }
  let n = 0;
  let g = 0;
  for (const [key, scenarios] of groups) {
    const policyArgs = [];
    if (key) {
      const p = join(work, `policy-${g}.json`);
      writeFileSync(p, key);
      policyArgs.push("--policy", p);
    }
    const expected = cliDecisions(scenarios.map((s) => s.case), policyArgs, `scenarios-${g}`);
    const engine = new kefu.Engine(undefined, key ? { policy: JSON.parse(key) } : undefined);
    scenarios.forEach((s, i) => {
      assert.equal(JSON.stringify(engine.decide(s.case)), expected[i], `${s.id} differs from kefu decide`);
      n += 1;
    });
    g += 1;
  }
  assert.ok(n >= 136, `ran ${n} scenarios`);
});

test("every example shop's tests decide the same bytes as kefu decide --policy", () => {
  for (const shop of ["apparel", "electronics", "agency", "default"]) {
    const policy = join(root, "examples", "policies", `${shop}.rhai`);
    const testsDir = join(root, "examples", "policies", `${shop}.tests`);
    let cases;
    try {
      cases = jsonFiles(testsDir).map((f) => JSON.parse(readFileSync(f, "utf8")).case);
    } catch {
      cases = jsonFiles(join(root, "tests", "scenarios")).map((f) => JSON.parse(readFileSync(f, "utf8"))).filter((s) => !s.policy).map((s) => s.case);
    }
    const expected = cliDecisions(cases, ["--policy", policy], `shop-${shop}`);
    const engine = new kefu.Engine(readFileSync(policy, "utf8"), { name: policy });
    cases.forEach((c, i) => assert.equal(JSON.stringify(engine.decide(c)), expected[i], `${shop} case ${i}`));
    assert.deepEqual(engine.decideMany(cases).map((d) => JSON.stringify(d)), expected, `${shop}: decideMany`);
  }
});

test("errors carry the stable code and the field or the script position", () => {
  const engine = new kefu.Engine();
  const bad = { now: "2026-11-25T10:00:00+08:00", order: { order_id: "1", status: "paid", total: 19.9 } };
  assert.throws(() => engine.decide(bad), (e) => e instanceof Error && e.code === "KEFU-INPUT-MONEY" && e.path === "order.total");
  assert.throws(
    () => new kefu.Engine("let x = (1 + ;\n", { name: "shop.rhai" }),
    (e) => e.code === "KEFU-SCRIPT-SYNTAX" && e.line === 1 && e.column === 14 && e.path === "shop.rhai",
  );
  const entry = { reason: "cancel", agent: "小王", at: "2026-11-25T14:30:00+08:00" };
  assert.throws(
    () => kefu.appendRemark("备".repeat(330), entry),
    (e) => e.code === "KEFU-REMARK-TOO-LONG" && e.overBy > 0 && e.remark === "备".repeat(330),
  );
});

// The same invalid orders the Rust suite checks (tests/validation.rs): lint rejects each
// with the code and path of the field, decide with the same code and `order.` + path.
test("lint and decide reject the same invalid orders", () => {
  const engine = new kefu.Engine();
  const good = () => ({ order_id: "6001", status: "paid", total: "20.00", items: [{ sku: "A-1", qty: 1, unit_price: "20.00", variant: "M" }] });
  const cases = [
    [(o) => { o.items[0].qty = 0; }, "KEFU-ORDER-INVALID", "items[0].qty"],
    [(o) => { o.order_id = ""; }, "KEFU-ORDER-INVALID", "order_id"],
    [(o) => { o.order_id = "   "; }, "KEFU-ORDER-INVALID", "order_id"],
    [(o) => { o.items[0].sku = " "; }, "KEFU-ORDER-INVALID", "items[0].sku"],
    [(o) => { o.total = 20; }, "KEFU-INPUT-MONEY", "total"],
    [(o) => { o.status = "lost"; }, "KEFU-INPUT-VALUE", "status"],
  ];
  for (const [spoil, code, path] of cases) {
    const order = good();
    spoil(order);
    assert.throws(() => engine.lint(order), (e) => e.code === code && e.path === path, `lint ${JSON.stringify(order)}`);
    const c = { now: "2026-11-25T12:00:00+08:00", order, request: { kind: "cancel" } };
    assert.throws(() => engine.decide(c), (e) => e.code === code && e.path === `order.${path}`, `decide ${JSON.stringify(order)}`);
  }
});

// A runaway script stops with an error instead of freezing the page: by the time budget
// when its operation limit was raised out of the way, and the built-in that looped in
// native code (Rhai's pad with an empty string) is kefu's own, bounded.
test("a runaway script stops with an error", () => {
  const started = Date.now();
  assert.throws(
    () => new kefu.Engine("let n = 0; loop { n += 1; }", { limits: { max_operations: 1e15 }, timeMs: 50 }),
    (e) => e.code === "KEFU-SCRIPT-DEADLINE",
  );
  assert.ok(Date.now() - started < 5000, "the budget stops it");
  assert.throws(() => new kefu.Engine('let s = "abc"; s.pad(5, "");'), (e) => e.code === "KEFU-SCRIPT-VALUE");
  const hook = 'fn slow(c, plan) { let n = 0; loop { n += 1; } }\nrule("SHOP-SLOW-1", "before", "slow");';
  const engine = new kefu.Engine(hook, { limits: { max_operations: 1e15 }, timeMs: 50 });
  const c = { now: "2026-11-25T12:00:00+08:00", order: { order_id: "1", status: "paid", total: "10.00" } };
  assert.throws(() => engine.decide(c), (e) => e.code === "KEFU-SCRIPT-DEADLINE");
});

test("remarks, lint, reply guard, registry", () => {
  const entry = { reason: "change_phone", details: { phone: "13900001111" }, agent: "小王", at: "2026-11-25T14:30:00+08:00" };
  assert.equal(kefu.renderRemark(entry).entry, "【改电话】电话：13900001111（小王/2026-11-25 14:30）");
  assert.equal(kefu.appendRemark("旧", entry).remark, "旧\n【改电话】电话：13900001111（小王/2026-11-25 14:30）");
  const engine = new kefu.Engine();
  const lint = engine.lint({ order_id: "1", status: "shipped", total: "1.00", flag: "purple", remark: "【取消订单】（小王/2026-11-25 14:30）" });
  assert.equal(lint.findings[0].check, "flag-status-mismatch");
  const check = engine.checkReply({ order_id: "1", status: "shipped", total: "1.00" }, undefined, "亲，已经发货了");
  assert.equal(check.rewrite, "亲，仓库已发货了");
  // The catalog (rules, names, explain) is the CLI's; the browser package leaves it out.
  assert.equal(kefu.rules, undefined);
  assert.equal(kefu.names, undefined);
  assert.match(kefu.version(), /^\d+\.\d+\.\d+$/);
});

test("one reply: the same bytes as kefu reply, for a case or a bare order", () => {
  const c = { now: "2026-11-25T10:00:00+08:00", agent: { name: "小王", role: "agent" }, request: { kind: "none" },
    order: { order_id: "4128", status: "delivered", total: "99.00", store: "杭州旗舰店" } };
  const engine = new kefu.Engine();
  const file = join(work, "reply-case.json");
  writeFileSync(file, JSON.stringify(c));
  for (const template of ["greeting", "return_steps", "late.apology"]) {
    const out = JSON.parse(execFileSync(cli, ["--engine", "native", "reply", template, file], { encoding: "utf8" }));
    assert.equal(JSON.stringify(engine.reply(template, c)), JSON.stringify(out.result), template);
  }
  assert.equal(engine.reply("greeting", c).text.zh, "您好，我是杭州旗舰店的客服小王，很荣幸为您服务，今天由我为您解答~");
  assert.equal(engine.reply("invoice", c.order).rule, "R-WORD-SCRIPTS");
  assert.throws(() => engine.reply("no_such", c), (e) => e.code === "KEFU-REPLY-TEMPLATE");
});
