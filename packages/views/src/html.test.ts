import { describe, expect, it } from 'vitest';
import { busyReport, READ_AT } from '../test/views-fixture.js';
import { esc, renderMain, renderPage } from './html.js';
import { buildViewModel } from './model.js';

const model = () => buildViewModel(busyReport(), READ_AT);

describe('renderPage', () => {
  it('is one self-contained page: no script, style or link from the network', () => {
    for (const live of [true, false]) {
      const page = renderPage(model(), { live });
      expect(page).toMatch(/^<!doctype html>/);
      expect(page).not.toMatch(/<(script|link|img)[^>]+(src|href)=/);
      expect(page).not.toContain('http://');
      expect(page).not.toContain('https://');
    }
  });

  it('follows /events and links archives only when live', () => {
    const live = renderPage(model(), { live: true });
    const file = renderPage(model(), { live: false });
    expect(live).toContain("new EventSource('/events')");
    expect(live).toContain('href="/archive/docs/completed/');
    expect(file).not.toContain('<script>');
    expect(file).not.toContain('/archive/');
    expect(file).toContain('<code>docs/completed/');
  });

  it('escapes every text from the documents', () => {
    const page = renderPage(model(), { live: false });
    expect(page).toContain('Alpha &lt;b&gt;');
    expect(page).not.toContain('Alpha <b>');
    expect(esc(`<a href="x" onclick='y'>&`)).toBe(
      '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;',
    );
  });
});

describe('renderMain', () => {
  it('marks each session and queue entry so a reader can match them to status --json', () => {
    const html = renderMain(model(), { live: true });
    const sessions = [...html.matchAll(/data-session="([^"]+)" data-prd="([^"]+)"/g)].map((m) => [
      m[1],
      m[2],
    ]);
    expect(sessions).toEqual(busyReport().sessions.map((s) => [s.sessionId, s.prdId]));
    const queue = [...html.matchAll(/data-queue="([^"]+)" data-position="(\d+)"/g)].map((m) => [
      m[1],
      Number(m[2]),
    ]);
    expect(queue).toEqual([
      ['prd-merging', 1],
      ['prd-queued', 2],
    ]);
  });

  it('highlights stale and blocked sessions, shows stages, the matrix with evidence, dependencies', () => {
    const html = renderMain(model(), { live: true });
    expect(html).toMatch(/<tr class="stale working" data-session="developer-b2c3d4"/);
    expect(html).toContain('<span class="badge warn">stale</span>');
    expect(html).toContain('rebase conflict in src/x.ts');
    expect(html).toContain('<span class="stage">check 2/3</span> for');
    expect(html).toMatch(/<td class="risk-\w+" title="prd-alpha ↔ prd-beta\npaths: src\/a/);
    expect(html).toContain('after prd-done ✓');
    expect(html).toContain('needs prd-alpha');
    expect(html).toContain('Ann Lee@laptop');
  });

  it('says why the state may be old when the last read failed', () => {
    expect(renderMain(model(), { live: true, problem: 'remote <down>' })).toContain(
      'remote: remote &lt;down&gt; — showing the state read before',
    );
  });
});
