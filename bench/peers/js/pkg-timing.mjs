// The package's check and timings, shared by node (kefu-pkg.mjs) and Chromium
// (kefu-pkg-chromium.mjs, which serves this file to its page): every decision must be
// native kefu's bytes, then the p50 of single `engine.decide` calls, `decide` per
// decision over all cases, and `decideMany` per case. Times in ns from performance.now().
export function measurePackage(kefu, items, native, passes) {
  const engines = new Map();
  const engineFor = (limit) => {
    if (!engines.has(limit)) engines.set(limit, new kefu.Engine(`policy.discount_limits.agent = "${limit}";`));
    return engines.get(limit);
  };
  let differ = 0;
  items.forEach(({ limit, case: c }, i) => { if (JSON.stringify(engineFor(limit).decide(c)) !== native[i]) differ++; });
  if (differ) return { differ };
  const byLimit = new Map();
  for (const { limit, case: c } of items) { if (!byLimit.has(limit)) byLimit.set(limit, []); byLimit.get(limit).push(c); }
  const time = (pass) => {
    const per = [];
    for (let p = 0; p < passes; p++) { const t = performance.now(); pass(); per.push(((performance.now() - t) * 1e6) / items.length); }
    per.sort((a, b) => a - b);
    return { best: Math.round(per[0]), median: Math.round(per[Math.floor(per.length / 2)]) };
  };
  // p50 of single calls, as a page would make them.
  const single = [];
  for (const { limit, case: c } of items.slice(0, 5000)) {
    const e = engineFor(limit);
    const t = performance.now(); e.decide(c); single.push((performance.now() - t) * 1e6);
  }
  single.sort((a, b) => a - b);
  const decide = time(() => { for (const { limit, case: c } of items) engineFor(limit).decide(c); });
  const many = time(() => { for (const [limit, cs] of byLimit) engineFor(limit).decideMany(cs); });
  // What any object-in, object-out JSON package pays before the core runs: writing the
  // case as JSON text and building the decision's objects from the core's text. The
  // floor under `decide` and `decideMany` in this JavaScript engine.
  let sink = 0;
  const floor = time(() => {
    items.forEach(({ case: c }, i) => { sink += JSON.stringify(c).length + Object.keys(JSON.parse(native[i])).length; });
  });
  return { cases: items.length, decide_p50_ns: Math.round(single[Math.floor(single.length / 2)]),
    decide_ns_per_decision: decide, decideMany_ns_per_decision: many,
    json_text_floor_ns_per_decision: floor, sink: sink > 0 };
}
