// The dashboard page's style and script, inlined into the page (no CDN, no second
// request). The script follows /events: each event carries the re-rendered <main>;
// between events it ages the times on the page once a second.

export const PAGE_STYLE = `
:root { --bg:#f4f5f7; --card:#fff; --ink:#1d2430; --muted:#667085; --line:#e3e6eb;
  --good:#1a7f37; --good-bg:#dcf5e3; --warn:#9a6700; --warn-bg:#fff3c4; --bad:#b42318; --bad-bg:#fde2df;
  --blue:#1f5fbf; --blue-bg:#dde9fb; }
* { box-sizing: border-box; }
body { margin:0; background:var(--bg); color:var(--ink); font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif; }
header { display:flex; align-items:center; justify-content:space-between; padding:12px 20px; background:#1d2430; color:#fff; }
h1 { margin:0; font-size:18px; font-weight:650; }
h1 .source { font-weight:400; color:#aab4c3; margin-left:8px; font-size:15px; }
#link { font-size:13px; padding:3px 10px; border-radius:999px; background:#334155; }
#link.live::before { content:"● "; color:#4ade80; }
#link.down { background:var(--bad); }
main { display:grid; grid-template-columns:repeat(auto-fit,minmax(380px,1fr)); gap:14px; padding:14px 20px 28px; }
.meta, .wide { grid-column:1/-1; }
.chips { display:flex; gap:8px; flex-wrap:wrap; }
.chip { background:var(--card); border:1px solid var(--line); border-radius:999px; padding:4px 12px; }
.chip b { font-size:16px; }
.chip.warn { background:var(--warn-bg); border-color:#f0d48a; }
.chip.bad { background:var(--bad-bg); border-color:#f5b5ad; }
.banner { margin:8px 0 0; padding:8px 12px; border-radius:6px; }
.banner.warn { background:var(--warn-bg); } .banner.bad { background:var(--bad-bg); }
.card { background:var(--card); border:1px solid var(--line); border-radius:10px; padding:12px 16px; min-width:0; }
h2 { margin:0 0 8px; font-size:13px; text-transform:uppercase; letter-spacing:.06em; color:var(--muted); }
h2 .count { background:var(--bg); border-radius:999px; padding:0 8px; margin-left:4px; color:var(--ink); }
.empty, .muted { color:var(--muted); }
.empty { margin:4px 0; }
table { border-collapse:collapse; width:100%; }
th { text-align:left; font-weight:600; color:var(--muted); font-size:12px; padding:4px 8px; }
td { padding:7px 8px; border-top:1px solid var(--line); vertical-align:top; }
tr.stale td { background:var(--warn-bg); }
tr.stale .badge.warn { background:#e9a800; color:#fff; }
tr.blocked td:first-child { box-shadow: inset 3px 0 var(--bad); }
.title { color:var(--muted); font-size:13px; overflow-wrap:anywhere; }
.who { color:var(--muted); font-size:13px; }
.reason { color:var(--bad); font-size:13px; overflow-wrap:anywhere; }
code { font:12.5px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace; overflow-wrap:anywhere; }
.stories { white-space:nowrap; }
.bar { display:inline-block; width:90px; height:9px; background:var(--line); border-radius:5px; overflow:hidden; vertical-align:middle; margin-right:6px; }
.bar i { display:block; height:100%; background:var(--good); }
.n { font-variant-numeric:tabular-nums; }
.age { font-variant-numeric:tabular-nums; white-space:nowrap; }
.badge { display:inline-block; font-size:12px; font-weight:600; padding:1px 8px; border-radius:999px; background:var(--bg); }
.badge.working, .badge.done { background:var(--good-bg); color:var(--good); }
.badge.blocked, .badge.gone, .badge.risk-high { background:var(--bad-bg); color:var(--bad); }
.badge.warn, .badge.risk-medium, .badge.waits { background:var(--warn-bg); color:var(--warn); }
.badge.merging, .badge.queued, .badge.risk-low { background:var(--blue-bg); color:var(--blue); }
.badge.prio-critical, .badge.prio-high { background:#f3e8ff; color:#6b21a8; }
.warn-text { color:var(--warn); }
.stage { font-weight:600; }
ol.queue, ul.prds, ul.recent { margin:0; padding:0; list-style:none; }
ol.queue li, ul.prds li, ul.recent li { padding:7px 0; border-top:1px solid var(--line); }
ol.queue li:first-child, ul.prds li:first-child, ul.recent li:first-child { border-top:0; }
ol.queue { counter-reset:q; }
ol.queue li::before { counter-increment:q; content:counter(q) "."; font-weight:700; margin-right:6px; }
ol.queue li.stale { background:var(--warn-bg); }
li.waiting { opacity:.8; }
.matrixbox { overflow-x:auto; }
.matrix { width:auto; margin-bottom:8px; }
.matrix td { text-align:center; width:38px; min-width:38px; padding:6px 2px; border:1px solid var(--line); font-size:12px; font-weight:600; cursor:help; }
.matrix th { white-space:nowrap; }
.matrix th.col { vertical-align:bottom; padding:4px 2px; }
.matrix th.col span { writing-mode:vertical-rl; transform:rotate(180deg); }
.matrix td.self { background:repeating-linear-gradient(45deg,#f4f5f7,#f4f5f7 4px,#fff 4px,#fff 8px); cursor:default; }
.matrix td.risk-none { color:#c0c6cf; }
.matrix td.risk-low { background:var(--blue-bg); color:var(--blue); }
.matrix td.risk-medium { background:var(--warn-bg); color:var(--warn); }
.matrix td.risk-high { background:var(--bad-bg); color:var(--bad); }
details { margin:4px 0; } summary { cursor:pointer; }
details ul { margin:4px 0 4px 18px; padding:0; }
.archive a, .archive code { font-size:12.5px; }
a { color:var(--blue); }
`;

export const PAGE_SCRIPT = `(() => {
  const view = document.getElementById('view');
  const link = document.getElementById('link');
  let skew = 0;
  const meta = () => view.querySelector('.meta');
  const sync = () => { const m = meta(); if (m) skew = Date.parse(m.dataset.now) - Date.now(); };
  const short = (s) => {
    if (s < 60) return s + 's';
    const m = Math.floor(s / 60);
    if (m < 60) return s < 600 ? m + 'm ' + (s % 60) + 's' : m + 'm';
    const h = Math.floor(m / 60);
    return h < 24 ? h + 'h ' + (m % 60) + 'm' : Math.floor(h / 24) + 'd ' + (h % 24) + 'h';
  };
  const age = (iso, now) => Math.max(0, Math.floor((now - Date.parse(iso)) / 1000));
  let down = false;
  const tick = () => {
    const now = Date.now() + skew;
    for (const el of view.querySelectorAll('[data-since]')) {
      if (!isNaN(Date.parse(el.dataset.since))) el.textContent = short(age(el.dataset.since, now)) + el.dataset.suffix;
    }
    const m = meta();
    if (!down && m) link.textContent = 'live · read ' + short(age(m.dataset.read, now)) + ' ago';
  };
  sync(); tick(); setInterval(tick, 1000);
  const events = new EventSource('/events');
  events.addEventListener('view', (event) => {
    const open = [...view.querySelectorAll('details[open] summary')].map((s) => s.textContent);
    view.innerHTML = JSON.parse(event.data).html;
    for (const s of view.querySelectorAll('details summary')) if (open.includes(s.textContent)) s.parentElement.open = true;
    down = false; link.className = 'live'; sync(); tick();
    document.body.dataset.updates = String(Number(document.body.dataset.updates || 0) + 1);
  });
  events.addEventListener('read', (event) => {
    const m = meta();
    if (m) m.dataset.read = JSON.parse(event.data).readAt;
    down = false; link.className = 'live'; tick();
  });
  events.onopen = () => { down = false; link.className = 'live'; tick(); };
  events.onerror = () => { down = true; link.className = 'down'; link.textContent = 'reconnecting…'; };
})();`;
