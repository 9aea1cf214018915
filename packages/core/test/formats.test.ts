// FORMATS.md is the contract: its examples, copied verbatim, must validate, and the
// same example laid out as a repository must pass every invariant.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  parseJsonDocument,
  resolveConfig,
  validateDocuments,
  validatePrdFile,
} from '../src/index.js';
import { FIXTURES, readRepoTree } from './helpers/repo-tree.js';

const formats = (name: string) => readFileSync(`${FIXTURES}formats/${name}`, 'utf8');
const parse = (name: string) => parseJsonDocument(name, formats(name)).value;

// CI checks out the repository with shared/ beside it; elsewhere the copy is the reference.
const FORMATS_MD = new URL('../../../../shared/design/FORMATS.md', import.meta.url);

// In CI (.ci/run sets CI) the contract must be there: a missing ../shared fails the
// suite instead of silently skipping the one test that ties fixtures to the contract.
// A checkout without ../shared, outside CI, skips it.
const CONTRACT_REQUIRED = !['', '0', 'false', undefined].includes(process.env.CI);

describe('the FORMATS.md examples', () => {
  it.runIf(CONTRACT_REQUIRED && !existsSync(FORMATS_MD))('are there in CI', () => {
    expect.fail(
      `${FORMATS_MD.pathname} is missing: CI needs ../shared/design beside the repository`,
    );
  });

  it.runIf(existsSync(FORMATS_MD))('are copied verbatim into test/fixtures/formats', () => {
    const blocks = [...readFileSync(FORMATS_MD, 'utf8').matchAll(/```json\n([\s\S]*?)```/g)].map(
      (match) => match[1],
    );
    expect(blocks).toEqual([
      formats('project.json'),
      formats('session-locks.json'),
      formats('prd-registry.json'),
      formats('prd-print-templates.json'),
    ]);
  });

  it('project.json: the agents section validates and keeps every value', () => {
    const project = parse('project.json') as { agents: unknown };
    const { config, problems } = resolveConfig(project.agents);
    expect(problems).toEqual([]);
    expect(config).toMatchObject(project.agents as object);
  });

  it('session-locks.json and prd-registry.json validate together with the project.json', () => {
    const result = validateDocuments({
      files: {
        'project.json': formats('project.json'),
        'docs/session-locks.json': formats('session-locks.json'),
        'docs/prd-registry.json': formats('prd-registry.json'),
      },
    });
    expect(result.problems).toEqual([]);
    expect(result.initialized).toBe(true);
    expect(result.state?.locks).toEqual(parse('session-locks.json'));
    expect(result.state?.registry).toEqual(parse('prd-registry.json'));
    expect(result.state?.configFile).toBe('project.json');
    expect(result.state?.config.multiSession).toBe(true);
  });

  it('the PRD file validates', () => {
    expect(validatePrdFile('prd-print-templates.json', parse('prd-print-templates.json'))).toEqual(
      [],
    );
  });
});

describe('the formats-repo fixture (the example as a repository)', () => {
  const raw = readRepoTree(`${FIXTURES}formats-repo`);

  it('has the lanes documents at their real paths', () => {
    expect(Object.keys(raw.files).sort()).toEqual([
      'docs/prd-registry.json',
      'docs/prds/prd-print-templates.json',
      'docs/session-locks.json',
      'project.json',
    ]);
    expect(raw.paths).toContain('docs/completed/2026-02-18/prd-permissions.json');
  });

  it('passes every schema and invariant, existence checks included', () => {
    const result = validateDocuments(raw);
    expect(result.problems).toEqual([]);
    expect(result.initialized).toBe(true);
    expect(Object.keys(result.state?.prds ?? {})).toEqual(['docs/prds/prd-print-templates.json']);
    expect(result.state?.paths).toEqual(raw.paths);
  });

  it('keeps its registry and locks identical to the verbatim examples', () => {
    expect(raw.files['docs/session-locks.json']).toBe(formats('session-locks.json'));
    expect(raw.files['docs/prd-registry.json']).toBe(formats('prd-registry.json'));
    expect(raw.files['project.json']).toBe(formats('project.json'));
  });

  it('archives a valid PRD file for the completed entry', () => {
    const archived = readFileSync(
      `${FIXTURES}formats-repo/docs/completed/2026-02-18/prd-permissions.json`,
      'utf8',
    );
    const file = 'docs/completed/2026-02-18/prd-permissions.json';
    expect(validatePrdFile(file, parseJsonDocument(file, archived).value)).toEqual([]);
  });
});
