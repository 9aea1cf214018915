import { oneLine } from '@lanes/views';
import type { PrimeReport } from '../results.js';

// What an agent runtime puts into the model's context at session start (Claude Code's
// SessionStart hook prints it): plain text, no colour, well under 40 lines.

const MAX_LISTED = 5;

const RULES = [
  '- Never edit docs/session-locks.json or docs/prd-registry.json; only lanes changes them.',
  '- Before editing a file: `lanes check <path>` (MCP tool `check`; the edit hook does it). high = leave that file alone.',
  '- Start a story: `lanes heartbeat --story US-x`; finish it: `lanes heartbeat --completed US-x`.',
  '- Name the story anywhere in the commit subject: `feat: add the model (US-002)`.',
  '- Tool calls and commits keep you alive; in a long quiet phase run `lanes heartbeat --quiet`.',
  '- Done: `lanes release --json`. Pass --json; failures are {"error":{"code",…}}.',
];

function listed(items: readonly string[]): string {
  const shown = items.slice(0, MAX_LISTED).join(', ');
  return items.length > MAX_LISTED ? `${shown}, … (${items.length - MAX_LISTED} more)` : shown;
}

function work(report: PrimeReport): string[] {
  if (report.problem !== null) {
    return [
      `The coordination state could not be read: ${oneLine(report.problem)}`,
      'Run `lanes status` before you start.',
    ];
  }
  const who =
    report.sessionId === null
      ? 'This worktree has no session yet.'
      : `You are session ${report.sessionId}.`;
  const prd = report.prd;
  if (prd === null) {
    const next =
      report.available.length === 0
        ? 'Nothing is available to claim right now: `lanes status` shows why.'
        : `Available to claim: ${listed(report.available)}. Claim with \`lanes claim --json\` (the best) or \`lanes claim <prd> --json\`.`;
    return [`${who} You hold no claim.`, next];
  }
  const done = prd.stories.filter((story) => story.completed).length;
  const next = prd.stories.find((story) => story.id === prd.nextStory);
  return [
    `${who} You hold ${prd.prdId} (${oneLine(prd.title)}) on branch ${prd.branch}.`,
    `Stories: ${done}/${prd.stories.length} done.` +
      (next === undefined
        ? ' All done: release it with `lanes release --json`.'
        : ` ${next.current ? 'Current' : 'Next'}: ${next.id} ${oneLine(next.title)}.`),
    `The PRD: ${prd.file} on the coordination branch (\`lanes show --json\`).`,
  ];
}

export function renderPrime(report: PrimeReport): string {
  const others =
    report.others.length === 0
      ? []
      : [
          `Other live sessions: ${listed(report.others.map((o) => `${o.sessionId} on ${o.prdId}`))}.`,
        ];
  return [
    '# lanes: parallel sessions coordinate in this repository',
    ...work(report),
    ...others,
    '',
    `Rules (details: ${report.guide}):`,
    ...RULES,
  ].join('\n');
}
