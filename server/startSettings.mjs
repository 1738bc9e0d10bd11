// How `npm start` runs the server (package.json's start script): Node's flags and the environment
// it sets for glibc's malloc (each `NAME=${NAME:-default}`, the default applying when unset). Read
// from there by the build (which runs the server once to write its code cache, valid only for the
// same V8 flags) and by tests and benchmarks, so none of them can run it differently.
import fs from 'node:fs';
import path from 'node:path';

/** @param {string} root the project's folder */
export function npmStartSettings(root) {
  const { scripts } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const flags = /\bnode((?: --[\w-]+(?:=\S+)?)*) server\/dist\/main\.cjs/.exec(scripts.start);
  const env = Object.fromEntries([...scripts.start.matchAll(/\b(\w+)=\$\{\1:-(\w+)\}/g)].map(([, name, value]) => [name, value]));
  if (!flags || !env.MALLOC_ARENA_MAX) throw new Error(`package.json's start script no longer reads as expected: ${scripts.start}`);
  return { nodeFlags: flags[1].trim().split(' ').filter(Boolean), env };
}
