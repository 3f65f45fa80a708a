// The extension's clock. The core reads none (a case carries its own `now`); the
// service worker and the pages stamp each request with the shop's local time.

/** `now` as RFC 3339 in the shop's offset (`+08:00`), to the second. */
export function nowIn(offset: string, at: Date = new Date()): string {
  const m = /^([+-])(\d{1,2}):?(\d{2})?$/.exec(offset);
  const minutes = m ? (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0)) : 480;
  const local = new Date(at.getTime() + minutes * 60_000);
  const p = (n: number) => String(n).padStart(2, "0");
  const sign = minutes < 0 ? "-" : "+";
  const abs = Math.abs(minutes);
  return (
    `${local.getUTCFullYear()}-${p(local.getUTCMonth() + 1)}-${p(local.getUTCDate())}` +
    `T${p(local.getUTCHours())}:${p(local.getUTCMinutes())}:${p(local.getUTCSeconds())}` +
    `${sign}${p(Math.floor(abs / 60))}:${p(abs % 60)}`
  );
}
