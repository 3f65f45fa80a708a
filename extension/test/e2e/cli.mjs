// The kefu CLI, for comparing the extension's answers with `kefu lint/scan/decide`.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { repo } from "./harness.mjs";

/** Runs `kefu ARGS` with `input` on stdin; returns stdout. Exit 1 (findings) is fine. */
export function kefu(args, input) {
  const built = join(repo, "target/release/kefu");
  const [cmd, pre] = existsSync(built) ? [built, []] : ["cargo", ["run", "-q", "--release", "-p", "kefu-cli", "--"]];
  const r = spawnSync(cmd, [...pre, "--engine", "native", ...args], { cwd: repo, input, encoding: "utf8", maxBuffer: 64 << 20 });
  if (r.status !== 0 && r.status !== 1) throw new Error(`kefu ${args.join(" ")} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

export const ndjson = (text) => text.split("\n").filter(Boolean).map((l) => JSON.parse(l));
