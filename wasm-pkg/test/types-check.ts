// Compiled by `npm test` with tsc --noEmit: the README's TypeScript example, typed.
import { Engine, appendRemark, type Case, type Decision } from "../index";

const c: Case = {
  now: "2026-11-25T10:00:00+08:00",
  order: { order_id: "4128000014", status: "paid", total: "99.00" },
  request: { kind: "cancel", reason: "wrong_colour" },
  agent: { name: "小王" },
};
const engine = new Engine();
const d: Decision = engine.decide(c);
const level: "none" | "senior" | "supervisor" | "leadership" = d.escalation.level;
const flag = d.flag.flag; // a colour name on output (the Flag type also admits input codes)
appendRemark("", { reason: "cancel", agent: "小王", at: c.now });
export const seen = [level, flag];
