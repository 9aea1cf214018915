// The precompiled schema validators (generated/validators.ts, from schemas/*.json),
// wrapped to return diagnostics.
import type { Diagnostic } from '../types.js';
import { impossibleDates } from './calendar.js';
import * as generated from './generated/validators.js';
import { schemaDiagnostics, type SchemaError } from './schema-diagnostics.js';

interface CompiledValidator {
  (data: unknown): boolean;
  errors?: SchemaError[] | null;
}

function check(validator: unknown, file: string, base: string, data: unknown): Diagnostic[] {
  const validate = validator as CompiledValidator;
  if (validate(data)) return [];
  return schemaDiagnostics(file, base, data, validate.errors ?? []);
}

/** The agents section; pointers are under `/agents` of the config file. */
export function checkAgentsSchema(file: string, agents: unknown): Diagnostic[] {
  return check(generated.validateAgentsSchema, file, '/agents', agents);
}

export function checkSessionLocksSchema(file: string, document: unknown): Diagnostic[] {
  const problems = check(generated.validateSessionLocksSchema, file, '', document);
  return [
    ...problems,
    ...impossibleDates(file, document, { sessions: ['claimedAt', 'heartbeat', 'queuedAt'] }),
  ];
}

export function checkPrdRegistrySchema(file: string, document: unknown): Diagnostic[] {
  const problems = check(generated.validatePrdRegistrySchema, file, '', document);
  return [
    ...problems,
    ...impossibleDates(file, document, { completed: ['completedAt'], abandoned: ['abandonedAt'] }),
  ];
}

export function checkPrdSchema(file: string, document: unknown): Diagnostic[] {
  return check(generated.validatePrdSchema, file, '', document);
}
