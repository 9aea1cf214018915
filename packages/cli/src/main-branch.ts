// Feature branches start from and land on this branch. One constant so that a future
// `agents.mainBranch` setting has one place to change.
export const MAIN_BRANCH = 'main';
