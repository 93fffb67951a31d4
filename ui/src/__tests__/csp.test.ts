// The UI must run under a CSP with no inline or remote script, no eval and no inline style:
// index.html has only an external module script, and the sources never build HTML from strings,
// set inline event handlers or style attributes, or evaluate code.
/// <reference types="node" />
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(__dirname, "..", "..");

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name: string) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return name === "__tests__" || name === "__fixtures__" ? [] : sources(p);
    return /\.ts$/.test(name) && !name.endsWith(".test.ts") ? [p] : [];
  });
}

describe("CSP compliance", () => {
  it("index.html loads one external module script and has no inline script, style or handler", () => {
    const html = readFileSync(join(root, "index.html"), "utf8");
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts).toHaveLength(1);
    expect(scripts[0][1]).toMatch(/type="module"/);
    expect(scripts[0][1]).toMatch(/src="\/src\/main\.ts"/);
    expect(scripts[0][2].trim()).toBe("");
    expect(html).not.toMatch(/<style\b/);
    expect(html).not.toMatch(/\sstyle=/);
    expect(html).not.toMatch(/\son[a-z]+=/i);
    expect(html).not.toMatch(/https?:\/\//);
  });

  it("no source builds HTML from strings, evaluates code or sets inline handlers/styles", () => {
    const files = sources(join(root, "src"));
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) {
      const code = readFileSync(f, "utf8").replace(/^\s*(\/\/|\*).*$/gm, ""); // comments may mention them
      expect(code, f).not.toMatch(/\.(innerHTML|outerHTML)\s*=|insertAdjacentHTML|document\.write|createContextualFragment|DOMParser/);
      expect(code, f).not.toMatch(/\beval\s*\(|new Function\s*\(|setTimeout\(\s*["'`]/);
      expect(code, f).not.toMatch(/setAttribute\(\s*["'`](on\w+|style)["'`]/);
      expect(code, f).not.toMatch(/\.on(click|error|load|mouseover|input|change|keydown|submit)\s*=/);
      expect(code, f).not.toMatch(/\.style\.cssText|\.setAttribute\(\s*["']style/);
    }
  });

  it("all styling is in the stylesheet", () => {
    const css = readFileSync(join(root, "src", "styles", "app.css"), "utf8");
    expect(css).toContain(".m.s");
    const main = readFileSync(join(root, "src", "main.ts"), "utf8");
    expect(main).toContain('import "./styles/app.css"');
  });
});
