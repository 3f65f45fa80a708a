// The look of what kefu draws inside the backend: small, calm, readable at a glance.
// Colours follow the backend's own (Fusion) palette so the badges feel native.
export const STYLE = `
:host { all: initial; font: 12px/1.45 -apple-system, "PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; color: #1f2329; }
* { box-sizing: border-box; font: inherit; }
button { cursor: pointer; border: 0; background: none; color: inherit; padding: 0; }
.badge { display: inline-flex; gap: 4px; margin-right: 6px; vertical-align: middle; }
.pill { display: inline-block; border-radius: 9px; padding: 0 7px; font-size: 11px; line-height: 18px; font-weight: 600; white-space: nowrap; }
.pill.ok { background: #e8f5ec; color: #1e7b39; }
.pill.warning { background: #fff4e0; color: #a05a00; }
.pill.error { background: #fde8e8; color: #c0262d; }
.pill.skipped { background: #eef1f5; color: #5c6470; }
.pill.unread { background: #1f2329; color: #fff; }
.pill.queue { background: #e7efff; color: #1d4fc4; }
.pill.queue.top { background: #1d4fc4; color: #fff; }
.pill.quiet { background: none; color: #b8bec7; padding: 0 3px; font-weight: 400; }
.list-bar { position: fixed; right: 20px; bottom: 20px; z-index: 2147483000; display: flex; flex-direction: column; align-items: flex-end; gap: 6px; }
.bar-row { display: flex; gap: 8px; align-items: center; }
.only { display: inline-flex; gap: 4px; align-items: center; background: #fff; border: 1px solid #d0d4da; border-radius: 16px; padding: 6px 10px; box-shadow: 0 2px 8px rgba(15,23,42,.12); cursor: pointer; }
.legend-button { background: #fff; border: 1px solid #d0d4da; border-radius: 16px; padding: 6px 10px; box-shadow: 0 2px 8px rgba(15,23,42,.12); }
.legend { background: #fff; border: 1px solid #e5e7eb; border-radius: 8px; padding: 8px 10px; max-width: 360px; box-shadow: 0 6px 20px rgba(15,23,42,.15); display: grid; gap: 4px; }
.legend[hidden] { display: none; }
.queue-button { background: #1d4fc4; color: #fff; border-radius: 18px; padding: 8px 14px; font-weight: 600; box-shadow: 0 4px 14px rgba(29,79,196,.35); }
.policy-error { position: fixed; left: 20px; bottom: 20px; z-index: 2147483000; background: #fde8e8; color: #c0262d; border-radius: 6px; padding: 6px 10px; max-width: 480px; }
.card { right: 20px; top: 72px; }
.panel, .card { position: fixed; z-index: 2147483001; width: 400px; max-height: calc(100vh - 140px); overflow: auto; background: #fff; border-radius: 10px; box-shadow: 0 10px 32px rgba(15,23,42,.18); border: 1px solid #e5e7eb; padding: 12px 14px; }
.panel header, .card header { display: flex; justify-content: space-between; align-items: center; gap: 8px; margin-bottom: 8px; font-size: 13px; }
.close { font-size: 18px; color: #8a9099; }
ul, ol { margin: 6px 0; padding-left: 18px; }
li { margin: 4px 0; }
.findings { list-style: none; padding: 0; }
.finding { border-left: 3px solid #f4b400; padding: 4px 8px; background: #fffaf0; border-radius: 0 6px 6px 0; }
.finding.error { border-color: #e5383b; background: #fff5f5; }
.finding.info { border-color: #2f6fde; background: #f3f7ff; }
.rule { font-family: ui-monospace, Menlo, monospace; font-size: 11px; color: #5c6470; background: #f2f3f5; border-radius: 4px; padding: 0 4px; }
.fix { margin-top: 4px; display: flex; flex-wrap: wrap; gap: 6px; align-items: center; }
.check { font-weight: 600; }
.ask { font-size: 12px; border: 1px solid #f4b400; border-radius: 4px; padding: 2px 6px; min-width: 180px; }
.fix-actions { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; width: 100%; }
.apply-fix { background: #1d4fc4; color: #fff; border-radius: 6px; padding: 3px 10px; font-weight: 600; }
.apply-fix[disabled], .small[disabled] { opacity: .45; cursor: default; }
.agent-prompt { width: 100%; background: #fff8e6; border: 1px solid #f4d58d; border-radius: 6px; padding: 4px 8px; }
.chip { border-radius: 4px; padding: 0 6px; color: #fff; background: var(--c); font-weight: 600; }
.paste { font-family: ui-monospace, Menlo, monospace; background: #f7f8fa; border: 1px solid #e5e7eb; border-radius: 4px; padding: 1px 4px; word-break: break-all; }
.small { font-size: 11px; color: #1d4fc4; }
.primary { margin-top: 8px; background: #1d4fc4; color: #fff; border-radius: 6px; padding: 5px 12px; font-weight: 600; }
.link { color: #1d4fc4; text-decoration: underline; font-family: ui-monospace, Menlo, monospace; }
.tag { border-radius: 4px; padding: 0 5px; font-size: 11px; background: #eef1f5; }
.tag.top { background: #1d4fc4; color: #fff; }
.muted { color: #6b7280; }
.error { color: #c0262d; }
.ok { color: #1e7b39; }
.reply { background: #f7f8fa; border-radius: 6px; padding: 6px 8px; }
.queue-list li { padding: 4px 0; border-bottom: 1px solid #f0f1f3; }
.quick { margin-top: 6px; display: flex; flex-wrap: wrap; gap: 6px; align-items: center; }
.quick-reply { border: 1px solid #c9d6ff; background: #f3f7ff; color: #1d4fc4; border-radius: 12px; padding: 1px 9px; font-size: 12px; }
.quick-reply:hover { background: #e7efff; }
.guard { margin-top: 6px; border-radius: 8px; font-size: 12px; }
.guard.clean { color: #1e7b39; }
.guard.warn { background: #fff8e6; border: 1px solid #f4d58d; padding: 8px 10px; }
.guard .draft { font-size: 13px; margin-bottom: 4px; }
mark { background: none; color: inherit; text-decoration: underline wavy #e5383b; text-underline-offset: 3px; }
.rewrite-row { display: flex; gap: 8px; align-items: center; justify-content: space-between; }
.rewrite-row .primary { margin-top: 0; flex: none; }
.pill.memo-unread { background: #eef1f5; color: #5c6470; font-weight: 500; }
.page-error.notice { position: fixed; left: 20px; bottom: 20px; z-index: 2147483000; background: #f7f8fa; color: #5c6470; border: 1px solid #e5e7eb; border-radius: 6px; padding: 6px 28px 6px 10px; max-width: 480px; }
.page-error.notice .close { position: absolute; right: 8px; top: 4px; font-size: 14px; }
.refund-line { margin: 4px 0; color: #a05a00; }
.fix-kinds { margin-top: 8px; display: flex; flex-wrap: wrap; gap: 6px; align-items: center; }
.fix-kinds .small { border: 1px solid #c9d6ff; background: #f3f7ff; border-radius: 12px; padding: 1px 10px; }
.fix-kinds .small.waiting { background: #1d4fc4; border-color: #1d4fc4; color: #fff; }
.fix-preview { margin-top: 6px; display: flex; flex-wrap: wrap; gap: 6px; align-items: center; }
.fix-preview:empty { display: none; }
.apply { display: inline-flex; flex-wrap: wrap; gap: 6px; align-items: center; }
.apply .primary { margin-top: 0; font-size: 12px; padding: 3px 10px; color: #fff; }
.apply-result[data-ok="true"] { color: #1e7b39; }
.apply-result[data-ok="false"] { color: #c0262d; }
`;
