// The launcher (server/main.ts) compiles the server's bundle with the V8 code cache the build wrote
// (server/build.mjs), and compiles it as Node would when that cache is missing, made for another
// bundle, or refused by V8. Each case runs a copy of the built server/dist, so that other test files'
// servers keep the real one.
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { afterAll, describe, expect, it } from 'vitest';
import { buildServerIfStale, copyOfBuild as copyBuild } from '../fixtures/buildServer.js';
import { startServerProcess } from '../fixtures/process.js';
import { tempDataDir } from '../fixtures/server.js';

const root = path.resolve(new URL('../..', import.meta.url).pathname);
const copies: string[] = [];

/** A copy of the built server, removed after the tests. */
function copyOfBuild(): string {
  const copy = copyBuild();
  copies.push(copy);
  return copy;
}

/** Starts a copy as `npm start` would (plus `nodeFlags`), answers /healthz, and says how it used the cache. */
async function cacheUse(copy: string, nodeFlags: string[] = []): Promise<string> {
  const server = await startServerProcess({ DATA_DIR: tempDataDir() }, 30_000, nodeFlags, path.join(copy, 'main.cjs'));
  try {
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    return /"codeCache":"(\w+)"/.exec(server.startLog)?.[1] ?? 'not logged';
  } finally {
    await server.stop();
  }
}

afterAll(() => {
  for (const copy of copies) fs.rmSync(copy, { recursive: true, force: true });
});

describe('the code cache of the server bundle', () => {
  it('is written by the build and used by a start with the flags of npm start', async () => {
    const copy = copyOfBuild();
    expect(fs.statSync(path.join(copy, 'server.cjs.cache')).size).toBeGreaterThan(100_000);
    expect(await cacheUse(copy)).toBe('used');
  });

  it('is not used when it was made for another bundle, or is missing', async () => {
    const copy = copyOfBuild();
    const cacheFile = path.join(copy, 'server.cjs.cache');
    const cache = fs.readFileSync(cacheFile);
    cache[0] = (cache[0] as number) ^ 0xff; // the bundle's digest it was made for
    fs.writeFileSync(cacheFile, cache);
    expect(await cacheUse(copy)).toBe('stale');
    fs.rmSync(cacheFile);
    expect(await cacheUse(copy)).toBe('missing');
  });

  it('compiles a bundle that is one strict function, as the ES modules it was built from', () => {
    buildServerIfStale();
    const source = fs.readFileSync(path.join(root, 'server', 'dist', 'server.cjs'), 'latin1');
    const wrapper = new vm.Script(source).runInThisContext() as () => void;
    expect(wrapper.length).toBe(5); // exports, require, module, __filename, __dirname
    // Only a sloppy function may be asked for its caller.
    expect(() => Reflect.get(wrapper, 'caller')).toThrow(TypeError);
  });

  it('is refused by V8 under other flags, and the server still starts', async () => {
    expect(await cacheUse(copyOfBuild(), ['--max-semi-space-size=8'])).toBe('rejected');
  });
});
