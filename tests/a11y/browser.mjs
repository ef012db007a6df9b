// What the checks share: Debian's headless Chromium (no browser download), started with the
// flags a machine without network access needs, and the HTML files named on the command line.
import { chromium } from "playwright-core";

const executablePath = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const flags = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** The files named on the command line; with none, the usage, and exit 2. */
export function namedFiles(script) {
  const files = process.argv.slice(2);
  if (files.length === 0) {
    console.error(`usage: node ${script} FILE.html...`);
    process.exit(2);
  }
  return files;
}

/** The browser; when it cannot start, why, and exit 2 (the check itself cannot run). */
export async function launch() {
  try {
    return await chromium.launch({ executablePath, args: flags, headless: true });
  } catch (error) {
    console.error(`cannot start ${executablePath}: ${error.message}`);
    process.exit(2);
  }
}
