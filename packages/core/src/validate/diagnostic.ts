import type { Diagnostic } from '../types.js';
import type { DiagnosticCode } from './codes.js';

export function diagnostic(
  file: string,
  pointer: string,
  code: DiagnosticCode,
  message: string,
): Diagnostic {
  return { file, pointer, code, message };
}
