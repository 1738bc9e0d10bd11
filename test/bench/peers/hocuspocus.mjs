// Hocuspocus as its documentation sets it up: the stock Server with the SQLite extension and
// default settings (stores debounced by 2 s, at most 10 s apart). PORT and HOCUSPOCUS_DB come from
// the environment. Prints one ready line for the bench.
import { SQLite } from '@hocuspocus/extension-sqlite';
import { Server } from '@hocuspocus/server';

const port = Number(process.env.PORT);
const database = process.env.HOCUSPOCUS_DB;
if (!port || !database) throw new Error('PORT and HOCUSPOCUS_DB must be set');

const server = new Server({ port, address: '127.0.0.1', quiet: true, extensions: [new SQLite({ database })] });
await server.listen();
console.log(`hocuspocus listening on ${server.address.port}`);
