// The peer decision in json-rules-engine 7.3.1: one rule per table row, the risk levels
// as rules, the final escalation the highest level any fired rule names.
import { Engine } from "json-rules-engine";
import { cases, report } from "./common.mjs";

const LEVELS = ["none", "senior", "supervisor", "leadership"];
const is = (fact, value) => ({ fact, operator: "equal", value });
const rule = (all, params, priority = 1) => ({ conditions: { all }, event: { type: "decide", params }, priority });
const cancel = is("request", "cancel");
const factors = [is("exposure", true), is("platform", true), { fact: "repeat_contacts", operator: "greaterThanInclusive", value: 3 }, is("negative_review", true)];
const pairs = factors.flatMap((a, i) => factors.slice(i + 1).map((b) => ({ all: [a, b] })));

const engine = new Engine([
  rule([cancel, is("status", "unpaid")], { outcome: "buyer_closes", flag: "none" }),
  rule([cancel, is("status", "paid"), is("reason", "buyer_doubt")], { outcome: "retain_then_refund", flag: "purple" }),
  rule([cancel, is("status", "paid"), { fact: "reason", operator: "notEqual", value: "buyer_doubt" }], { outcome: "refund_by_application", flag: "purple" }),
  rule([cancel, is("status", "pushed")], { outcome: "warehouse_intercept", flag: "purple" }),
  rule([cancel, is("status", "shipped")], { outcome: "carrier_return_or_refusal", flag: "blue" }),
  rule([cancel, is("status", "delivered")], { outcome: "treat_as_return", flag: "blue" }),
  rule([is("request", "discount"), { fact: "discount_fen", operator: "lessThanInclusive", value: { fact: "agent_limit_fen" } }], { outcome: "grant", flag: "none" }),
  rule([is("request", "discount"), { fact: "discount_fen", operator: "greaterThan", value: { fact: "agent_limit_fen" } }], { outcome: "ask_supervisor", flag: "none", level: 2 }),
  { conditions: { any: factors }, event: { type: "risk", params: { level: 1 } } },
  { conditions: { any: pairs }, event: { type: "risk", params: { level: 2 } } },
  rule([is("exposure", true), is("merchant_fault", true)], { level: 3 }),
], { allowUndefinedFacts: false });

async function decide(c) {
  const { events } = await engine.run(c);
  let outcome = "";
  let flag = "none";
  let level = 0;
  for (const e of events) {
    if (e.params.outcome) ({ outcome, flag } = e.params);
    if (e.params.level > level) level = e.params.level;
  }
  return { outcome, flag, escalation: LEVELS[level] };
}

const answers = [];
for (const c of cases) answers.push(await decide(c));
await report("json-rules-engine", answers, async () => { for (const c of cases) await decide(c); });
