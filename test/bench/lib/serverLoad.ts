// The load most workloads put on one running server: boards made on it, stock probes connected to
// it, light clients (lightClients.ts) speaking its protocol.
import { connectClient } from './clients.js';
import { CLASSROOM, Load, type LoadSpec } from './load.js';
import type { RunningServer } from './servers.js';

export function loadOn(server: RunningServer, spec: LoadSpec = CLASSROOM): Load {
  return new Load(
    spec,
    () => server.createBoard(),
    (board) => ({ client: connectClient(server, board), group: 0 }),
    server,
  );
}
