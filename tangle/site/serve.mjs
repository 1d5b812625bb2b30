// serve.mjs: a tiny static file server for the Wakeful website.
//
//   node tangle/site/serve.mjs [DIR] [--port N] [--host H]
//
// Serves DIR (default build/site) on 127.0.0.1, port 8000 unless --port
// or $PORT says otherwise (0 picks a free port), and prints the URL.  The
// browser tests import startServer() from here so that they exercise the
// same server a reader uses with `make serve`.

import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import zlib from "node:zlib";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".ico": "image/x-icon",
  ".webp": "image/webp",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
  ".md": "text/plain; charset=utf-8",
  ".wasm": "application/wasm",
  ".iso": "application/x-iso9660-image",
  ".img": "application/octet-stream",
  ".bin": "application/octet-stream",
  ".pdf": "application/pdf",
  ".epub": "application/epub+zip",
  ".gz": "application/gzip",
  ".tgz": "application/gzip",
  ".xml": "application/xml",
  // pagefind's index fragments
  ".pf_meta": "application/octet-stream",
  ".pf_index": "application/octet-stream",
  ".pf_fragment": "application/octet-stream",
  ".pf_filter": "application/octet-stream",
};

// Text is sent gzip-compressed to clients that accept it, as any real
// static host does, so that transferred sizes mean what they will online.
const COMPRESSIBLE = /^(text\/|application\/(json|xml|javascript)|image\/svg\+xml)/;

export function mimeType(file) {
  return TYPES[path.extname(file).toLowerCase()] || "application/octet-stream";
}

// Map a request path onto a file below root, or null if it escapes root.
function resolve(root, urlPath) {
  let p;
  try {
    p = decodeURIComponent(urlPath.split("?")[0].split("#")[0]);
  } catch {
    return null;
  }
  if (p.includes("\0")) return null;
  const full = path.resolve(root, "." + path.posix.normalize("/" + p));
  if (full !== root && !full.startsWith(root + path.sep)) return null;
  return full;
}

function send(res, status, body, type = "text/plain; charset=utf-8") {
  res.writeHead(status, { "Content-Type": type, "Content-Length": Buffer.byteLength(body) });
  res.end(body);
}

export function handler(rootDir) {
  const root = path.resolve(rootDir);
  return (req, res) => {
    if (req.method !== "GET" && req.method !== "HEAD") {
      return send(res, 405, "method not allowed\n");
    }
    let file = resolve(root, new URL(req.url, "http://x").pathname);
    if (!file) return send(res, 403, "forbidden\n");
    let st;
    try {
      st = fs.statSync(file);
      if (st.isDirectory()) {
        if (!req.url.split("?")[0].endsWith("/")) {
          res.writeHead(301, { Location: req.url.split("?")[0] + "/" });
          return res.end();
        }
        file = path.join(file, "index.html");
        st = fs.statSync(file);
      }
    } catch {
      return send(res, 404, "not found\n");
    }
    const type = mimeType(file);
    const headers = {
      "Content-Type": type,
      "Cache-Control": "no-cache",
      "X-Content-Type-Options": "nosniff",
      "Accept-Ranges": "bytes",
      "Last-Modified": st.mtime.toUTCString(),
    };
    if (COMPRESSIBLE.test(type) && /\bgzip\b/.test(req.headers["accept-encoding"] || "") && !req.headers.range) {
      delete headers["Accept-Ranges"];
      headers["Content-Encoding"] = "gzip";
      headers["Vary"] = "Accept-Encoding";
      res.writeHead(200, headers);
      if (req.method === "HEAD") return res.end();
      fs.createReadStream(file).pipe(zlib.createGzip({ level: 6 })).pipe(res);
      return;
    }
    // Byte ranges: v86 can fetch large disk images piecewise.
    const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range || "");
    let start = 0, end = st.size - 1, status = 200;
    if (range && (range[1] || range[2])) {
      if (range[1]) {
        start = Number(range[1]);
        if (range[2]) end = Math.min(Number(range[2]), end);
      } else {
        start = Math.max(0, st.size - Number(range[2]));
      }
      if (start > end || start >= st.size) {
        res.writeHead(416, { "Content-Range": `bytes */${st.size}` });
        return res.end();
      }
      status = 206;
      headers["Content-Range"] = `bytes ${start}-${end}/${st.size}`;
    }
    headers["Content-Length"] = end - start + 1;
    res.writeHead(status, headers);
    if (req.method === "HEAD" || st.size === 0) return res.end();
    fs.createReadStream(file, { start, end }).pipe(res);
  };
}

// Start serving root; resolves to { server, url } once listening.
export function startServer(root, { port = 0, host = "127.0.0.1" } = {}) {
  return new Promise((ok, fail) => {
    const server = http.createServer(handler(root));
    server.on("error", fail);
    server.listen(port, host, () => {
      const a = server.address();
      ok({ server, url: `http://${host}:${a.port}/` });
    });
  });
}

async function main(argv) {
  let root = "build/site", port = Number(process.env.PORT || 8000), host = "127.0.0.1";
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--port") port = Number(argv[++i]);
    else if (argv[i] === "--host") host = argv[++i];
    else if (argv[i] === "-h" || argv[i] === "--help") {
      console.log("usage: node tangle/site/serve.mjs [DIR] [--port N] [--host H]");
      return;
    } else root = argv[i];
  }
  if (!fs.existsSync(path.join(root, "index.html"))) {
    console.error(`serve: ${root}/index.html not found; run make site first`);
    process.exit(1);
  }
  const { url } = await startServer(root, { port, host });
  console.log(`Serving ${root} at ${url}  (Ctrl-C stops)`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((e) => {
    if (e.code === "EADDRINUSE") {
      console.error(`serve: port ${e.port} is taken; pick another: make serve SERVE_PORT=N (or --port N, 0 for any)`);
    } else {
      console.error(`serve: ${e.message}`);
    }
    process.exit(1);
  });
}
