// The browser downloads kefu_bg.wasm: issue 14 holds it to at most 500 KB gzipped
// (`gzip -9`). A feature that pushes it over must make room (BENCHMARKS.md, "Size").
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

const LIMIT = 500_000;

test("the browser module is at most 500 KB gzipped", () => {
  const wasm = readFileSync(new URL("../pkg/web/kefu_bg.wasm", import.meta.url));
  const gzipped = gzipSync(wasm, { level: 9 }).length;
  assert.ok(gzipped <= LIMIT, `kefu_bg.wasm is ${gzipped} bytes gzipped, over ${LIMIT}`);
});
