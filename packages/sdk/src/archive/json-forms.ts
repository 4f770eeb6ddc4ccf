/**
 * What generated JSON forms (`XJson`, the codegen's `*.json.ts` modules) share at run time:
 * JSON text in, and a refused value reported as an `ArchiveError` with its path.
 */
import { ArchiveError, describeValue } from "./errors";

/** The part of an ajv error the JSON forms read. */
export interface AjvError {
  readonly instancePath: string;
  readonly keyword?: string;
  readonly message?: string;
  readonly params: Readonly<Record<string, unknown>>;
}

/** An ajv standalone validator: true or false, its errors left on the function. */
export type JsonValidator = ((json: unknown) => boolean) & { errors?: AjvError[] | null };

/**
 * `XJson.parse(text)`'s first step: JSON text to a value. Not a string, or not JSON, is an
 * `ArchiveError` at `root` (a parsed value goes to `XJson.fromJson`).
 */
export function jsonTextValue(text: unknown, root: string): unknown {
  if (typeof text !== "string") {
    throw new ArchiveError(
      root,
      "JSON text (a string; XJson.fromJson takes a parsed value)",
      describeValue(text),
    );
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ArchiveError(
      root,
      "JSON text",
      `${describeValue(text)} (${(e as Error).message})`,
      e,
    );
  }
}

/**
 * A value `validator` refused, as an error. The codec's own `fromJson` is asked first: it names
 * the field and what it expected in the words `shortcrust encode` uses (`Action::Open.title:
 * expected a string, found 5`). Where the schema is stricter than it, ajv's first error, at its
 * path (`Person.tags[1]`).
 */
export function schemaFailure(
  root: string,
  validator: JsonValidator,
  json: unknown,
  fromJson: (json: unknown) => unknown,
): never {
  fromJson(json);
  const e = validator.errors?.[0];
  if (e === undefined)
    throw new ArchiveError(root, "a value its JSON Schema accepts", describeValue(json));
  let at: unknown = json;
  let path = root;
  for (const seg of e.instancePath.split("/").slice(1)) {
    const key = seg.replace(/~1/g, "/").replace(/~0/g, "~");
    path += /^[0-9]+$/.test(key) ? `[${key}]` : `.${key}`;
    at = (at as Record<string, unknown>)[key];
  }
  throw new ArchiveError(path, expectedOf(e), describeValue(at));
}

function expectedOf(e: AjvError): string {
  switch (e.keyword) {
    case "type":
      return `a JSON ${String(e.params.type)}`;
    case "required":
      return `field ${String(e.params.missingProperty)}`;
    case "additionalProperties":
      return `no field ${String(e.params.additionalProperty)}`;
    default:
      return `a value that ${e.message ?? "its JSON Schema accepts"}`;
  }
}
