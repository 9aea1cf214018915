// The precompiled validators are generated from schemas/*.json and committed; these
// tests keep the two from drifting apart and the schemas consistent with FORMATS.md.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  GENERATED_FILE,
  SCHEMA_FILES,
  generateValidatorsSource,
} from '../scripts/generate-validators.js';

const SCHEMA_DIR = new URL('../schemas/', import.meta.url);

interface Schema {
  $id: string;
  $schema: string;
  definitions: Record<string, { pattern?: string; maxLength?: number }>;
}

const schemas: Record<string, Schema> = Object.fromEntries(
  readdirSync(SCHEMA_DIR).map((name) => [
    name,
    JSON.parse(readFileSync(new URL(name, SCHEMA_DIR), 'utf8')) as Schema,
  ]),
);

describe('generated validators', () => {
  it('match a fresh generation from the schemas (run `pnpm --filter @lanes/core run generate`)', async () => {
    expect(readFileSync(GENERATED_FILE, 'utf8')).toBe(await generateValidatorsSource());
  });

  it('import the runtime helpers they use, so the bundled CLI carries them', () => {
    const source = readFileSync(GENERATED_FILE, 'utf8');
    expect(source).not.toMatch(/\brequire\(/);
    expect(source).toMatch(
      /^import ajvRuntime_ucs2length from 'ajv\/dist\/runtime\/ucs2length\.js';$/m,
    );
  });
});

describe('schema files', () => {
  it('are exactly the four formats, each compiled into the generated module', () => {
    expect(Object.keys(schemas).sort()).toEqual(Object.values(SCHEMA_FILES).sort());
  });

  it('have stable v1 ids named after their file, draft-07', () => {
    for (const [name, schema] of Object.entries(schemas)) {
      expect(schema.$id).toBe(`https://lanes.dev/schemas/v1/${name}`);
      expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    }
  });

  it('define each shared identifier identically in every file', () => {
    const seen = new Map<string, unknown>();
    for (const schema of Object.values(schemas)) {
      for (const [name, definition] of Object.entries(schema.definitions)) {
        if (seen.has(name)) expect(definition).toEqual(seen.get(name));
        else seen.set(name, definition);
      }
    }
    expect(seen.get('prdId')).toMatchObject({
      pattern: '^prd-[a-z0-9]+(-[a-z0-9]+)*$',
      maxLength: 64,
    });
    expect(seen.get('sessionId')).toMatchObject({ pattern: '^[a-z][a-z0-9]*-[0-9a-f]{6}$' });
    expect(seen.get('storyId')).toMatchObject({ pattern: '^US-[0-9]{3,}$' });
  });
});
