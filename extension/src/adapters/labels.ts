// Pages that show an order as labelled values (the detail page, the chat's order card):
// `订单编号：4128…`, `订单状态：卖家已发货`. The labels are turned into headers and the
// values into cells; the core's `taobao-detail-page` mapping decides what each means, as
// it does for an export's header.

/** A label: short, no sentence punctuation. */
const LABEL = /^([^：:，。！？,.!?\s][^：:，。！？,.!?]{0,9})\s*[：:]\s*(.*)$/;

/** Badges: a line that is only a badge's word says a fact without a label. The presale
 * badge (预售) becomes `预售订单：是`, which the core's mapping reads as the export's
 * 预售订单 column; the stage comes from the status (定金已付), never from the badge. */
const BADGES: Record<string, [string, string]> = {
  预售: ["预售订单", "是"],
  预售订单: ["预售订单", "是"],
  预售商品: ["预售订单", "是"],
};

/** Label/value pairs from a block of text lines: `label：value` on one line, a label
 * line whose value is the next non-empty line, or a badge line alone (`预售`). The first
 * of a label wins. */
export function pairsFromLines(lines: string[]): { headers: string[]; cells: string[] } {
  const headers: string[] = [];
  const cells: string[] = [];
  const clean = lines.map((l) => l.replace(/\s+/g, " ").trim()).filter((l) => l.length > 0);
  for (let i = 0; i < clean.length; i += 1) {
    const badge = BADGES[clean[i]!];
    if (badge) {
      if (!headers.includes(badge[0])) {
        headers.push(badge[0]);
        cells.push(badge[1]);
      }
      continue;
    }
    const m = LABEL.exec(clean[i]!);
    if (!m) continue;
    const label = m[1]!.trim();
    let value = m[2]!.trim();
    if (value === "" && i + 1 < clean.length && !LABEL.test(clean[i + 1]!)) {
      value = clean[i + 1]!;
      i += 1;
    }
    if (!headers.includes(label) && value !== "") {
      headers.push(label);
      cells.push(value);
    }
  }
  return { headers, cells };
}
