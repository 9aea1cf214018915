import type { Sandbox } from '@lanes/test-utils';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { expectRefused, NOW, seededSandbox } from './lifecycle.js';

// From a worktree without a session, abandoning a live session's PRD is refused; the
// message used to leak the placeholder the rule judged the request by
// ("belongs to developer-…, not nobody-000000").

let sandbox: Sandbox;
let clone: string;
const LIVE = 'developer-a1b2c3';

beforeAll(async () => {
  sandbox = await seededSandbox({
    prds: [{ id: 'prd-held' }],
    locks: [{ sessionId: LIVE, prdId: 'prd-held', claimedAt: NOW, heartbeat: NOW }],
  });
  clone = sandbox.clones[0]!;
});
afterAll(() => sandbox.cleanup());

it('says the PRD belongs to a live session, and who asks is this worktree', async () => {
  const args = ['abandon', 'prd-held', '--reason', 'not needed'];
  const error = await expectRefused(sandbox, clone, args, 3, 'E_NOT_OWNER');
  expect(error.message).toContain(`belongs to ${LIVE}, not this worktree (it has no session)`);
  expect(error.message).not.toContain('nobody');
});
