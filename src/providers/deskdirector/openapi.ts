// The instance's OpenAPI document (Swagger 2.0 or OpenAPI 3.x, as Swashbuckle serves it at
// `/swagger/{version}/swagger.json`) read into the few facts route discovery needs about each
// operation. Reading is bounded at every step: the document's size, its JSON, `__proto__`
// keys, the number of paths and operations, and (through jsonSchema's Budget) every `$ref`
// hop and schema visit. Any limit hit ends the reading with an OpenApiProblem naming why.
import { isJsonObject, type JsonObject } from '../../helpdesk/json';
import { Budget, flatten, own, ownObject, ownString, parseJsonRefusingProto, resolve, SchemaLimitError, type SchemaDocument } from './jsonSchema';

export interface OpenApiLimits {
  /** Larger documents are not parsed at all. */
  maxBytes: number;
  /** Steps (schema visits, `$ref` hops, parameters) for the whole document. */
  maxSteps: number;
  /** Paths looked at; a real instance has a few hundred. */
  maxPaths: number;
}

export const DEFAULT_OPENAPI_LIMITS: OpenApiLimits = {
  maxBytes: 8 * 1024 * 1024,
  maxSteps: 200_000,
  maxPaths: 5_000,
};

export class OpenApiProblem extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'OpenApiProblem';
  }
}

/** A multipart body: its fields, which are required, and the first file field. */
export interface MultipartBody {
  fields: string[];
  required: Set<string>;
  fileField?: string;
}

export interface Operation {
  method: string;
  /** The path template as the document writes it, `/api/v2/tech/tickets/{ticketId}/notes`. */
  path: string;
  /** `{names}` of the template, in order. */
  pathParams: string[];
  /** Required parameters we could not fill: query, header, cookie. */
  requiredOther: string[];
  jsonBody?: unknown;
  multipart?: MultipartBody;
  /** The success response is a file (binary content), not JSON about one. */
  binaryResponse: boolean;
  /** The JSON schema of the success response, where the document gives one. */
  jsonResponse?: unknown;
  deprecated: boolean;
}

export interface OpenApiDocument {
  schemas: SchemaDocument;
  operations: Operation[];
}

const METHODS = ['get', 'post', 'patch', 'put', 'delete'] as const;
const JSON_TYPE = /^(?:application\/(?:[\w.+-]*\+)?json|text\/json)\b/i;

/** Reads a document from its bytes; throws OpenApiProblem saying why it cannot be used. */
export function readOpenApiDocument(bytes: Uint8Array, limits: OpenApiLimits = DEFAULT_OPENAPI_LIMITS): OpenApiDocument {
  if (bytes.byteLength > limits.maxBytes) {
    throw new OpenApiProblem(`the document is ${megabytes(bytes.byteLength)} MB, over the ${megabytes(limits.maxBytes)} MB read limit`);
  }
  let root: unknown;
  try {
    root = parseJsonRefusingProto(new TextDecoder('utf-8').decode(bytes));
  } catch (error) {
    if (error instanceof SchemaLimitError) throw new OpenApiProblem(error.message);
    throw new OpenApiProblem('the document is not valid JSON');
  }
  if (!isJsonObject(root)) throw new OpenApiProblem('the document is not a JSON object');
  if (ownString(root, 'swagger') === undefined && ownString(root, 'openapi') === undefined) {
    throw new OpenApiProblem('the document is neither Swagger 2.0 nor OpenAPI 3');
  }
  const schemas: SchemaDocument = { root, budget: new Budget(limits.maxSteps) };
  try {
    return { schemas, operations: readOperations(schemas, limits) };
  } catch (error) {
    if (error instanceof SchemaLimitError) throw new OpenApiProblem(error.message);
    throw error;
  }
}

function readOperations(doc: SchemaDocument, limits: OpenApiLimits): Operation[] {
  const paths = ownObject(doc.root, 'paths');
  if (!paths) throw new OpenApiProblem('the document lists no paths');
  const entries = Object.entries(paths);
  if (entries.length > limits.maxPaths) throw new OpenApiProblem(`the document lists ${entries.length} paths, over the ${limits.maxPaths} read limit`);
  const rootConsumes = stringList(own(doc.root, 'consumes'));
  const rootProduces = stringList(own(doc.root, 'produces'));
  const operations: Operation[] = [];
  for (const [path, item] of entries) {
    doc.budget.spend('path');
    const pathItem = resolve(doc, item);
    if (!pathItem || !path.startsWith('/')) continue;
    const shared = parameterList(doc, own(pathItem, 'parameters'));
    for (const method of METHODS) {
      const operation = ownObject(pathItem, method);
      if (!operation) continue;
      operations.push(readOperation(doc, method, path, operation, shared, { consumes: rootConsumes, produces: rootProduces }));
    }
  }
  return operations;
}

interface Defaults {
  consumes: string[];
  produces: string[];
}

function readOperation(doc: SchemaDocument, method: string, path: string, operation: JsonObject, shared: JsonObject[], defaults: Defaults): Operation {
  const parameters = [...shared, ...parameterList(doc, own(operation, 'parameters'))];
  const consumes = stringList(own(operation, 'consumes'));
  const produces = stringList(own(operation, 'produces'));
  const requiredOther: string[] = [];
  let jsonBody: unknown;
  const form: MultipartBody = { fields: [], required: new Set() };
  for (const parameter of parameters) {
    const where = ownString(parameter, 'in');
    const name = ownString(parameter, 'name') ?? '';
    const required = own(parameter, 'required') === true;
    if (where === 'body') jsonBody = own(parameter, 'schema');
    else if (where === 'formData') {
      form.fields.push(name);
      if (required) form.required.add(name);
      if (ownString(parameter, 'type') === 'file' && form.fileField === undefined) form.fileField = name;
    } else if (where !== 'path' && required) requiredOther.push(name);
  }
  const body = requestBody(doc, own(operation, 'requestBody'));
  if (body.json !== undefined) jsonBody = body.json;
  const swaggerMultipart = form.fields.length > 0 && (consumes.length > 0 ? consumes : defaults.consumes).some((type) => /multipart\/form-data/i.test(type));
  const multipart = body.multipart ?? (swaggerMultipart ? form : undefined);
  const response = jsonResponse(doc, operation);
  return {
    method: method.toUpperCase(),
    path,
    pathParams: templateParams(path),
    requiredOther,
    ...(jsonBody !== undefined && { jsonBody }),
    ...(multipart && { multipart }),
    binaryResponse: binaryResponse(doc, operation, produces.length > 0 ? produces : defaults.produces),
    ...(response !== undefined && { jsonResponse: response }),
    deprecated: own(operation, 'deprecated') === true,
  };
}

function parameterList(doc: SchemaDocument, value: unknown): JsonObject[] {
  if (!Array.isArray(value)) return [];
  const list: JsonObject[] = [];
  for (const item of value.slice(0, 64)) {
    doc.budget.spend('parameter');
    const parameter = resolve(doc, item);
    if (parameter) list.push(parameter);
  }
  return list;
}

/** OpenAPI 3's requestBody: the JSON schema and the multipart form, where offered. */
function requestBody(doc: SchemaDocument, value: unknown): { json?: unknown; multipart?: MultipartBody } {
  const body = resolve(doc, value);
  const content = body ? ownObject(body, 'content') : undefined;
  if (!content) return {};
  const result: { json?: unknown; multipart?: MultipartBody } = {};
  for (const [type, media] of Object.entries(content).slice(0, 16)) {
    if (!isJsonObject(media)) continue;
    if (result.json === undefined && JSON_TYPE.test(type)) result.json = own(media, 'schema');
    if (result.multipart === undefined && /^multipart\/form-data\b/i.test(type)) result.multipart = multipartFields(doc, own(media, 'schema'));
  }
  return result;
}

function multipartFields(doc: SchemaDocument, schema: unknown): MultipartBody {
  const flat = flatten(doc, schema);
  const form: MultipartBody = { fields: [], required: new Set(flat?.required ?? []) };
  for (const [name, property] of flat?.properties ?? []) {
    form.fields.push(name);
    if (form.fileField === undefined && isBinary(doc, property)) form.fileField = name;
  }
  return form;
}

/** A file in a schema: `type: string, format: binary` (or an array of such), or Swagger's `type: file`. */
function isBinary(doc: SchemaDocument, schema: unknown): boolean {
  const flat = flatten(doc, schema);
  if (!flat) return false;
  if (flat.type === 'file' || (flat.type === 'string' && flat.format === 'binary')) return true;
  if (flat.type !== 'array') return false;
  const items = flat.parts.map((part) => own(part, 'items')).find((item) => item !== undefined);
  const item = flatten(doc, items);
  return item !== undefined && (item.type === 'file' || (item.type === 'string' && item.format === 'binary'));
}

function binaryResponse(doc: SchemaDocument, operation: JsonObject, produces: string[]): boolean {
  const responses = ownObject(operation, 'responses');
  if (!responses) return false;
  for (const status of ['200', '2XX', '2xx', 'default']) {
    const response = resolve(doc, own(responses, status));
    if (!response) continue;
    const content = ownObject(response, 'content');
    if (content) {
      return Object.entries(content).some(([type, media]) => {
        if (!JSON_TYPE.test(type) && !/^text\/plain\b/i.test(type)) return true;
        return isJsonObject(media) && isBinary(doc, own(media, 'schema'));
      });
    }
    const schema = own(response, 'schema');
    if (schema !== undefined && isBinary(doc, schema)) return true;
    return produces.some((type) => /octet-stream|^image\/|^application\/pdf/i.test(type));
  }
  return false;
}

/** The JSON schema of the first success response: OpenAPI 3's `content`, or Swagger 2.0's `schema`. */
function jsonResponse(doc: SchemaDocument, operation: JsonObject): unknown {
  const responses = ownObject(operation, 'responses');
  if (!responses) return undefined;
  for (const status of ['200', '201', '2XX', '2xx']) {
    const response = resolve(doc, own(responses, status));
    if (!response) continue;
    const content = ownObject(response, 'content');
    if (content) {
      const json = Object.entries(content).slice(0, 16).find(([type, media]) => JSON_TYPE.test(type) && isJsonObject(media));
      return json && isJsonObject(json[1]) ? own(json[1], 'schema') : undefined;
    }
    return own(response, 'schema');
  }
  return undefined;
}

function templateParams(path: string): string[] {
  return [...path.matchAll(/\{([^{}/]+)\}/g)].map((match) => match[1] ?? '');
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string').slice(0, 32) : [];
}

function megabytes(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(bytes >= 10 * 1024 * 1024 ? 0 : 1);
}
