/**
 * The published schemas the exports are checked against (schemas/README.md says where each came from):
 * NENA-STA-021.1b's EIDO schema (an OpenAPI 3.0 document whose components are JSON Schema, with the NIEM
 * components it refers to) through Ajv, and OASIS CAP-v1.2.xsd through libxml2 (xmllint-wasm).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { validateXML } from 'xmllint-wasm';
import { parse } from 'yaml';

const EIDO_DIR = fileURLToPath(new URL('../../schemas/nena/eido/NENA-STA-021.1b/', import.meta.url));
const CAP_XSD = fileURLToPath(new URL('../../schemas/oasis/CAP-v1.2.xsd', import.meta.url));
/** Where the schema files are registered for Ajv; relative $refs resolve against it as they would on disk. */
const BASE = 'https://schemas.xiaonao.invalid/nena/eido/';

/**
 * The published openapi.yaml writes one reference as `NIEMComponents//nc.yaml`: a file system reads the
 * doubled slash as one, a URI resolver does not. The loader reads it as a file system would; the file
 * itself is left exactly as published.
 */
function collapseSlashes(node: unknown): unknown {
  if (Array.isArray(node)) node.forEach(collapseSlashes);
  else if (node && typeof node === 'object') {
    const record = node as Record<string, unknown>;
    for (const [key, value] of Object.entries(record)) {
      if (key === '$ref' && typeof value === 'string') record[key] = value.replace(/^([^#]*?)\/{2,}/, '$1/');
      else collapseSlashes(value);
    }
  }
  return node;
}

let eido: ValidateFunction | null = null;

/** Ajv's check against EmergencyIncidentDataObjectType; compiled once per test file (a few seconds: the NIEM part is large). */
export function eidoValidator(): ValidateFunction {
  if (eido) return eido;
  // OpenAPI 3.0 keywords (example, nullable, format int32…) are not JSON Schema's: not strict about them.
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(collapseSlashes(parse(readFileSync(`${EIDO_DIR}openapi.yaml`, 'utf8'))) as object, `${BASE}openapi.yaml`);
  for (const file of readdirSync(`${EIDO_DIR}NIEMComponents`)) {
    ajv.addSchema(collapseSlashes(parse(readFileSync(`${EIDO_DIR}NIEMComponents/${file}`, 'utf8'))) as object, `${BASE}NIEMComponents/${file}`);
  }
  const validate = ajv.getSchema(`${BASE}openapi.yaml#/components/schemas/EmergencyIncidentDataObjectType`);
  if (!validate) throw new Error('EmergencyIncidentDataObjectType not found in the EIDO schema');
  eido = validate;
  return validate;
}

/** The schema's complaints about a document, as readable lines; empty when it is valid. */
export function eidoErrors(doc: unknown): string[] {
  const validate = eidoValidator();
  return validate(doc) ? [] : (validate.errors ?? []).map((e: ErrorObject) => `${e.instancePath || '/'} ${e.message ?? e.keyword}`);
}

/** The published sample EIDO that came with the schema (a check that the check works). */
export function sampleEido(): unknown {
  return JSON.parse(readFileSync(`${EIDO_DIR}sample-call-transfer-eido.json`, 'utf8'));
}

/** libxml2's complaints about a CAP document against CAP-v1.2.xsd; empty when it is valid. */
export async function capErrors(xml: string): Promise<string[]> {
  const result = await validateXML({ xml: [{ fileName: 'alert.xml', contents: xml }], schema: [{ fileName: 'CAP-v1.2.xsd', contents: readFileSync(CAP_XSD, 'utf8') }] });
  return result.valid ? [] : result.errors.map((e) => e.rawMessage);
}
