export type { EvidenceGit, RefPair } from './port.js';
export { changedFiles } from './changed-files.js';
export { resolveCommits } from './resolve-commits.js';
export { mergeTreeConflicts, parseMergeTreeBatch } from './merge-tree.js';
export { branchEvidence, type PairEvidence } from './branch-evidence.js';
export { fetchBranchTips, type BranchTips, type FetchTipsOptions } from './fetch-tips.js';
export { mergeBases, parseSymmetricDifferences } from './merge-bases.js';
export { treeDiffs, parseTreeDiffs, type TreeDiff } from './tree-diffs.js';
export { filesChangedSince } from './files-since.js';
