// Builds the extension: `node scripts/build.mjs` gives dist/ (unpacked, for "Load
// unpacked") and kefu-extension.zip (for the store); `--test` gives dist-test/, the same
// code whose manifest also covers the demo pages on 127.0.0.1 (test builds only).
// The core is wasm-pkg's browser build (`npm run build` in ../wasm-pkg first).
import { build } from "esbuild";
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync, readdirSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { zipSync, zlibSync } from "fflate";
import { spawnSync } from "node:child_process";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const test = process.argv.includes("--test");
const out = join(root, test ? "dist-test" : "dist");
const wasm = join(root, "../wasm-pkg/pkg/web/kefu_bg.wasm");
if (!existsSync(wasm)) {
  console.error("wasm-pkg/pkg/web/kefu_bg.wasm is missing: run `npm run build` in wasm-pkg/ first");
  process.exit(1);
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const common = { bundle: true, target: "chrome116", minify: !test, sourcemap: false, logLevel: "warning", legalComments: "none" };
await build({ ...common, entryPoints: { background: join(root, "src/background.ts") }, format: "esm", outdir: out });
await build({
  ...common,
  entryPoints: {
    content: join(root, "src/page/content.ts"),
    "main-world": join(root, "src/page/main-world.ts"),
    sidepanel: join(root, "src/ui/sidepanel.ts"),
    options: join(root, "src/ui/options.ts"),
  },
  format: "iife",
  outdir: out,
});

cpSync(join(root, "static"), out, { recursive: true });

// The options page teaches the policy language: the example policies (the default one
// equals the built-in defaults) and the policy's fields with their defaults and
// meaning, from `kefu schema` when the CLI is built (static/policy-fields.json is the
// committed copy, refreshed here).
const examples = join(root, "../examples/policies");
mkdirSync(join(out, "examples"), { recursive: true });
const exampleList = readdirSync(examples).filter((f) => f.endsWith(".rhai")).sort().map((file) => {
  const text = readFileSync(join(examples, file), "utf8");
  writeFileSync(join(out, "examples", file), text);
  const about = text.split("\n").filter((l) => l.startsWith("//")).slice(0, 3).map((l) => l.replace(/^\/\/\s?/, "")).join(" ");
  return { file, about };
});
writeFileSync(join(out, "examples", "index.json"), JSON.stringify(exampleList, null, 1) + "\n");
const cli = join(root, "../target/release/kefu");
if (existsSync(cli)) {
  const r = spawnSync(cli, ["--engine", "native", "schema"], { encoding: "utf8", maxBuffer: 64 << 20 });
  if (r.status === 0) {
    const fields = policyFields(JSON.parse(r.stdout).policy);
    const text = JSON.stringify(fields, null, 1) + "\n";
    writeFileSync(join(root, "static/policy-fields.json"), text);
    writeFileSync(join(out, "policy-fields.json"), text);
  }
}
// The names of ids (zh and en) and the rules' summaries: the core's `names` operation,
// which the browser package leaves out to stay under its size limit (core/Cargo.toml,
// feature `catalog`). Written from `kefu names` when the CLI is built; static/names.json
// is the committed copy, and tests/one_door.rs fails when it differs from the core's.
if (existsSync(cli)) {
  const r = spawnSync(cli, ["--engine", "native", "names"], { encoding: "utf8", maxBuffer: 64 << 20 });
  if (r.status === 0) writeFileSync(join(root, "static/names.json"), JSON.stringify(JSON.parse(r.stdout).result.names) + "\n");
}
cpSync(join(root, "static/names.json"), join(out, "names.json"));
cpSync(wasm, join(out, "kefu_bg.wasm"));

// Icons: a chat bubble on the desk's blue, drawn here so no binary is committed.
mkdirSync(join(out, "icons"), { recursive: true });
for (const size of [16, 48, 128]) writeFileSync(join(out, "icons", `${size}.png`), icon(size));

const manifest = JSON.parse(readFileSync(join(root, "static/manifest.json"), "utf8"));
if (test) {
  // The demo pages are served on 127.0.0.1 by the tests; only test builds run there.
  const local = "http://127.0.0.1/*";
  manifest.content_scripts[0].matches.push(
    "http://127.0.0.1/home.htm/trade-platform/*",
    "http://127.0.0.1/home.htm/qn-order/*",
    "http://127.0.0.1/trade/itemlist/list_sold_items.htm*",
  );
  manifest.content_scripts[1].matches.push(local);
  manifest.name = "kefu (test build)";
}
writeFileSync(join(out, "manifest.json"), JSON.stringify(manifest, null, 2) + "\n");

if (!test) {
  const files = {};
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else files[relative(out, path)] = [readFileSync(path), { level: 9, mtime: new Date("2026-01-01T00:00:00Z") }];
    }
  };
  walk(out);
  const zip = zipSync(files);
  writeFileSync(join(root, "kefu-extension.zip"), zip);
  console.log(`dist/ and kefu-extension.zip (${(zip.length / 1024).toFixed(0)} KiB; wasm ${(statSync(wasm).size / 1024).toFixed(0)} KiB)`);
} else {
  console.log("dist-test/ (demo hosts included)");
}

/** A PNG: a white speech bubble on a blue rounded square. */
function icon(n) {
  const px = new Uint8Array(n * (n * 4 + 1));
  const r = n * 0.2;
  for (let y = 0; y < n; y++) {
    px[y * (n * 4 + 1)] = 0;
    for (let x = 0; x < n; x++) {
      const i = y * (n * 4 + 1) + 1 + x * 4;
      const cx = Math.min(Math.max(x + 0.5, r), n - r), cy = Math.min(Math.max(y + 0.5, r), n - r);
      const inside = Math.hypot(x + 0.5 - cx, y + 0.5 - cy) <= r;
      const u = (x + 0.5) / n, v = (y + 0.5) / n;
      const bubble = ((u - 0.5) / 0.32) ** 2 + ((v - 0.45) / 0.24) ** 2 <= 1 || (u > 0.3 && u < 0.45 && v > 0.6 && v < 0.8 && v - 0.6 < (0.45 - u) * 1.4);
      const [R, G, B] = bubble ? [255, 255, 255] : [29, 79, 196];
      px[i] = R; px[i + 1] = G; px[i + 2] = B; px[i + 3] = inside ? 255 : 0;
    }
  }
  const chunk = (type, data) => {
    const b = new Uint8Array(12 + data.length);
    const dv = new DataView(b.buffer);
    dv.setUint32(0, data.length);
    b.set(new TextEncoder().encode(type), 4);
    b.set(data, 8);
    dv.setUint32(8 + data.length, crc(b.subarray(4, 8 + data.length)));
    return b;
  };
  const ihdr = new Uint8Array(13);
  const dv = new DataView(ihdr.buffer);
  dv.setUint32(0, n); dv.setUint32(4, n); ihdr[8] = 8; ihdr[9] = 6;
  const parts = [new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]), chunk("IHDR", ihdr), chunk("IDAT", zlibSync(px)), chunk("IEND", new Uint8Array())];
  return Buffer.concat(parts);
}

function crc(bytes) {
  let c = ~0;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

/** The policy's settable fields from its JSON schema: dotted path, default, meaning.
 * Maps of their own (`words`, `replies`, `phrasebook`, `flags.meanings`) are one field. */
function policyFields(schema) {
  const defs = schema.$defs ?? {};
  const refOf = (v) => v.$ref ?? v.allOf?.[0]?.$ref;
  const out = [];
  const walk = (props, prefix, depth) => {
    for (const [k, v] of Object.entries(props)) {
      const ref = refOf(v);
      const def = ref ? defs[ref.split("/").pop()] : undefined;
      if (def?.properties && depth < 2 && !["words", "replies", "phrasebook"].includes(k)) walk(def.properties, `${prefix}${k}.`, depth + 1);
      else {
        const d = v.default;
        const shown = d === undefined ? "" : JSON.stringify(d);
        // A long default (a table of replies or phrases) is the default policy's to show.
        const field = { path: prefix + k, default: shown.length > 80 ? "" : shown, description: (v.description ?? def?.description ?? "").replace(/\s+/g, " ") };
        if (shown.length > 80) field.long = true;
        out.push(field);
      }
    }
  };
  walk(schema.properties ?? {}, "", 0);
  return out;
}
