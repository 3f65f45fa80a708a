// Bundles a TypeScript module of src/ for node, so units are tested as they ship.
import { build } from "esbuild";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const src = join(dirname(fileURLToPath(import.meta.url)), "../../src");
const out = mkdtempSync(join(tmpdir(), "kefu-unit-"));

export async function load(module) {
  const outfile = join(out, module.replace(/\//g, "_") + ".mjs");
  await build({ entryPoints: [join(src, module)], bundle: true, format: "esm", platform: "neutral", outfile, logLevel: "error" });
  return import(pathToFileURL(outfile).href);
}
