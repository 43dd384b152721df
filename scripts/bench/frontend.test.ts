import { describe, expect, it } from "vitest";
import { withoutScriptFiles } from "./frontend";

// The head and body of a server-rendered page as Next writes them, trimmed.
const PAGE = [
  `<!DOCTYPE html><html lang="en"><head><meta charSet="utf-8"/>`,
  `<link rel="stylesheet" href="/_next/static/chunks/a.css" nonce="n" data-precedence="next"/>`,
  `<link rel="preload" as="script" fetchPriority="low" nonce="n" href="/_next/static/chunks/b.js"/>`,
  `<script src="/_next/static/chunks/c.js" async="" nonce="n"></script>`,
  `<script src="/_next/static/chunks/d.js" noModule="" nonce="n"></script>`,
  `<link rel="modulepreload" href="/_next/static/chunks/e.js"/>`,
  `<script nonce="n">document.documentElement.dataset.theme="light"</script></head>`,
  `<body><table><tr data-testid="job-row"><td>row</td></tr></table>`,
  `<script nonce="n">(self.__next_f=self.__next_f||[]).push([0])</script></body></html>`,
].join("");

describe("withoutScriptFiles", () => {
  const copy = withoutScriptFiles(PAGE);

  it("takes out every script file and script preload", () => {
    expect(copy).not.toMatch(/\.js"/);
    expect(copy).not.toContain("<script src");
  });

  it("keeps the stylesheet, the inline scripts and the markup", () => {
    expect(copy).toContain(`<link rel="stylesheet" href="/_next/static/chunks/a.css"`);
    expect(copy).toContain(`dataset.theme="light"</script>`);
    expect(copy).toContain(`self.__next_f`);
    expect(copy).toContain(`<tr data-testid="job-row"><td>row</td></tr>`);
  });
});
