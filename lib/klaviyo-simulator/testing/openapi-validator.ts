/**
 * Test support for the conformance test: validates an answer against the response that an OpenAPI
 * 3.0 spec documents for its operation and status, with Ajv. The spec is read as published; the only
 * changes are mechanical (OpenAPI `#/components/...` refs become JSON Schema refs, `example`
 * annotations are dropped) plus, named in one place, the deviation Klaviyo's live API documents:
 * `links.next` and `links.prev` may be null (klaviyo/openapi#5). Success documents are additionally
 * closed (no members beyond the spec's), which is stricter than the spec, so the simulator cannot
 * invent fields unnoticed. Error objects stay open: Klaviyo's real ones carry `status`, `links`, `meta`.
 */

import { readFileSync } from "node:fs";
import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";

type JsonObject = { [key: string]: JsonValue };
type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;

export interface SpecParameter {
  name: string;
  in: string;
  required?: boolean;
  enum: string[] | null;
}

export interface SpecOperation {
  method: "get" | "post";
  pathTemplate: string;
  operationId: string;
  parameters: SpecParameter[];
  filterEnum: string[] | null;
  rateLimit: { burst: string; steady: string } | null;
  /** response key ("200", "4XX", "5XX") → media type and definition name */
  responses: Record<string, { mediaType: string; definition: string }>;
}

export interface AnswerToCheck {
  status: number;
  contentType: string | null;
  body: unknown;
  /** attributes a sparse fieldset asked for; the spec's `required` cannot apply to the others */
  sparseJobFields?: ReadonlySet<string> | null;
}

export interface SpecValidator {
  version: string;
  operations: SpecOperation[];
  find(method: "get" | "post", pathTemplate: string): SpecOperation;
  /** problems found, empty when the answer conforms */
  check(operation: SpecOperation, answer: AnswerToCheck): string[];
}

/** The one tolerated deviation from the published spec, as data. */
export const DOCUMENTED_DEVIATIONS = [
  {
    definition: "CollectionLinks",
    properties: ["next", "prev"],
    change: "nullable",
    source: "klaviyo/openapi#5; docs/klaviyo.md#pagination",
  },
] as const;

const isObject = (value: unknown): value is JsonObject =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Rewrite refs and drop annotations Ajv's strict mode does not know. */
function toJsonSchema(value: JsonValue, closeObjects: boolean): JsonValue {
  if (Array.isArray(value)) return value.map((item) => toJsonSchema(item, closeObjects));
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const [key, child] of Object.entries(value)) {
    if (key === "example" || key.startsWith("x-")) continue;
    if (key === "$ref" && typeof child === "string") {
      out.$ref = child.replace(/^#\/components\/schemas\//, "#/definitions/");
    } else if (key === "properties" && isObject(child)) {
      out.properties = Object.fromEntries(
        Object.entries(child).map(([name, schema]) => [name, toJsonSchema(schema, closeObjects)]),
      );
    } else {
      out[key] = toJsonSchema(child, closeObjects);
    }
  }
  if (closeObjects && out.type === "object" && isObject(out.properties)) out.additionalProperties = false;
  return out;
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

function responseKey(status: number, responses: Record<string, unknown>): string | null {
  if (String(status) in responses) return String(status);
  const range = `${String(status)[0]}XX`;
  return range in responses ? range : null;
}

function describeError(error: ErrorObject): string {
  return `${error.instancePath || "/"} ${error.message ?? error.keyword} ${JSON.stringify(error.params)}`;
}

export function loadSpecValidator(specPath: string): SpecValidator {
  const spec = JSON.parse(readFileSync(specPath, "utf8")) as JsonObject;
  const components = spec.components as JsonObject;
  const definitions: JsonObject = {};
  for (const [name, schema] of Object.entries(components.schemas as JsonObject))
    definitions[name] = toJsonSchema(schema, true);
  for (const [name, response] of Object.entries(components.responses as JsonObject)) {
    const content = (response as JsonObject).content as JsonObject;
    for (const media of Object.values(content))
      definitions[`response:${name}`] = toJsonSchema((media as JsonObject).schema as JsonValue, false);
  }
  for (const deviation of DOCUMENTED_DEVIATIONS) {
    const properties = (definitions[deviation.definition] as JsonObject).properties as JsonObject;
    for (const property of deviation.properties) (properties[property] as JsonObject).nullable = true;
  }

  const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
  ajv.addFormat("date-time", {
    type: "string",
    validate: (value: string) => DATE_TIME.test(value) && !Number.isNaN(Date.parse(value)),
  });
  ajv.addFormat("uri", {
    type: "string",
    validate: (value: string) => {
      try {
        return /^[a-z][a-z0-9+.-]*:/i.test(value) && Boolean(new URL(value));
      } catch {
        return false;
      }
    },
  });
  ajv.addSchema({ $id: "spec", definitions }, "spec");
  const compiled = new Map<string, ValidateFunction>();
  const validatorFor = (definition: string) => {
    let validate = compiled.get(definition);
    if (!validate) {
      validate = ajv.compile({ $ref: `spec#/definitions/${definition}` });
      compiled.set(definition, validate);
    }
    return validate;
  };

  const operations: SpecOperation[] = [];
  for (const [pathTemplate, item] of Object.entries(spec.paths as JsonObject)) {
    for (const method of ["get", "post"] as const) {
      const op = (item as JsonObject)[method];
      if (!isObject(op)) continue;
      const responses: SpecOperation["responses"] = {};
      for (const [key, response] of Object.entries(op.responses as JsonObject)) {
        const ref = (response as JsonObject).$ref;
        if (typeof ref === "string") {
          const name = ref.split("/").pop() as string;
          const content = ((components.responses as JsonObject)[name] as JsonObject).content as JsonObject;
          responses[key] = { mediaType: Object.keys(content)[0] as string, definition: `response:${name}` };
        } else {
          const content = (response as JsonObject).content as JsonObject;
          const [mediaType, media] = Object.entries(content)[0] as [string, JsonObject];
          const schemaRef = (media.schema as JsonObject).$ref as string;
          responses[key] = { mediaType, definition: schemaRef.split("/").pop() as string };
        }
      }
      const filters = op["x-klaviyo-filters"];
      const statusFilter =
        isObject(filters) && isObject(filters.status) ? (filters.status.value as JsonObject).enum : null;
      const rate = op["x-klaviyo-ratelimit"];
      operations.push({
        method,
        pathTemplate,
        operationId: op.operationId as string,
        parameters: ((op.parameters ?? []) as JsonObject[]).map((parameter) => {
          const schema = parameter.schema as JsonObject;
          const items = schema.items as JsonObject | undefined;
          const values = (items?.enum ?? schema.enum ?? null) as string[] | null;
          return {
            name: parameter.name as string,
            in: parameter.in as string,
            required: parameter.required === true,
            enum: values,
          };
        }),
        filterEnum: Array.isArray(statusFilter) ? (statusFilter as string[]) : null,
        rateLimit: isObject(rate) ? { burst: rate.burst as string, steady: rate.steady as string } : null,
        responses,
      });
    }
  }

  return {
    version: String((spec.info as JsonObject).version),
    operations,
    find(method, pathTemplate) {
      const found = operations.find((op) => op.method === method && op.pathTemplate === pathTemplate);
      if (!found) throw new Error(`the spec has no ${method.toUpperCase()} ${pathTemplate}`);
      return found;
    },
    check(operation, answer) {
      const key = responseKey(answer.status, operation.responses);
      if (!key) return [`status ${answer.status} is not documented for ${operation.operationId}`];
      const response = operation.responses[key]!;
      const problems: string[] = [];
      if (answer.contentType !== response.mediaType)
        problems.push(`content-type ${answer.contentType} is not ${response.mediaType}`);
      const validate = validatorFor(response.definition);
      if (!validate(answer.body)) {
        for (const error of validate.errors ?? []) {
          // A sparse fieldset omits attributes the spec marks required: that is what `fields` means.
          const sparse = answer.sparseJobFields;
          const missing =
            error.keyword === "required"
              ? String((error.params as { missingProperty?: string }).missingProperty)
              : null;
          if (sparse && missing && /^\/data(\/\d+)?\/attributes$/.test(error.instancePath) && !sparse.has(missing))
            continue;
          problems.push(describeError(error));
        }
      }
      return problems;
    },
  };
}
