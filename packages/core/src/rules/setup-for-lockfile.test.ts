import { describe, expect, it } from 'vitest';
import { setupForLockfile } from './setup-for-lockfile.js';

describe('setupForLockfile', () => {
  it.each([
    ['pnpm-lock.yaml', 'pnpm', 'pnpm install --frozen-lockfile --prefer-offline'],
    ['package-lock.json', 'npm', 'npm ci --prefer-offline --no-audit --no-fund'],
    ['npm-shrinkwrap.json', 'npm', 'npm ci --prefer-offline --no-audit --no-fund'],
    ['yarn.lock', 'yarn', 'yarn install --frozen-lockfile --prefer-offline'],
  ])('%s → a %s install that keeps the lockfile as it is', (lockfile, manager, setup) => {
    expect(setupForLockfile({ files: ['package.json', lockfile, 'src'] })).toEqual({
      manager,
      lockfile,
      setup,
    });
  });

  it('uses yarn install --immutable for yarn 2 and later (.yarnrc.yml)', () => {
    expect(setupForLockfile({ files: ['yarn.lock', '.yarnrc.yml'] })?.setup).toBe(
      'yarn install --immutable',
    );
  });

  it('lets package.json packageManager choose between several lockfiles', () => {
    const files = ['package-lock.json', 'pnpm-lock.yaml', 'yarn.lock'];
    expect(setupForLockfile({ files, packageManager: 'npm@10.8.2' })?.manager).toBe('npm');
    expect(setupForLockfile({ files, packageManager: 'yarn@1.22.22' })?.manager).toBe('yarn');
    // Without it (or naming one with no lockfile here), pnpm, then yarn, then npm.
    expect(setupForLockfile({ files })?.manager).toBe('pnpm');
    expect(setupForLockfile({ files: ['package-lock.json', 'yarn.lock'] })?.manager).toBe('yarn');
    expect(setupForLockfile({ files: ['package-lock.json'], packageManager: 'pnpm@9' })).toEqual(
      expect.objectContaining({ manager: 'npm' }),
    );
  });

  it('proposes nothing without a lockfile', () => {
    expect(setupForLockfile({ files: ['package.json', 'README.md'] })).toBeNull();
    expect(setupForLockfile({ files: [], packageManager: 'pnpm@10' })).toBeNull();
  });
});
