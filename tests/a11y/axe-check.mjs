// Runs axe-core's WCAG 2.1 A and AA rules on each HTML file named on the command line,
// in Debian's headless Chromium (no browser download). Prints one JSON report on stdout:
// {"files": [{"file", "violations": [{"id", "impact", "help", "nodes": [html…]}]}]}
// and exits 1 when any file has a violation, 2 when the check itself cannot run.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { launch, namedFiles } from "./browser.mjs";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

const files = namedFiles("axe-check.mjs");

const browser = await launch();
const report = { files: [] };
try {
  const page = await browser.newPage();
  for (const file of files) {
    await page.goto(pathToFileURL(resolve(file)).href, { waitUntil: "load" });
    await page.addScriptTag({ content: axeSource });
    const result = await page.evaluate(
      (runTags) => window.axe.run(document, { runOnly: { type: "tag", values: runTags } }),
      tags,
    );
    report.files.push({
      file,
      passes: result.passes.length,
      violations: result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.map((n) => n.html),
      })),
    });
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify(report, null, 2));
process.exit(report.files.some((f) => f.violations.length > 0) ? 1 : 0);
