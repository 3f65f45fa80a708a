// Screenshots for docs/ (KEFU_SCREENSHOTS=1 npm test rewrites them).
import { join } from "node:path";
import { repo } from "./harness.mjs";

export async function shoot(page, name) {
  if (process.env.KEFU_SCREENSHOTS !== "1") return;
  await page.waitForTimeout(150);
  await page.screenshot({ path: join(repo, "docs", name) });
}
