// Shared by the node peers: the data, the check against the reference, the timing.
import { readFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

export const here = dirname(fileURLToPath(import.meta.url));
const arg = (name) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : undefined; };
const data = arg("--data") ?? join(here, "..", "data");
export const passes = Number(arg("--passes") ?? 3);
const lines = (f) => readFileSync(join(data, f), "utf8").trim().split("\n").map((l) => JSON.parse(l));
export const cases = lines("cases.ndjson");
export const reference = lines("reference.ndjson");

/** Checks the answers (exit 1 on a difference `explain` does not name), then times the passes. */
export async function report(engine, answers, pass, explain = () => undefined) {
  const differ = {};
  const unexplained = [];
  answers.forEach((got, i) => {
    const want = reference[i];
    if (got.outcome === want.outcome && got.flag === want.flag && got.escalation === want.escalation) return;
    const rule = explain(cases[i], got, want);
    if (rule) differ[rule] = (differ[rule] ?? 0) + 1;
    else unexplained.push(`${JSON.stringify(cases[i])}\n  got  ${JSON.stringify(got)}\n  want ${JSON.stringify(want)}`);
  });
  if (unexplained.length) {
    console.error(`${engine}: ${unexplained.length} answers differ from the reference without a rule:\n${unexplained.slice(0, 10).join("\n")}`);
    process.exit(1);
  }
  const per = [];
  for (let p = 0; p < passes; p++) {
    const t = process.hrtime.bigint();
    await pass();
    per.push(Number(process.hrtime.bigint() - t) / cases.length);
  }
  per.sort((a, b) => a - b);
  const round = (x) => Math.round(x * 10) / 10;
  const agree = cases.length - Object.values(differ).reduce((a, b) => a + b, 0);
  console.log(JSON.stringify({ engine, cases: cases.length, passes, agree, differ_by_rule: differ,
    ns_per_decision_best: round(per[0]), ns_per_decision_median: round(per[Math.floor(per.length / 2)]) }));
}
