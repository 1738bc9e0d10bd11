// The reference server as people run it (`npx y-websocket`, i.e. @y/websocket-server's own
// src/server.js, with its own `ws`), persisting to LevelDB through y-leveldb when YPERSISTENCE
// names a folder. HOST and PORT come from the environment. Prints one ready line for the bench.
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const packageDir = path.dirname(require.resolve('@y/websocket-server/package.json'));
// The stock binary starts listening as soon as it is imported and logs "running at …".
await import(pathToFileURL(path.join(packageDir, 'src/server.js')).href);
