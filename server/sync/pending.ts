// Whether an update applies completely to what the room holds. Yjs keeps the parts of an update it
// cannot apply yet (structs after a gap, references to unknown changes, deletes of clocks nobody
// has written) as "pending" and applies them later, when the missing changes arrive — so an update
// deleting a participant's *future* clocks changes nothing on arrival and silently erases that
// participant's next edits. A room stores and relays only updates that leave nothing pending.
import * as Y from 'yjs';

export type DecodedUpdate = ReturnType<typeof Y.decodeUpdate>;

/**
 * The first thing `update` needs beyond the state `stateOf` gives (the next clock the room expects
 * of each client), as a short description for logs; null when nothing would be left pending.
 */
export function missingFrom(update: DecodedUpdate, stateOf: (client: number) => number): string | null {
  // Per client, the clock just past what the room and this update hold together.
  const reach = new Map<number, number>();
  const reachOf = (client: number) => reach.get(client) ?? stateOf(client);
  // Yjs orders structs by client, then by clock; a Skip marks a gap in a merged update: it brings
  // nothing, so the next struct of that client must still start within reach.
  for (const struct of update.structs) {
    if (struct instanceof Y.Skip) continue;
    const { client, clock } = struct.id;
    const known = reachOf(client);
    if (clock > known) return `changes of client ${client} from clock ${clock}, the room has up to ${known}`;
    reach.set(client, Math.max(known, clock + struct.length));
  }
  const held = (id: Y.ID) => id.clock < reachOf(id.client);
  for (const struct of update.structs) {
    if (!(struct instanceof Y.Item)) continue;
    for (const id of [struct.origin, struct.rightOrigin, struct.parent]) {
      if (id instanceof Y.ID && !held(id)) return `a reference to unknown change ${id.client}:${id.clock}`;
    }
  }
  for (const [client, ranges] of update.ds.clients) {
    for (const range of ranges) {
      if (range.clock + range.len > reachOf(client)) {
        return `deletes of client ${client} up to clock ${range.clock + range.len}, the room has up to ${reachOf(client)}`;
      }
    }
  }
  return null;
}

/**
 * Forgets what a loaded board holds pending. Every process stores only updates that apply
 * completely, and storage is read whole, so anything still pending after a read was stored before
 * this check existed: left in place, it would erase whoever's change reaches those clocks next.
 * Answers whether there was anything to forget.
 */
export function dropPending(doc: Y.Doc): boolean {
  const { store } = doc;
  if (store.pendingStructs === null && store.pendingDs === null) return false;
  store.pendingStructs = null;
  store.pendingDs = null;
  return true;
}
