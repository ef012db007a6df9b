// Lays out each HTML file named on the command line in Debian's headless Chromium, on an A4
// page (printed: 2 cm margins leave 643 CSS px) and on a 1280 px wide screen, and reports
// what a reader would stumble over. Prints one JSON report on stdout:
// {"files": [{"file", "layouts": [{"layout", "width", "overflow", "broken": [word…],
//   "headings": [word…], "split": [text…], "boxes": [{"label", "scrolls", "pinned"}]}]}]}
//   overflow: how many CSS px the content reaches past the page or window (0: none); what
//             lies inside a box that scrolls sideways (CSS overflow-x auto or scroll)
//             counts by the box, which a reader scrolls;
//   broken:   words split over two lines where no hyphen or other break point is;
//   headings: hyphenated words of a heading broken at their hyphen («Vest-» over «Telemark»);
//   split:    the text of each element kept whole (class "nobreak": a number, a phone
//             number, a part of an e-mail address) that lies on more than one line;
//   boxes:    each such scroll box, named by its aria-label or what aria-labelledby
//             names: whether its content is wider than the box ("scrolls"), and whether,
//             scrolled to its right end, each row's first cell is still in view at the
//             box's left edge ("pinned": a sticky first column; null when it does not
//             scroll).
// LAYOUTS (comma-separated names) chooses the layouts; "phone" (390 px) is laid out only
// when named there.
// Exits 2 when the check itself cannot run.
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { launch, namedFiles } from "./browser.mjs";

const known = [
  { layout: "a4-print", width: 643, height: 971, media: "print" },
  { layout: "screen", width: 1280, height: 800, media: "screen" },
  { layout: "phone", width: 390, height: 900, media: "screen" },
];
const chosen = (process.env.LAYOUTS || "a4-print,screen").split(",");
const layouts = known.filter(({ layout }) => chosen.includes(layout));

const files = namedFiles("layout-check.mjs");

// Runs in the page: every word (a run of letters or digits) whose glyphs land on more than
// one line, each hyphenated word of a heading that does, and how far the widest element
// reaches past the viewport.
function measure() {
  const broken = [];
  const headings = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  const lines = (node, match) => {
    range.setStart(node, match.index);
    range.setEnd(node, match.index + match[0].length);
    const tops = new Set();
    for (const rect of range.getClientRects()) {
      if (rect.width > 0) tops.add(Math.round(rect.top));
    }
    return tops.size;
  };
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent;
    for (const match of text.matchAll(/[\p{L}\p{N}]+/gu)) {
      if (match[0].length >= 2 && lines(node, match) > 1) broken.push(match[0]);
    }
    if (!node.parentElement.closest("h1, h2, h3, h4, h5, h6")) continue;
    for (const match of text.matchAll(/[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)+/gu)) {
      if (lines(node, match) > 1) headings.push(match[0]);
    }
  }
  const split = [];
  for (const element of document.querySelectorAll(".nobreak")) {
    const tops = new Set();
    for (const rect of element.getClientRects()) {
      if (rect.width > 0) tops.add(Math.round(rect.top));
    }
    if (tops.size > 1) split.push(element.textContent);
  }
  const scrollsSideways = (element) =>
    ["auto", "scroll"].includes(getComputedStyle(element).overflowX);
  const inScrollBox = (element) => {
    for (let up = element.parentElement; up && up !== document.body; up = up.parentElement) {
      if (scrollsSideways(up)) return true;
    }
    return false;
  };
  const viewport = document.documentElement.clientWidth;
  let right = 0;
  for (const element of document.body.querySelectorAll("*")) {
    if (!inScrollBox(element)) right = Math.max(right, element.getBoundingClientRect().right);
  }
  // Scrolled to its right end: is each row's first cell still at the box's left edge?
  const pinnedFirstColumn = (box) => {
    box.scrollLeft = box.scrollWidth;
    const left = box.getBoundingClientRect().left + box.clientLeft;
    const firsts = [...box.querySelectorAll("tr")].map((row) => row.cells[0]).filter(Boolean);
    const pinned =
      firsts.length > 0 &&
      firsts.every((cell) => Math.abs(cell.getBoundingClientRect().left - left) <= 1);
    box.scrollLeft = 0;
    return pinned;
  };
  const boxes = [];
  for (const box of document.body.querySelectorAll("*")) {
    if (!scrollsSideways(box)) continue;
    const named = (box.getAttribute("aria-labelledby") || "").split(" ").filter(Boolean);
    const label =
      box.getAttribute("aria-label") ||
      named.map((id) => document.getElementById(id)?.textContent.trim()).join(" ");
    const scrolls = box.scrollWidth > box.clientWidth;
    boxes.push({ label, scrolls, pinned: scrolls ? pinnedFirstColumn(box) : null });
  }
  return {
    broken,
    headings,
    split,
    boxes,
    overflow: Math.max(0, Math.ceil(right - viewport)),
  };
}

const browser = await launch();
const report = { files: [] };
try {
  const page = await browser.newPage();
  for (const file of files) {
    const entry = { file, layouts: [] };
    for (const { layout, width, height, media } of layouts) {
      await page.setViewportSize({ width, height });
      await page.emulateMedia({ media });
      await page.goto(pathToFileURL(resolve(file)).href, { waitUntil: "load" });
      entry.layouts.push({ layout, width, ...(await page.evaluate(measure)) });
    }
    report.files.push(entry);
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify(report, null, 2));
