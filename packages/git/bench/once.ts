// What a hook's detached child does: a fresh node process, one store operation, exit.
//   ping <dir> <sessionId>                 one heartbeat ping
//   transact <dir> <sessionId> <story>     one transaction recording a completed story
import { openRepository, ping, transact } from '../src/index.js';
import { completeStory } from '../test/fixtures/state.js';

const [command, dir, sessionId, story] = process.argv.slice(2);
const repo = await openRepository(dir!);
if (command === 'ping') {
  await ping(repo, 'origin', sessionId!, { prdId: 'prd-task-001' });
} else if (command === 'transact') {
  const result = await transact(
    repo,
    { remote: 'origin', branch: 'main' },
    completeStory(sessionId!, story!),
  );
  if (result.commit === null)
    throw new Error(`${story} was already recorded: nothing was measured`);
} else {
  throw new Error(`unknown command ${command}`);
}
