// `npm start` runs this launcher (server/dist/main.cjs). It compiles the server's bundle
// (server/dist/server.cjs, built from serve.ts) with the V8 code cache the build wrote beside it, so
// that a restarted process does not parse and compile two megabytes of JavaScript again, nor the
// functions a start runs (README "Restart and memory"). Node 20 keeps no code cache for ES modules,
// hence a CommonJS bundle compiled here. Without a usable cache it compiles as Node would. The
// launcher is CommonJS too: an ES module entry has Node set up its ES module loader first (~10 ms).
// `--write-code-cache` (server/build.mjs): start once, stop, and write the cache of what ran.
// `--write-schemas` (server/build.mjs, before that): start once and stop, generating the code of
// every route's schemas into server/dist/schemas, which a running server loads instead of compiling.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import type { CodeCacheState, start } from './serve.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const bundleFile = path.join(here, 'server.cjs');
/** The bundle's SHA-1, then V8's data: V8 itself checks only the source's length. */
const cacheFile = `${bundleFile}.cache`;
const DIGEST_BYTES = 20;
const schemaCode = { folder: path.join(here, 'schemas'), write: process.argv.includes('--write-schemas') };

function readCache(digest: Buffer): { data?: Buffer; state: CodeCacheState } {
  let file: Buffer;
  try {
    file = fs.readFileSync(cacheFile);
  } catch {
    return { state: 'missing' };
  }
  if (!file.subarray(0, DIGEST_BYTES).equals(digest)) return { state: 'stale' };
  return { data: file.subarray(DIGEST_BYTES), state: 'used' };
}

/**
 * The bundle compiled, from the cache when it fits. Its bytes are hashed as read (hashing the string
 * would encode it again: ~6 ms), then made a string as latin1: the build checked they are ASCII, so
 * there is no UTF-8 to decode. No copy of the bytes outlives this.
 */
function compileBundle(): { script: vm.Script; digest: Buffer; codeCache: CodeCacheState } {
  const bytes = fs.readFileSync(bundleFile);
  const digest = createHash('sha1').update(bytes).digest();
  const source = bytes.toString('latin1');
  const cache = readCache(digest);
  // The file is a CommonJS module wrapped as Node wraps one (build.mjs): the script is that function.
  const script = new vm.Script(source, { filename: bundleFile, cachedData: cache.data });
  // V8 refuses a cache from another Node version or other V8 flags than the build ran with.
  return { script, digest, codeCache: cache.data && script.cachedDataRejected ? 'rejected' : cache.state };
}

const { script, digest, codeCache } = compileBundle();
const bundle = { exports: {} as { start: typeof start } };
script.runInThisContext()(bundle.exports, createRequire(bundleFile), bundle, bundleFile, here);

if (process.argv.includes('--write-code-cache')) {
  void bundle.exports.start({ codeCache, schemaCode, once: true }).then(() => {
    const written = `${cacheFile}.${process.pid}`;
    fs.writeFileSync(written, Buffer.concat([digest, script.createCachedData()]));
    fs.renameSync(written, cacheFile);
    process.exit(0);
  });
} else if (schemaCode.write) {
  void bundle.exports.start({ codeCache, schemaCode, once: true }).then(() => process.exit(0));
} else {
  void bundle.exports.start({ codeCache, schemaCode });
}
