/**
 * The one place that knows how a job error's `source.pointer` names the failing entry of the
 * submitted bulk payload. Klaviyo documents only the default `/data`; the entry forms below are JSON
 * pointers (RFC 6901) into the JSON:API document that was POSTed, e.g. `/data/37/attributes/price`.
 * The simulator formats them and the UI parses them, so both sides agree by construction.
 */

/** Relationship names a catalog bulk payload can carry; a field with one of these names is a relationship. */
const RELATIONSHIP_FIELDS = new Set(["items", "item", "variants", "categories"]);
/** Resource-object members that sit beside `attributes` rather than inside it. */
const MEMBER_FIELDS = new Set(["id", "type"]);

export interface ErrorPointerTarget {
  /** position of the failing entry in the submitted `data` array */
  index: number;
  /** attribute, relationship or member name; null when the pointer names the whole entry */
  field: string | null;
}

function escapeToken(token: string): string {
  return token.replace(/~/g, "~0").replace(/\//g, "~1");
}

function unescapeToken(token: string): string {
  return token.replace(/~1/g, "/").replace(/~0/g, "~");
}

export function formatErrorPointer(index: number, field: string | null): string {
  if (!Number.isInteger(index) || index < 0)
    throw new RangeError(`entry index must be a non-negative integer, got ${index}`);
  const entry = `/data/${index}`;
  if (field === null) return entry;
  if (MEMBER_FIELDS.has(field)) return `${entry}/${field}`;
  const member = RELATIONSHIP_FIELDS.has(field) ? "relationships" : "attributes";
  return `${entry}/${member}/${escapeToken(field)}`;
}

/**
 * Read an entry pointer back. Deeper pointers (`/data/3/relationships/categories/data/0/id`,
 * `/data/3/attributes/custom_metadata/color`) resolve to their top-level field. Anything that does not
 * name one entry (`/data`, `/data/`, null, a foreign form) gives null, so callers show it ungrouped.
 */
export function parseErrorPointer(pointer: string | null | undefined): ErrorPointerTarget | null {
  if (typeof pointer !== "string") return null;
  const match = /^\/data\/(0|[1-9]\d{0,8})(\/.*)?$/.exec(pointer);
  if (!match) return null;
  const index = Number(match[1]);
  const rest = match[2];
  if (rest === undefined || rest === "/") return { index, field: null };
  const tokens = rest.slice(1).split("/").map(unescapeToken);
  const [member, name] = tokens;
  if (member === "attributes" || member === "relationships") {
    return name ? { index, field: name } : { index, field: null };
  }
  if (member !== undefined && MEMBER_FIELDS.has(member) && tokens.length === 1) return { index, field: member };
  return null;
}
