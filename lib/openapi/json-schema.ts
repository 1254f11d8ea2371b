// zod → JSON Schema 2020-12 (the dialect of OpenAPI 3.1) with zod 4's own `z.toJSONSchema`.
// Schemas registered with `.meta({ id })` become `components.schemas.<id>` and are referenced.
import { z } from "zod";
import { Description, LIMITS, Metadata } from "../payout-links/schemas";

export type JsonSchema = { [key: string]: unknown };
export type Io = "input" | "output";

export const COMPONENT_SCHEMA_PREFIX = "#/components/schemas/";
const DEFS_PREFIX = "#/$defs/";

/**
 * Limits that live in `.refine()` checks (lengths in code points, which is also how JSON Schema
 * counts `maxLength`), so zod cannot see them; added from the same LIMITS constants.
 */
const REFINED_LIMITS = new Map<z.core.$ZodType, JsonSchema>([
  [Description, { minLength: 1, maxLength: LIMITS.descriptionMaxChars }],
  [
    Metadata,
    {
      maxProperties: LIMITS.metadataMaxKeys,
      propertyNames: { type: "string", minLength: 1, maxLength: LIMITS.metadataKeyMaxChars },
      additionalProperties: { type: "string", maxLength: LIMITS.metadataValueMaxChars },
    },
  ],
]);

function toJsonSchema(schema: z.core.$ZodType, io: Io): JsonSchema {
  return z.toJSONSchema(schema, {
    target: "draft-2020-12",
    io,
    unrepresentable: "throw",
    override: ({ zodSchema, jsonSchema }) => {
      const json = jsonSchema as JsonSchema;
      for (const [key, value] of Object.entries(REFINED_LIMITS.get(zodSchema) ?? {})) json[key] = value;
      // `example` is deprecated in OpenAPI 3.1 Schema Objects; JSON Schema's `examples` replaces it.
      if ("example" in json) {
        json.examples = [json.example];
        delete json.example;
      }
      // `format` says it; zod's long date-time regex repeated on every timestamp only adds noise.
      if (json.format === "date-time") delete json.pattern;
      // In output mode zod closes every plain object. Responses may gain fields without a new API
      // version, so response objects stay open; strict request objects keep `false`.
      const def = zodSchema._zod.def;
      if (io === "output" && def.type === "object" && def.catchall === undefined && json.additionalProperties === false) {
        delete json.additionalProperties;
      }
    },
  }) as JsonSchema;
}

function rewriteRefs<T>(value: T): T {
  if (Array.isArray(value)) return value.map(rewriteRefs) as T;
  if (value === null || typeof value !== "object") return value;
  const out: JsonSchema = {};
  for (const [key, child] of Object.entries(value)) {
    out[key] =
      key === "$ref" && typeof child === "string" && child.startsWith(DEFS_PREFIX)
        ? COMPONENT_SCHEMA_PREFIX + child.slice(DEFS_PREFIX.length)
        : rewriteRefs(child);
  }
  return out as T;
}

/** Collects `components.schemas` while converting zod schemas for use in the document. */
export class SchemaComponents {
  readonly schemas: Record<string, JsonSchema> = {};

  /** The JSON Schema of `schema`; any schema in it with a `.meta({ id })` becomes a component and a `$ref`. */
  convert(schema: z.core.$ZodType, io: Io): JsonSchema {
    const { $schema: _dialect, $defs, ...root } = toJsonSchema(schema, io);
    for (const [name, def] of Object.entries(($defs ?? {}) as Record<string, JsonSchema>)) this.add(name, rewriteRefs(def));
    return rewriteRefs(root);
  }

  /** Converts `schema` into `components.schemas.<name>` and returns a `$ref` to it. */
  named(name: string, schema: z.core.$ZodType, io: Io): JsonSchema {
    this.add(name, this.convert(schema, io));
    return ref(name);
  }

  private add(name: string, json: JsonSchema) {
    const existing = this.schemas[name];
    if (existing && JSON.stringify(existing) !== JSON.stringify(json)) {
      // e.g. one id used for both a request (input) and a response (output) shape that differ.
      throw new Error(`OpenAPI: components.schemas.${name} was generated twice with different content`);
    }
    this.schemas[name] = json;
  }
}

export const ref = (name: string): JsonSchema => ({ $ref: COMPONENT_SCHEMA_PREFIX + name });
