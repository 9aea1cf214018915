export * from './checkout.js';
export * from './remote-branch.js';
export * from './local-settings.js';
export * from './worktree-branches.js';
