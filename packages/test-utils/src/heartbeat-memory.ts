import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** What a clone remembers of whether a remote takes heartbeat refs (undefined: nothing). */
export async function rememberedHeartbeatRefs(
  clone: string,
  remote = 'origin',
): Promise<{ allowed: boolean; checkedAt: string } | undefined> {
  const text = await readFile(join(clone, '.git', 'lanes', 'heartbeat-refs.json'), 'utf8').catch(
    () => '{}',
  );
  return (JSON.parse(text) as Record<string, { allowed: boolean; checkedAt: string }>)[remote];
}
