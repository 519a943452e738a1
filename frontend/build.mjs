// Bundles src/pages/*.js (one ES module per page) into web/static/ui with esbuild.
// Shared code (the editor, Yjs, KaTeX) lands in chunks that only the pages using
// them load. An unchanged tree does not rebuild: the inputs' hash is kept beside
// the output. Writes manifest.json (page -> its script and styles) for Flask and
// sizes.json (bytes and gzip bytes per entry, with the chunks it imports), and
// copies the API docs' Swagger UI beside them (no page loads from a CDN).
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import * as esbuild from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
const servedDir = process.env.PANDA_UI_OUTDIR || join(here, "..", "web", "static", "ui");
const stampFile = join(servedDir, ".inputs-sha256");

function filesUnder(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(path) : [path];
  });
}

function inputsHash() {
  const hash = createHash("sha256");
  const inputs = [...filesUnder(join(here, "src")), join(here, "package-lock.json"), join(here, "build.mjs")];
  for (const path of inputs.sort()) {
    hash.update(relative(here, path)).update("\0").update(readFileSync(path)).update("\0");
  }
  return hash.digest("hex");
}

const hash = inputsHash();
if (!process.argv.includes("--force") && existsSync(stampFile) && readFileSync(stampFile, "utf8") === hash) {
  console.log(`ui: bundles are current (${relative(process.cwd(), servedDir)})`);
  process.exit(0);
}

// Built beside the served tree and swapped in at the end: a web serving the old
// bundles never sees a half-written one (nor a missing manifest).
const buildDir = `${servedDir}.building`;
const outdir = buildDir;
rmSync(buildDir, { recursive: true, force: true });
mkdirSync(buildDir, { recursive: true });
const pages = readdirSync(join(here, "src", "pages")).filter((name) => name.endsWith(".js"));
const result = await esbuild.build({
  entryPoints: Object.fromEntries(pages.map((name) => [name.slice(0, -3), join(here, "src", "pages", name)])),
  outdir,
  bundle: true,
  splitting: true,
  format: "esm",
  target: ["es2022"],
  minify: true,
  sourcemap: "linked",
  metafile: true,
  entryNames: "[name]-[hash]",
  chunkNames: "chunks/[name]-[hash]",
  assetNames: "assets/[name]-[hash]",
  loader: { ".woff2": "file", ".woff": "file", ".ttf": "file" },
  legalComments: "linked",
  logLevel: "warning",
});

const outputs = result.metafile.outputs;
const manifest = {};
const sizes = {};
// Paths in the metafile are relative to the working directory.
const fromCwd = (path) => join(process.cwd(), path);
const publicName = (path) => relative(outdir, fromCwd(path));
function importsOf(path, seen = new Set()) {
  for (const imported of outputs[path].imports) {
    if (imported.kind === "import-statement" && !seen.has(imported.path)) {
      seen.add(imported.path);
      importsOf(imported.path, seen);
    }
  }
  return seen;
}
for (const [path, output] of Object.entries(outputs)) {
  if (!output.entryPoint?.includes("src/pages/") || !path.endsWith(".js")) continue;
  const page = publicName(path).replace(/-[A-Z0-9]+\.js$/, "");
  const statics = [path, ...importsOf(path)];
  const styles = output.cssBundle ? [publicName(output.cssBundle)] : [];
  manifest[page] = { script: publicName(path), styles, preload: [...importsOf(path)].map(publicName) };
  const measured = statics.map((p) => {
    const bytes = readFileSync(fromCwd(p));
    return { bytes: bytes.length, gzip: gzipSync(bytes).length };
  });
  sizes[page] = {
    bytes: measured.reduce((sum, m) => sum + m.bytes, 0),
    gzip: measured.reduce((sum, m) => sum + m.gzip, 0),
    css_gzip: styles.reduce((sum, css) => sum + gzipSync(readFileSync(join(outdir, css))).length, 0),
  };
}
// The API docs' Swagger UI, served from here too (flask-smorest's OPENAPI_SWAGGER_UI_URL).
mkdirSync(join(outdir, "swagger-ui"));
for (const name of ["swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-standalone-preset.js"]) {
  copyFileSync(join(here, "node_modules", "swagger-ui-dist", name), join(outdir, "swagger-ui", name));
}
writeFileSync(join(outdir, "manifest.json"), JSON.stringify(manifest, null, 2));
writeFileSync(join(outdir, "sizes.json"), JSON.stringify(sizes, null, 2));
writeFileSync(join(outdir, ".inputs-sha256"), hash);
const oldDir = `${servedDir}.old`;
rmSync(oldDir, { recursive: true, force: true });
if (existsSync(servedDir)) renameSync(servedDir, oldDir);
renameSync(buildDir, servedDir);
rmSync(oldDir, { recursive: true, force: true });
const total = Object.values(outputs).reduce((sum, o) => sum + o.bytes, 0);
console.log(`ui: built ${pages.length} pages into ${relative(process.cwd(), servedDir)} (${(total / 1024).toFixed(0)} KiB in all)`);
for (const [page, s] of Object.entries(sizes)) {
  console.log(`  ${page.padEnd(14)} ${(s.gzip / 1024).toFixed(1).padStart(7)} KiB gzip JS (static imports included), ${(s.css_gzip / 1024).toFixed(1)} KiB gzip CSS`);
}
