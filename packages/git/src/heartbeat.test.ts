import { describe, expect, it } from 'vitest';
import { heartbeatMessage, parseLiveness } from './heartbeat.js';

describe('parseLiveness', () => {
  it('reads session, ping time, PRD and release stage from for-each-ref records', () => {
    const prefix = 'refs/lanes/remote-heartbeats/origin/';
    const record = (session: string, seconds: number, message: string) =>
      `${prefix}${session}\0${seconds}\0${message}\x01`;
    const output = [
      record('developer-b00002', 1771513200, heartbeatMessage('developer-b00002', undefined)),
      record('developer-a00001', 1771513260, heartbeatMessage('developer-a00001', 'prd-x')),
      record('not-a-session', 1771513260, 'x'),
      `${prefix}developer-c00003\0${1771513000}\0garbage{\x01`,
      record(
        'developer-d00004',
        1771513320,
        heartbeatMessage('developer-d00004', 'prd-y', new Date(1771513320_000), {
          name: 'check 2/3',
          startedAt: '2026-02-19T15:01:30Z',
        }),
      ),
    ].join('\n');
    expect(parseLiveness(output, prefix)).toEqual([
      { sessionId: 'developer-a00001', at: '2026-02-19T15:01:00Z', prdId: 'prd-x' },
      { sessionId: 'developer-b00002', at: '2026-02-19T15:00:00Z' },
      { sessionId: 'developer-c00003', at: '2026-02-19T14:56:40Z' },
      {
        sessionId: 'developer-d00004',
        at: '2026-02-19T15:02:00Z',
        prdId: 'prd-y',
        stage: 'check 2/3',
        stageStartedAt: '2026-02-19T15:01:30Z',
      },
    ]);
  });
});

describe('heartbeatMessage', () => {
  it('differs for two pings within the same second, so the ref always moves', () => {
    const first = heartbeatMessage(
      'developer-a00001',
      'prd-x',
      new Date('2026-02-19T15:00:00.100Z'),
    );
    const second = heartbeatMessage(
      'developer-a00001',
      'prd-x',
      new Date('2026-02-19T15:00:00.900Z'),
    );
    expect(first).not.toBe(second);
    expect(JSON.parse(first.slice(first.indexOf('{')))).toEqual({
      sessionId: 'developer-a00001',
      prdId: 'prd-x',
      at: '2026-02-19T15:00:00.100Z',
    });
  });
});
