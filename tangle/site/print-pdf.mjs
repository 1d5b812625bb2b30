// print-pdf.mjs: the book as a PDF, printed by the Chromium the browser
// tests use.  node tangle/site/print-pdf.mjs SITE_DIR OUT.pdf
//
// Serves SITE_DIR with the site's own server, opens book-print.html (every
// chapter on one page, written by weave.sh) with the print stylesheet and
// prints it to OUT.pdf: A4, the page's own colours off, code wrapped,
// page numbers in the footer and an outline of chapters and sections.
// Then it removes book-print.html.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";
import { startServer } from "./serve.mjs";

const [site, out] = process.argv.slice(2);
// PDF_OUTLINE=0 prints without the outline and tags (faster; see README).
const OUTLINE = process.env.PDF_OUTLINE !== "0";
if (!site || !out) {
  console.error("usage: node tangle/site/print-pdf.mjs SITE_DIR OUT.pdf");
  process.exit(2);
}
if (!fs.existsSync(path.join(site, "book-print.html"))) {
  console.error(`print-pdf: ${site}/book-print.html is missing (the weave writes it)`);
  process.exit(1);
}
const { server, url } = await startServer(site, { port: 0 });
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wakeful-pdf-"));
let status = 0;
try {
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    // The print page needs no script: book.js only adds what a reader
    // clicks (previews, search, the machine), and running it over 2 MB
    // of HTML would only slow the print down.
    javaScriptEnabled: false,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
  });
  const page = await context.newPage();
  await page.goto(url + "book-print.html", { waitUntil: "load", timeout: 300000 });
  await page.emulateMedia({ media: "print", colorScheme: "light" });
  // page.pdf() has no timeout of its own, and a Chromium that stops
  // (see README) would hold make forever: a hang timeout, not a speed bound.
  const hang = Number(process.env.PDF_HANG_MINUTES || 30);
  let timer;
  const stalled = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Chromium printed nothing in ${hang} minutes (PDF_HANG_MINUTES)`)), hang * 60000);
  });
  const t0 = Date.now();
  await Promise.race([stalled, page.pdf({ path: out + ".tmp", format: "A4", margin: { top: "18mm", bottom: "18mm", left: "16mm", right: "16mm" },
    printBackground: false,
    // The outline (the reader's bookmarks: chapters and their sections)
    // comes from the headings; this Chromium writes it only into a tagged
    // PDF, so both are on (README, The book offline, for what they cost).
    outline: OUTLINE, tagged: OUTLINE,
    // Page numbers in the footer; the header stays empty (the default
    // header would print the date and the file's address).
    displayHeaderFooter: true,
    headerTemplate: "<span></span>",
    footerTemplate: '<div class="page-footer" style="font: 8pt sans-serif; width: 100%; text-align: center; color: #444">' +
      '<span class="pageNumber"></span></div>' })]);
  console.log(`  PDF      printed in ${Math.round((Date.now() - t0) / 1000)} s (outline ${OUTLINE ? "on" : "off"})`);
  clearTimeout(timer);
  fs.renameSync(out + ".tmp", out);
  // book-print.html is only the PDF's source: once printed it goes, so
  // it is neither a page of the site nor in its checks.
  fs.rmSync(path.join(site, "book-print.html"));
  await context.close();
} catch (e) {
  console.error(`print-pdf: ${e.message}`);
  status = 1;
} finally {
  server.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
process.exit(status);
