// The benchmark's own packages (test/bench/package.json): the servers it compares ours with and
// Hocuspocus's client. They stay out of the app's install, which would otherwise compile sqlite3
// and leveldown for every user; `npm run bench` installs them here on first use, and again after
// test/bench/package-lock.json changes.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const benchDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Runs `npm ci` in test/bench unless its node_modules is newer than its lock file. */
export function installBenchPackages(): void {
  const lock = path.join(benchDir, 'package-lock.json');
  // npm writes this record of what it installed at the end of every successful install.
  const installed = path.join(benchDir, 'node_modules', '.package-lock.json');
  if (fs.existsSync(installed) && fs.statSync(installed).mtimeMs >= fs.statSync(lock).mtimeMs) return;
  console.log('== Installing the benchmark’s peer servers (test/bench/package.json; compiles sqlite3 and leveldown)');
  const began = performance.now();
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], { cwd: benchDir, stdio: 'inherit' });
  if (result.status !== 0) {
    throw new Error(
      `npm ci in ${benchDir} failed (${result.error?.message ?? `exit ${result.status}`}); the benchmark needs its peer servers`,
    );
  }
  console.log(`== Installed in ${((performance.now() - began) / 1000).toFixed(0)} s`);
}

/**
 * Imports one of the benchmark's packages. The specifier is not a literal on purpose: the app's
 * type check must pass on a machine where they are not installed, so callers state the shape they use.
 */
export async function importBenchPackage<Module>(name: string): Promise<Module> {
  try {
    return (await import(name)) as Module;
  } catch (error) {
    throw new Error(`${name} is not installed: run the benchmark with \`npm run bench\`, which installs test/bench/package.json`, {
      cause: error,
    });
  }
}
