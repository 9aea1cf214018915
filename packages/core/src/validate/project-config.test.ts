import { describe, expect, it } from 'vitest';
import { projectConfig } from './project-config.js';

describe('projectConfig', () => {
  it('tells the coordinates a file names from the defaults filled in', () => {
    const named = projectConfig(
      'project.json',
      JSON.stringify({ agents: { multiSession: true, coordination: { branch: 'lanes/state' } } }),
    );
    expect(named).toMatchObject({
      hasAgents: true,
      named: { branch: 'lanes/state' },
      problems: [],
      config: { multiSession: true, coordination: { remote: 'origin', branch: 'lanes/state' } },
    });
    const unnamed = projectConfig(
      'project.json',
      JSON.stringify({ agents: { multiSession: true } }),
    );
    expect(unnamed.named).toEqual({});
    expect(unnamed.config.coordination.branch).toBe('main');
  });

  it('a project without the section is solo mode, and names nothing', () => {
    expect(projectConfig('project.json', '{"name": "acme"}')).toMatchObject({
      hasAgents: false,
      named: {},
      problems: [],
      config: { multiSession: false },
    });
  });

  it('reports what it cannot use, and names no coordinate that breaks the schema', () => {
    expect(projectConfig('project.json', '[]').problems).toEqual([
      expect.objectContaining({ file: 'project.json', code: 'schema-type' }),
    ]);
    expect(projectConfig('docs/project.json', '{ "agents": ').problems[0]).toMatchObject({
      file: 'docs/project.json',
      code: 'json-parse',
    });
    const bad = projectConfig(
      'project.json',
      JSON.stringify({ agents: { coordination: { branch: 7 } } }),
    );
    expect(bad.problems.length).toBeGreaterThan(0);
    expect(bad.named).toEqual({});
  });
});
