import { buildState } from '@lanes/core/testing';
import { runLanes, type Sandbox } from '@lanes/test-utils';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { NOW, seededSandbox } from './lifecycle.js';

// The seed writes a fresh claim with "currentStory": null; a repository coordinated by
// hand that way must be adoptable: valid, readable by status, and heartbeats work.

let sandbox: Sandbox;
let clone: string;

beforeAll(async () => {
  const state = buildState({
    prds: [{ id: 'prd-held' }],
    locks: [{ sessionId: 'developer-a1b2c3', prdId: 'prd-held', claimedAt: NOW, heartbeat: NOW }],
  });
  (state.locks.sessions[0] as { currentStory: string | null }).currentStory = null;
  sandbox = await seededSandbox(state);
  clone = sandbox.clones[0]!;
});
afterAll(() => sandbox.cleanup());

it('validates and shows the session with no current story', async () => {
  const validate = await runLanes(clone, ['validate', '--json']);
  expect(validate.json).toMatchObject({ ok: true, problems: [] });
  const status = await runLanes(clone, ['status', '--json']);
  expect(status.exitCode).toBe(0);
  expect(status.json).toMatchObject({
    sessions: [{ sessionId: 'developer-a1b2c3', prdId: 'prd-held', currentStory: null }],
  });
});
