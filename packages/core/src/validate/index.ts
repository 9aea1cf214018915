export { DIAGNOSTIC_CODES, type DiagnosticCode } from './codes.js';
export { resolveConfig } from './config.js';
export { projectConfig, type ProjectConfig } from './project-config.js';
export { checkInvariants, type InvariantOptions } from './invariants/index.js';
export { parseJsonDocument, serializeDocument, serializeLike } from './json.js';
export { DOCUMENT_PATHS, holdsLanesState, isPrdDocumentPath, STATE_MARKERS } from './paths.js';
export { validatePrdFile } from './prd-file.js';
export { validateDocuments, type ValidationResult } from './validate-documents.js';
