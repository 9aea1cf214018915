import { lockForSession } from '@lanes/core';
import { pruneLiveness, readState, remoteSettings, openWorkspace, usableState } from '@lanes/git';
import type { Command } from '../command.js';

/** The JSON of `lanes gc`. */
interface GcResult {
  /** Sessions whose heartbeat ref was deleted: they hold no lock. */
  removed: string[];
  /** Sessions that pinged while gc ran: their ref stays (a new claim may be under way). */
  kept: string[];
}

export const gcCommand: Command = {
  name: 'gc',
  summary: 'delete heartbeat refs of sessions that hold no lock',
  usage: 'gc',
  options: {},
  maxPositionals: 0,
  async run(ctx) {
    const ws = await openWorkspace(ctx);
    const state = usableState(await readState(ws.repo, ws.coords), ws.coords);
    const { heartbeatRefs } = await remoteSettings(ws.repo, ws.coords.remote);
    const result: GcResult =
      heartbeatRefs?.allowed === false
        ? { removed: [], kept: [] }
        : await pruneLiveness(
            ws.repo,
            ws.coords.remote,
            (sessionId) => lockForSession(state.locks, sessionId) !== undefined,
          );
    const text =
      result.removed.length === 0
        ? 'gc: no heartbeat ref of a session without a lock'
        : `gc: deleted the heartbeat refs of ${result.removed.join(', ')} (they hold no lock)`;
    return { data: result, text };
  },
};
