/**
 * The rule that keeps upgrades rolling: a migration must leave the store usable by the previous
 * release, which keeps running on it while instances are upgraded one at a time. So a migration
 * only adds; a column, table or default that a release stops using is removed a release later.
 * This finds the statements of a migration that break that rule, for a test to refuse them unless
 * migrations-allowed.json lists them with the release that stopped using what they remove.
 */

/** What a statement does that the previous release's code may not survive. */
export type Breaking =
  | "DROP TABLE"
  | "DROP VIEW"
  | "DROP TYPE"
  | "DROP SCHEMA"
  | "DROP SEQUENCE"
  | "DROP FUNCTION"
  | "DROP COLUMN"
  | "RENAME"
  | "SET SCHEMA"
  | "ALTER COLUMN TYPE"
  | "SET NOT NULL"
  | "DROP DEFAULT"
  | "ADD COLUMN NOT NULL without DEFAULT"
  | "TRUNCATE";

export interface Finding {
  /** the statement as written, whitespace collapsed, without its final `;` */
  statement: string;
  breaks: Breaking[];
}

/**
 * The text twice, positions unchanged: with comments blanked (`plain`), and with string literals'
 * and quoted identifiers' contents blanked as well (`masked`), for keywords to be found only where
 * they are keywords.
 */
function mask(text: string): { plain: string; masked: string } {
  let out = "";
  let plain = "";
  let i = 0;
  while (i < text.length) {
    const rest = text.slice(i);
    const dollar = /^\$[A-Za-z_]*\$/.exec(rest);
    let end = -1;
    const blank = (body: string) => body.replace(/[^\n]/g, " ");
    let fill = blank;
    let comment = true;
    if (rest.startsWith("--")) {
      end = text.indexOf("\n", i);
      if (end === -1) end = text.length;
    } else if (rest.startsWith("/*")) {
      end = text.indexOf("*/", i + 2);
      end = end === -1 ? text.length : end + 2;
    } else if (rest.startsWith("'") || rest.startsWith('"')) {
      const quote = rest[0]!;
      end = i + 1;
      for (;;) {
        const next = text.indexOf(quote, end);
        if (next === -1) {
          end = text.length;
          break;
        }
        if (text[next + 1] === quote) end = next + 2;
        else {
          end = next + 1;
          break;
        }
      }
      const inner = quote === "'" ? " " : "_";
      comment = false;
      fill = (body) => quote + body.slice(1, -1).replace(/[^\n]/g, inner) + quote;
    } else if (dollar) {
      const tag = dollar[0];
      const close = text.indexOf(tag, i + tag.length);
      end = close === -1 ? text.length : close + tag.length;
      comment = false;
    }
    if (end === -1) {
      out += text[i];
      plain += text[i];
      i++;
    } else {
      const body = text.slice(i, end);
      out += fill(body);
      plain += comment ? blank(body) : body;
      i = end;
    }
  }
  return { plain, masked: out };
}

/** Splits at commas outside parentheses (the actions of one ALTER TABLE). */
function topLevelParts(masked: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < masked.length; i++) {
    const c = masked[i];
    if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (c === "," && depth === 0) {
      parts.push(masked.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(masked.slice(start).trim());
  return parts;
}

const COLUMN = String.raw`(?:COLUMN\s+)?(?:IF\s+EXISTS\s+)?\S+\s+`;

function tableActionBreaks(action: string): Breaking[] {
  if (/^RENAME\b/.test(action)) return ["RENAME"];
  if (/^SET\s+SCHEMA\b/.test(action)) return ["SET SCHEMA"];
  // `DROP name` drops a column too; constraints may go (the old code names none).
  if (/^DROP\s+(?!CONSTRAINT\b)/.test(action)) return ["DROP COLUMN"];
  const alter = new RegExp(`^ALTER\\s+${COLUMN}(.*)$`).exec(action);
  if (alter) {
    const change = alter[1] ?? "";
    if (/^(SET\s+DATA\s+)?TYPE\b/.test(change)) return ["ALTER COLUMN TYPE"];
    if (/^SET\s+NOT\s+NULL\b/.test(change)) return ["SET NOT NULL"];
    if (/^DROP\s+DEFAULT\b/.test(change)) return ["DROP DEFAULT"];
    return [];
  }
  const add = /^ADD\s+(?!CONSTRAINT\b|PRIMARY\b|UNIQUE\b|FOREIGN\b|CHECK\b|EXCLUDE\b)(.*)$/.exec(action);
  if (add && /\bNOT\s+NULL\b/.test(add[1] ?? "") && !/\bDEFAULT\b|\bGENERATED\b/.test(add[1] ?? "")) {
    return ["ADD COLUMN NOT NULL without DEFAULT"];
  }
  return [];
}

/** What one statement (masked, upper case, whitespace collapsed) breaks. */
function statementBreaks(masked: string): Breaking[] {
  const drop = /^DROP\s+(TABLE|VIEW|MATERIALIZED\s+VIEW|TYPE|SCHEMA|SEQUENCE|FUNCTION)\b/.exec(masked);
  if (drop) {
    const what = (drop[1] ?? "").replace(/^MATERIALIZED\s+/, "");
    return [`DROP ${what}` as Breaking];
  }
  if (/^TRUNCATE\b/.test(masked)) return ["TRUNCATE"];
  const table = /^ALTER\s+TABLE\s+(?:IF\s+EXISTS\s+)?(?:ONLY\s+)?\S+\s+(.*)$/.exec(masked);
  if (table) return [...new Set(topLevelParts(table[1] ?? "").flatMap(tableActionBreaks))];
  // ALTER TYPE … RENAME VALUE, ALTER INDEX … RENAME TO, ALTER SCHEMA … RENAME TO, …
  if (/^ALTER\b.*\bRENAME\b/.test(masked)) return ["RENAME"];
  if (/^ALTER\b.*\bSET\s+SCHEMA\b/.test(masked)) return ["SET SCHEMA"];
  return [];
}

const collapse = (text: string) => text.replace(/\s+/g, " ").trim();

/** The statements of a migration's SQL that the previous release's code may not survive. */
export function breakingStatements(text: string): Finding[] {
  const { plain, masked } = mask(text);
  const findings: Finding[] = [];
  let start = 0;
  for (let i = 0; i <= masked.length; i++) {
    if (i < masked.length && masked[i] !== ";") continue;
    const breaks = statementBreaks(collapse(masked.slice(start, i)).toUpperCase());
    if (breaks.length > 0) findings.push({ statement: collapse(plain.slice(start, i)), breaks });
    start = i + 1;
  }
  return findings;
}

export interface Allowance {
  /** the migration's file name, e.g. 0004_drop_legacy.sql */
  migration: string;
  /** the statement as written (whitespace does not matter, the final `;` may be left out) */
  statement: string;
  /** why it is safe now, naming the release that stopped using what it removes, e.g. "0.3.0 stopped reading …" */
  reason: string;
}

const RELEASE = /\b\d+\.\d+\.\d+\b/;
const normal = (statement: string) => collapse(statement).replace(/;$/, "").trim();

/**
 * What is wrong: each breaking statement not allowed, each allowance without a release in its
 * reason, and each allowance that matches no statement (stale, or mistyped).
 */
export function checkMigrations(migrations: { name: string; sql: string }[], allowed: Allowance[]): string[] {
  const problems: string[] = [];
  const used = new Set<Allowance>();
  for (const migration of migrations) {
    for (const finding of breakingStatements(migration.sql)) {
      const allowance = allowed.find(
        (entry) => entry.migration === migration.name && normal(entry.statement) === normal(finding.statement),
      );
      if (allowance) used.add(allowance);
      else {
        problems.push(
          `${migration.name}: "${finding.statement}" (${finding.breaks.join(", ")}) would break the previous ` +
            "release while instances are upgraded one at a time. Add instead, and remove a release later, " +
            "listing the statement in lib/store/migrations-allowed.json with the release that stopped using it.",
        );
      }
    }
  }
  for (const entry of allowed) {
    if (!RELEASE.test(entry.reason)) {
      problems.push(`migrations-allowed.json: the reason for "${entry.statement}" names no release (such as 0.3.0).`);
    }
    if (!used.has(entry)) {
      problems.push(`migrations-allowed.json: "${entry.statement}" matches no statement of ${entry.migration}.`);
    }
  }
  return problems;
}
