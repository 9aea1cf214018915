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

// `lanes mcp` loads the MCP server (the SDK, zod) lazily: it goes into a file of its
// own, dist/lanes-mcp.mjs, so the bundle every command and hook loads stays as small.
const mcpApart = {
  name: 'mcp-apart',
  setup(build) {
    build.onResolve({ filter: /^@lanes\/mcp$/ }, () => ({
      path: './lanes-mcp.mjs',
      external: true,
    }));
  },
};

await build({
  ...common,
  entryPoints: [here('../dist/main.js')],
  outfile: here('../dist/lanes.mjs'),
  plugins: [mcpApart],
});
await build({
  ...common,
  stdin: { contents: "export * from '@lanes/mcp';", resolveDir: here('.') },
  outfile: here('../dist/lanes-mcp.mjs'),
});
