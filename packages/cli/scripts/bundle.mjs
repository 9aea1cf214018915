// Bundles the built CLI (dist/main.js and the lanes packages and ajv it loads) into one
// file, dist/lanes.mjs, which bin/lanes.js runs. Node loads one file in a third of the
// time it takes to load the ~150 modules it is made of, and every hook that starts node
// waits for that. Paths the code finds from import.meta.url (../package.json,
// ../templates, ../bin) stay right: the bundle sits in dist/ like the modules did.
import { fileURLToPath, URL } from 'node:url';
import { build } from 'esbuild';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));

const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // CommonJS dependencies bundled into ESM still call require() for node's builtins.
  banner: {
    js: "import { createRequire as lanesCreateRequire } from 'node:module';\nconst require = lanesCreateRequire(import.meta.url);",
  },
  logLevel: 'error',
};

// Loaded lazily, each into a file of its own so that the bundle every command and hook
// loads stays small: `lanes mcp`'s server (the SDK, zod) in dist/lanes-mcp.mjs, and
// simple-git (the worktree porcelain, imported on its first use) in dist/lanes-simple-git.mjs.
const apart = [
  { module: '@lanes/mcp', file: 'lanes-mcp.mjs' },
  { module: 'simple-git', file: 'lanes-simple-git.mjs' },
];
const keepApart = {
  name: 'keep-apart',
  setup(build) {
    for (const { module, file } of apart) {
      const filter = new RegExp(`^${module.replace(/[/.]/g, '\\$&')}$`);
      build.onResolve({ filter }, () => ({ path: `./${file}`, external: true }));
    }
  },
};

await build({
  ...common,
  entryPoints: [here('../dist/main.js')],
  outfile: here('../dist/lanes.mjs'),
  plugins: [keepApart],
});
for (const { module, file } of apart) {
  await build({
    ...common,
    stdin: { contents: `export * from '${module}';`, resolveDir: here('.') },
    outfile: here(`../dist/${file}`),
  });
}
