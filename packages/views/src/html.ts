import type { RiskLevel } from '@lanes/core';
import { secondsSince, shortAge, type QueueRow, type SessionRow, type ViewModel } from './model.js';
import { PAGE_SCRIPT, PAGE_STYLE } from './page-assets.js';

// The dashboard as HTML: the live page `lanes dashboard` serves (its <main> is
// re-rendered on the server and sent over server-sent events) and the static file
// `lanes status --html` prints. Every text from the documents is escaped; no asset
// comes from the network.

export interface PageOptions {
  /** Live: archive links and the script that follows /events; static: neither. */
  live: boolean;
  /** The clock ages are counted against (default: the model's read time). */
  now?: Date;
  /** Why the last read of the remote failed, when it did. */
  problem?: string;
}

export function renderPage(model: ViewModel, options: PageOptions): string {
  const now = options.now ?? new Date(model.readAt);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>lanes · ${esc(model.source)}</title>
<style>${PAGE_STYLE}</style>
</head>
<body data-live="${options.live}">
<header>
  <h1>lanes <span class="source">${esc(model.source)}</span></h1>
  <span id="link" class="${options.live ? 'live' : 'static'}">${options.live ? 'live' : `read ${esc(model.readAt.slice(0, 19).replace('T', ' '))} UTC`}</span>
</header>
<main id="view">${renderMain(model, { ...options, now })}</main>
${options.live ? `<script>${PAGE_SCRIPT}</script>` : ''}
</body>
</html>
`;
}

/** The page's <main>: what changes when the state does. */
export function renderMain(model: ViewModel, options: PageOptions): string {
  const now = options.now ?? new Date(model.readAt);
  return [
    `<div class="meta" data-now="${esc(now.toISOString())}" data-read="${esc(model.readAt)}">`,
    summary(model),
    model.offline ? '<p class="banner warn">offline: the last fetched state</p>' : '',
    options.problem === undefined
      ? ''
      : `<p class="banner bad">remote: ${esc(options.problem)} — showing the state read before</p>`,
    '</div>',
    card(
      'Sessions',
      model.sessions.length,
      sessionsTable(model, now),
      'wide',
      'no active sessions',
    ),
    card('Merge queue', model.queue.length, queueList(model, now), '', 'empty'),
    card(
      'Conflicts between active PRDs',
      model.conflicts.pairs.length,
      conflictMatrix(model),
      '',
      'no overlapping work',
    ),
    card(
      'Available and waiting',
      model.available.length + model.waiting.length,
      prdLists(model),
      '',
      'nothing to claim',
    ),
    card('Recent', model.recent.length, recentList(model, options.live), '', 'nothing landed yet'),
  ].join('\n');
}

function summary(model: ViewModel): string {
  const { sessions, stale, blocked, queued, available } = model.counts;
  const chip = (count: number, label: string, tone = '') =>
    `<span class="chip ${tone}"><b>${count}</b> ${label}</span>`;
  return `<div class="chips">${[
    chip(sessions, sessions === 1 ? 'session' : 'sessions'),
    stale > 0 ? chip(stale, 'stale', 'warn') : '',
    blocked > 0 ? chip(blocked, 'blocked', 'bad') : '',
    chip(queued, 'in queue'),
    chip(available, 'available'),
  ].join('')}</div>`;
}

function card(title: string, count: number, body: string, kind: string, empty: string): string {
  return `<section class="card ${kind}"><h2>${esc(title)} <span class="count">${count}</span></h2>${
    body === '' ? `<p class="empty">${esc(empty)}</p>` : body
  }</section>`;
}

function since(iso: string | null, now: Date, suffix = ' ago'): string {
  const age = shortAge(secondsSince(iso, now));
  return `<span class="age" data-since="${esc(iso ?? '')}" data-suffix="${esc(suffix)}" title="${esc(iso ?? '')}">${age}${esc(suffix)}</span>`;
}

function sessionsTable(model: ViewModel, now: Date): string {
  if (model.sessions.length === 0) return '';
  const rows = model.sessions.map((s) => sessionRow(s, now)).join('');
  return `<table class="sessions"><thead><tr><th>PRD</th><th>who</th><th>stories</th><th>last seen</th><th>state</th><th>branch</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function sessionRow(session: SessionRow, now: Date): string {
  const { done, total, current } = session.stories;
  const percent = total ? Math.round((Math.min(done, total) / total) * 100) : 0;
  const stories = `<div class="bar" title="${done} of ${total ?? '?'} stories done"><i style="width:${percent}%"></i></div><span class="n">${done}/${total ?? '?'}</span>${current ? ` <code>${esc(current)}</code>` : ''}`;
  const state = session.stale
    ? '<span class="badge warn">stale</span>'
    : `<span class="badge ${session.state}">${session.state}</span>`;
  const blocked =
    session.state === 'blocked' && session.blockedReason
      ? `<div class="reason">${esc(session.blockedReason)}</div>`
      : '';
  return `<tr class="${session.stale ? 'stale' : ''} ${session.state}" data-session="${esc(session.sessionId)}" data-prd="${esc(session.prdId)}">
<td><b>${esc(session.prdId)}</b><div class="title">${esc(session.title)}</div>${blocked}</td>
<td><code>${esc(session.sessionId)}</code><div class="who">${esc(session.who || '—')}</div></td>
<td class="stories">${stories}</td>
<td>${since(session.lastSeen, now)}</td>
<td>${state}</td>
<td><code class="branch">${esc(session.branch)}</code></td></tr>`;
}

function queueList(model: ViewModel, now: Date): string {
  if (model.queue.length === 0) return '';
  return `<ol class="queue">${model.queue.map((row) => queueItem(row, now)).join('')}</ol>`;
}

function queueItem(row: QueueRow, now: Date): string {
  const stage =
    row.status === 'merging'
      ? `<span class="badge merging">merging</span>${row.stage === null ? '' : ` <span class="stage">${esc(row.stage)}</span> for ${since(row.stageStartedAt, now, '')}`}`
      : `<span class="badge queued">queued</span> for ${since(row.queuedAt, now, '')}`;
  const waited =
    row.status === 'merging' && row.stage === null && row.queuedAt !== null
      ? ` <span class="muted">queued ${since(row.queuedAt, now)}</span>`
      : '';
  return `<li data-queue="${esc(row.prdId)}" data-position="${row.position}" class="${row.stale ? 'stale' : ''}"><b>${esc(row.prdId)}</b> ${stage}${waited}<div class="who"><code>${esc(row.sessionId)}</code> ${esc(row.who)}${row.stale ? ' · <span class="warn-text">stale: skipped until resumed</span>' : ''}</div></li>`;
}

function riskOf(model: ViewModel, a: string, b: string) {
  return model.conflicts.pairs.find((p) => (p.a === a && p.b === b) || (p.a === b && p.b === a));
}

function conflictMatrix(model: ViewModel): string {
  const { prds } = model.conflicts;
  if (prds.length < 2) return '';
  const head = prds.map((id) => `<th class="col"><span>${esc(id)}</span></th>`).join('');
  const rows = prds
    .map((a) => {
      const cells = prds
        .map((b) => {
          if (a === b) return '<td class="self"></td>';
          const pair = riskOf(model, a, b);
          if (pair === undefined) return '<td class="risk-none" title="no overlap">·</td>';
          const evidence = pair.findings
            .map((f) => `${f.source}: ${f.paths.join(', ') || f.detail || ''}`)
            .join('\n');
          return `<td class="risk-${pair.risk}" title="${esc(`${a} ↔ ${b}\n${evidence}`)}">${esc(pair.risk)}</td>`;
        })
        .join('');
      return `<tr><th>${esc(a)}</th>${cells}</tr>`;
    })
    .join('');
  const details = model.conflicts.pairs
    .map(
      (pair) =>
        `<details><summary><span class="badge risk-${pair.risk}">${pair.risk}</span> ${esc(pair.a)} ↔ ${esc(pair.b)}</summary><ul>${pair.findings
          .map(
            (f) =>
              `<li><b>${esc(f.source)}</b>: ${f.paths.length > 0 ? f.paths.map((p) => `<code>${esc(p)}</code>`).join(' ') : esc(f.detail ?? '')}</li>`,
          )
          .join('')}</ul></details>`,
    )
    .join('');
  return `<div class="matrixbox"><table class="matrix"><thead><tr><th></th>${head}</tr></thead><tbody>${rows}</tbody></table></div>${details}`;
}

function riskBadge(risk: RiskLevel): string {
  return risk === 'none' ? '' : ` <span class="badge risk-${risk}">risk ${risk}</span>`;
}

function prdLists(model: ViewModel): string {
  const available = model.available.map(
    (prd) =>
      `<li data-available="${esc(prd.id)}"><b>${esc(prd.id)}</b> <span class="badge prio-${esc(prd.priority)}">${esc(prd.priority)}</span>${riskBadge(prd.risk)}${
        prd.against.length > 0
          ? ` <span class="muted">against ${esc(prd.against.join(', '))}</span>`
          : ''
      }<div class="title">${esc(prd.title)}</div>${
        prd.dependsOn.length > 0
          ? `<div class="muted">after ${esc(prd.dependsOn.join(', '))} ✓</div>`
          : ''
      }</li>`,
  );
  const waiting = model.waiting.map(
    (prd) =>
      `<li class="waiting" data-waiting="${esc(prd.id)}"><b>${esc(prd.id)}</b> <span class="badge waits">waiting</span><div class="title">${esc(prd.title)}</div><div class="muted">needs ${esc(prd.unmetDependencies.join(', '))}</div></li>`,
  );
  return available.length + waiting.length === 0
    ? ''
    : `<ul class="prds">${[...available, ...waiting].join('')}</ul>`;
}

function recentList(model: ViewModel, live: boolean): string {
  if (model.recent.length === 0) return '';
  const items = model.recent.map((row) => {
    const archive = live
      ? `<a href="/archive/${row.archivedTo.split('/').map(encodeURIComponent).join('/')}">${esc(row.archivedTo)}</a>`
      : `<code>${esc(row.archivedTo)}</code>`;
    const what =
      row.kind === 'completed'
        ? `<span class="badge done">landed</span>`
        : `<span class="badge gone">abandoned</span>`;
    const note =
      row.kind === 'abandoned' && row.reason ? `<div class="reason">${esc(row.reason)}</div>` : '';
    return `<li data-recent="${esc(row.id)}"><b>${esc(row.id)}</b> ${what} <span class="muted">${esc(row.at.slice(0, 16).replace('T', ' '))}</span><div class="title">${esc(row.title)}</div>${note}<div class="archive">${archive}</div></li>`;
  });
  return `<ul class="recent">${items.join('')}</ul>`;
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}
