// The peer decision's data (../../../shared/peer-decision.md): 20,000 cases and the
// reference answer of each, the same bytes on every run (fixed seed, mulberry32).
// Usage: node bench/peers/gen.mjs [OUT_DIR]   (default bench/peers/data)
import { mkdirSync, writeFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const out = process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), "data");
const TOTAL = 20000;
const STATUSES = ["unpaid", "paid", "pushed", "shipped", "delivered"];
const REQUESTS = ["cancel", "discount"];
const REASONS = ["buyer_doubt", "changed_mind", "other"];
// Agents' limits are a shop's settings: a handful of values, as real shops have.
const LIMITS = [1000, 2000, 3000, 5000, 10000];

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const LEVELS = ["none", "senior", "supervisor", "leadership"];

/** The table of peer-decision.md, as written. */
export function reference(c) {
  let outcome;
  let flag = "none";
  let imposed = "none";
  if (c.request === "cancel") {
    ({ outcome, flag } = {
      unpaid: { outcome: "buyer_closes", flag: "none" },
      paid: { outcome: c.reason === "buyer_doubt" ? "retain_then_refund" : "refund_by_application", flag: "purple" },
      pushed: { outcome: "warehouse_intercept", flag: "purple" },
      shipped: { outcome: "carrier_return_or_refusal", flag: "blue" },
      delivered: { outcome: "treat_as_return", flag: "blue" },
    }[c.status]);
  } else if (c.discount_fen <= c.agent_limit_fen) {
    outcome = "grant";
  } else {
    outcome = "ask_supervisor";
    imposed = "supervisor";
  }
  const factors = [c.exposure, c.platform, c.repeat_contacts >= 3, c.negative_review].filter(Boolean).length;
  let risk = factors === 0 ? "none" : factors === 1 ? "senior" : "supervisor";
  if (c.exposure && c.merchant_fault) risk = "leadership";
  const escalation = LEVELS[Math.max(LEVELS.indexOf(risk), LEVELS.indexOf(imposed))];
  return { outcome, flag, escalation };
}

function* grid() {
  const limit = 2000;
  for (const status of STATUSES)
    for (const request of REQUESTS)
      for (const reason of REASONS)
        for (const discount_fen of [limit - 500, limit, limit + 500])
          for (const exposure of [false, true])
            for (const platform of [false, true])
              for (const repeat_contacts of [0, 2, 3, 5])
                for (const negative_review of [false, true])
                  for (const merchant_fault of [false, true])
                    yield { status, request, reason, discount_fen, agent_limit_fen: limit, exposure, platform,
                      repeat_contacts, negative_review, merchant_fault };
}

function* random(n, rand) {
  const pick = (xs) => xs[Math.floor(rand() * xs.length)];
  for (let i = 0; i < n; i++) {
    yield {
      status: pick(STATUSES), request: pick(REQUESTS), reason: pick(REASONS),
      discount_fen: Math.floor(rand() * 12000), agent_limit_fen: pick(LIMITS),
      exposure: rand() < 0.2, platform: rand() < 0.2, repeat_contacts: Math.floor(rand() * 6),
      negative_review: rand() < 0.2, merchant_fault: rand() < 0.3,
    };
  }
}

const cases = [...grid()];
if (cases.length !== 5760) throw new Error(`the grid has ${cases.length} cases, not 5760`);
cases.push(...random(TOTAL - cases.length, mulberry32(0x6b656675)));
mkdirSync(out, { recursive: true });
writeFileSync(join(out, "cases.ndjson"), cases.map((c) => JSON.stringify(c)).join("\n") + "\n");
writeFileSync(join(out, "reference.ndjson"), cases.map((c) => JSON.stringify(reference(c))).join("\n") + "\n");
console.error(`${cases.length} cases and their reference answers in ${out}`);
