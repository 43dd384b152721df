// Local ESLint rules for the house layout ("rooms that stay rooms").
//
//   app → components → lib,   and inside lib: everything → lib/klaviyo → lib/klaviyo-simulator
//
// Rules 1, 2 and 4 (lib ↛ components/app, components ↛ app, simulator ↛ lib/klaviyo) are
// `import/no-restricted-paths` zones in eslint.config.mjs. This module holds what those zones
// cannot express:
//
//   layers/no-sibling-pages     (rule 3) app/<segment>/ must not import app/<other segment>/,
//                               app/api/<folder>/ must not import app/api/<other folder>/.
//                               A zone would need "any segment but my own", i.e. one zone per
//                               folder, with folder names such as [type] and [...path] being
//                               glob syntax — so it is a rule here.
//   layers/no-server-in-browser (rule 5) browser code ("use client" files, lib/queries/) must not
//                               import server-only modules (*.server.ts[x], lib/klaviyo/,
//                               lib/auth/, lib/store/, "server-only", node:*). `import type` is allowed.
//
// Specifiers are classified by path, without touching the file system (except one stat to tell
// "app/<folder>" from "app/<file>"): "@/x" → <root>/x (tsconfig "paths": {"@/*": ["./*"]}),
// "./x" and "../x" → relative to the importing file. Bare package names are never part of a layer.
// Checked: import / import type / export … from / export * from / import("…") / require("…") /
// import x = require("…").

import fs from "node:fs";
import path from "node:path";

/** @param {import("eslint").Rule.RuleContext} context */
function rootOf(context) {
  const option = context.options[0]?.root;
  return option ? path.resolve(option) : context.cwd;
}

/** @param {import("eslint").Rule.RuleContext} context */
function aliasesOf(context) {
  return context.options[0]?.alias ?? { "@/": "./" };
}

const optionsSchema = [
  {
    type: "object",
    properties: {
      root: { type: "string" },
      alias: { type: "object", additionalProperties: { type: "string" } },
    },
    additionalProperties: false,
  },
];

/**
 * The path of a specifier relative to the repository root, as posix segments; null for packages,
 * built-ins and anything outside the root.
 */
function resolveToRoot(specifier, filename, root, aliases) {
  const spec = specifier.replace(/[?#].*$/, "");
  let absolute = null;
  for (const [prefix, target] of Object.entries(aliases)) {
    if (spec.startsWith(prefix)) {
      absolute = path.resolve(root, target, spec.slice(prefix.length));
      break;
    }
  }
  if (absolute === null && (spec === "." || spec === ".." || spec.startsWith("./") || spec.startsWith("../"))) {
    absolute = path.resolve(path.dirname(filename), spec);
  }
  if (absolute === null) return null;
  const relative = path.relative(root, absolute);
  if (relative === "" || relative.startsWith("..") || path.isAbsolute(relative)) return null;
  return relative.split(path.sep);
}

function relativeParts(filename, root) {
  const relative = path.relative(root, filename);
  if (relative === "" || relative.startsWith("..") || path.isAbsolute(relative)) return null;
  return relative.split(path.sep);
}

/** The string a module node points at, or null when it is computed. */
function sourceString(node) {
  if (!node) return null;
  if (node.type === "Literal" && typeof node.value === "string") return node.value;
  if (node.type === "TemplateLiteral" && node.expressions.length === 0) return node.quasis[0]?.value.cooked ?? null;
  return null;
}

/**
 * Calls check(sourceNode, specifier, typeOnly) for every module reference in the file.
 * typeOnly is true only for declaration-level `import type` / `export type … from` — inline
 * `import { type A }` is not, since under verbatimModuleSyntax it still leaves `import "…"`.
 */
function visitModuleReferences(check) {
  const onDeclaration = (node) => {
    const value = sourceString(node.source);
    if (value === null) return;
    check(node.source, value, node.importKind === "type" || node.exportKind === "type");
  };
  return {
    ImportDeclaration: onDeclaration,
    ExportNamedDeclaration: onDeclaration,
    ExportAllDeclaration: onDeclaration,
    ImportExpression(node) {
      const value = sourceString(node.source);
      if (value !== null) check(node.source, value, false);
    },
    CallExpression(node) {
      if (node.callee.type !== "Identifier" || node.callee.name !== "require" || node.arguments.length !== 1) return;
      const value = sourceString(node.arguments[0]);
      if (value !== null) check(node.arguments[0], value, false);
    },
    TSImportEqualsDeclaration(node) {
      if (node.moduleReference?.type !== "TSExternalModuleReference") return;
      const value = sourceString(node.moduleReference.expression);
      if (value !== null) check(node.moduleReference.expression, value, node.importKind === "type");
    },
  };
}

function isDirectory(absolute) {
  try {
    return fs.statSync(absolute, { throwIfNoEntry: false })?.isDirectory() ?? false;
  } catch {
    return false;
  }
}

/** @type {import("eslint").Rule.RuleModule} */
const noSiblingPages = {
  meta: {
    type: "problem",
    docs: {
      description:
        "Page folders are rooms: app/<segment>/ must not import another app/<segment>/, nor app/api/<folder>/ another app/api/<folder>/.",
    },
    schema: optionsSchema,
    messages: {
      siblingPage:
        'app/{{from}}/ must not import app/{{to}}/ ("{{source}}"): page folders do not import each other — move the shared code into components/ or lib/.',
      siblingApi:
        'app/api/{{from}}/ must not import app/api/{{to}}/ ("{{source}}"): API route folders do not import each other — move the shared code into lib/.',
    },
  },
  create(context) {
    const root = rootOf(context);
    const aliases = aliasesOf(context);
    const filename = context.physicalFilename;
    const file = relativeParts(filename, root);
    // Only files inside a segment folder: app/<segment>/…/<file>.
    if (!file || file[0] !== "app" || file.length < 3) return {};
    const segment = file[1];
    const apiFolder = segment === "api" && file.length >= 4 ? file[2] : null;

    // Is target[0..depth] a folder (and not a file such as app/layout.tsx)?
    const isFolder = (target, depth) =>
      target.length > depth + 1 || isDirectory(path.join(root, ...target.slice(0, depth + 1)));

    return visitModuleReferences((node, source) => {
      const target = resolveToRoot(source, filename, root, aliases);
      if (!target || target[0] !== "app" || target.length < 2) return;
      if (target[1] !== segment) {
        if (isFolder(target, 1)) {
          context.report({ node, messageId: "siblingPage", data: { from: segment, to: target[1], source } });
        }
        return;
      }
      if (apiFolder !== null && target.length >= 3 && target[2] !== apiFolder && isFolder(target, 2)) {
        context.report({ node, messageId: "siblingApi", data: { from: apiFolder, to: target[2], source } });
      }
    });
  },
};

const SERVER_FILE = /\.server(\.[cm]?[jt]sx?)?$/;

/** Why a specifier is server-only, or null when it is not. */
function serverOnlyReason(source, target) {
  if (source === "server-only" || source.startsWith("server-only/")) return 'the "server-only" package';
  if (source.startsWith("node:")) return "a Node built-in";
  if (!target) return null;
  if (target[0] === "lib" && target[1] === "klaviyo") return "lib/klaviyo/ is the server-only door to Klaviyo";
  if (target[0] === "lib" && target[1] === "auth") return "lib/auth/ is server-only";
  if (target[0] === "lib" && target[1] === "store") return "lib/store/ is server-only";
  if (target[0] === "lib" && target[1] === "collector") return "lib/collector/ is server-only";
  if (SERVER_FILE.test(target[target.length - 1] ?? "")) return "a *.server module";
  return null;
}

function isUseClient(program) {
  const first = program.body[0];
  return (
    first?.type === "ExpressionStatement" &&
    (first.directive === "use client" ||
      (first.expression.type === "Literal" && first.expression.value === "use client"))
  );
}

/** @type {import("eslint").Rule.RuleModule} */
const noServerInBrowser = {
  meta: {
    type: "problem",
    docs: {
      description:
        'Browser code ("use client" files and lib/queries/) must not import server-only modules (*.server.ts[x], lib/klaviyo/, lib/auth/, lib/store/, "server-only", node:*); `import type` is allowed.',
    },
    schema: optionsSchema,
    messages: {
      serverInBrowser:
        'Browser code ({{browser}}) must not import server code: "{{source}}" is server-only ({{reason}}); move the shared part to a module without server imports (types alone may use `import type`).',
    },
  },
  create(context) {
    const root = rootOf(context);
    const aliases = aliasesOf(context);
    const filename = context.physicalFilename;
    const file = relativeParts(filename, root);
    const inQueries = file !== null && file[0] === "lib" && file[1] === "queries" && file.length >= 3;

    const visitors = visitModuleReferences((node, source, typeOnly) => {
      if (typeOnly) return;
      const reason = serverOnlyReason(source, resolveToRoot(source, filename, root, aliases));
      if (reason === null) return;
      context.report({
        node,
        messageId: "serverInBrowser",
        data: { browser: inQueries ? "lib/queries/" : '"use client"', source, reason },
      });
    });

    if (inQueries) return visitors;
    // Otherwise only "use client" files are browser code; decide once the Program is seen.
    let browser = false;
    const gated = { Program: (program) => void (browser = isUseClient(program)) };
    for (const [selector, visit] of Object.entries(visitors)) {
      gated[selector] = (node) => {
        if (browser) visit(node);
      };
    }
    return gated;
  },
};

/** @type {import("eslint").ESLint.Plugin} */
const layers = {
  meta: { name: "layers" },
  rules: {
    "no-sibling-pages": noSiblingPages,
    "no-server-in-browser": noServerInBrowser,
  },
};

export default layers;
