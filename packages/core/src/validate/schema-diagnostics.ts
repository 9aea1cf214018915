import type { Diagnostic } from '../types.js';
import type { DiagnosticCode } from './codes.js';
import { diagnostic } from './diagnostic.js';
import { messages, type IdentifierKind } from './messages.js';
import { describePointer, joinPointer, valueAt } from './pointer.js';

/** The part of an ajv error object the translation reads. */
export interface SchemaError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
}

const IDENTIFIER_CODES: Record<IdentifierKind, DiagnosticCode> = {
  prdId: 'invalid-prd-id',
  sessionId: 'invalid-session-id',
  storyId: 'invalid-story-id',
  branch: 'invalid-branch',
  dateTime: 'invalid-date-time',
  repoPath: 'invalid-path',
  jsonPath: 'invalid-path',
  commitSha: 'invalid-commit',
  remoteName: 'invalid-remote',
};

// Identifier definitions share their names across the schema files, so an error
// whose schema path runs through one of them is about that kind of identifier.
const IDENTIFIER_RULE = /^#\/definitions\/([A-Za-z]+)\/(?:pattern|maxLength|minLength)$/;

/**
 * ajv errors → diagnostics. `base` is where the validated value sits in `file`
 * (`/agents` for the agents section), `data` the value itself.
 */
export function schemaDiagnostics(
  file: string,
  base: string,
  data: unknown,
  errors: readonly SchemaError[],
): Diagnostic[] {
  // A value can break two rules of one identifier (pattern and maxLength): say it once.
  const seen = new Set<string>();
  return errors
    .filter((error) => !isNullableNoise(error))
    .map((error) => translate(file, base, data, error))
    .filter((problem) => {
      const key = `${problem.pointer}\u0000${problem.code}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

/**
 * A nullable field is `anyOf: [<rule>, {type: null}]`: a bad value breaks both branches,
 * and only the rule's own error says something useful.
 */
function isNullableNoise(error: SchemaError): boolean {
  if (error.keyword === 'anyOf') return true;
  return error.keyword === 'type' && error.params.type === 'null';
}

function translate(file: string, base: string, data: unknown, error: SchemaError): Diagnostic {
  const { instancePath, keyword, params } = error;
  const value = valueAt(data, instancePath);
  const at = (relative: string) => joinPointerText(base, relative);
  const field = (relative: string) => describePointer(at(relative));

  switch (keyword) {
    case 'required': {
      const missing = joinPointer(instancePath, String(params.missingProperty));
      return diagnostic(file, at(missing), 'schema-required', messages.required(field(missing)));
    }
    case 'additionalProperties': {
      const extra = joinPointer(instancePath, String(params.additionalProperty));
      return diagnostic(
        file,
        at(extra),
        'schema-unknown-field',
        messages.unknownField(field(extra)),
      );
    }
    case 'type':
      return diagnostic(
        file,
        at(instancePath),
        'schema-type',
        messages.type(field(instancePath), String(params.type), value),
      );
    case 'enum':
      return diagnostic(
        file,
        at(instancePath),
        'schema-enum',
        messages.enumeration(
          field(instancePath),
          Array.isArray(params.allowedValues) ? params.allowedValues : [],
          value,
        ),
      );
    case 'uniqueItems': {
      const [first, repeat] = [Number(params.i), Number(params.j)].sort((a, b) => a - b);
      const repeated = joinPointer(instancePath, repeat ?? 0);
      return diagnostic(
        file,
        at(repeated),
        'schema-duplicate-item',
        messages.duplicateItem(
          field(repeated),
          valueAt(data, repeated),
          field(joinPointer(instancePath, first ?? 0)),
        ),
      );
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return diagnostic(
        file,
        at(instancePath),
        'schema-range',
        messages.range(field(instancePath), String(params.comparison), params.limit, value),
      );
  }

  const identifier = IDENTIFIER_RULE.exec(error.schemaPath)?.[1];
  if (identifier !== undefined && identifier in IDENTIFIER_CODES) {
    const kind = identifier as IdentifierKind;
    return diagnostic(
      file,
      at(instancePath),
      IDENTIFIER_CODES[kind],
      messages.identifier(field(instancePath), kind, value),
    );
  }
  switch (keyword) {
    case 'minLength':
      return diagnostic(
        file,
        at(instancePath),
        'schema-length',
        messages.empty(field(instancePath)),
      );
    case 'maxLength':
      return diagnostic(
        file,
        at(instancePath),
        'schema-length',
        messages.tooLong(field(instancePath), params.limit, value),
      );
    case 'pattern':
      return diagnostic(
        file,
        at(instancePath),
        'schema-pattern',
        messages.pattern(field(instancePath), params.pattern, value),
      );
    default:
      return diagnostic(
        file,
        at(instancePath),
        'schema-invalid',
        messages.schemaInvalid(field(instancePath), keyword),
      );
  }
}

// ajv's instance paths are already escaped JSON pointers; only the prefix is added.
function joinPointerText(base: string, relative: string): string {
  return `${base}${relative}`;
}
