// Judges each participant's update before it is stored: which parts of the board it changes, and
// whether the protocol allows that (shared/protocolLocks.ts). The update is decoded, not applied:
// Yjs updates name their parents only partly (an overwritten map key or a typed character names
// its neighbour, not its parent), so each new item's parent and key are found through the items it
// refers to — in the update itself, in the updates accepted but not yet durable, or in the room's
// document — and each deleted item is looked up the same way. No second copy of the board is kept.
import * as Y from 'yjs';
import { type DocPath, refusalFor } from '#shared/protocolLocks.js';
import type { Role } from '#shared/roles.js';
import { readProtocol } from '#shared/schema/protocol.js';
import type { DecodedUpdate } from './pending.js';

export type Verdict = { ok: true } | { ok: false; reason: string; malformed: boolean };

/** Where an item sits: the path of its parent type and its key there (null in arrays and texts). */
interface Place {
  type: string[];
  key: string | null;
  /** The parent type was created by the update being judged (its contents are not news: Yjs reports only the type's creation). */
  newParent: boolean;
}

type Struct = Y.Item | Y.GC;

/** The structs of some decoded updates, findable by id. */
class StructIndex {
  private readonly byClient = new Map<number, Struct[]>();

  add(structs: DecodedUpdate['structs']): void {
    for (const struct of structs) {
      if (struct instanceof Y.Skip) continue;
      let list = this.byClient.get(struct.id.client);
      if (!list) {
        list = [];
        this.byClient.set(struct.id.client, list);
      }
      list.push(struct);
    }
  }

  find(id: Y.ID): Struct | null {
    for (const struct of this.byClient.get(id.client) ?? []) {
      if (struct.id.clock <= id.clock && id.clock < struct.id.clock + struct.length) return struct;
    }
    return null;
  }

  /** The next clock after what these structs hold of `client` (0 when none). */
  reach(client: number): number {
    let reach = 0;
    for (const struct of this.byClient.get(client) ?? []) reach = Math.max(reach, struct.id.clock + struct.length);
    return reach;
  }

  *inRange(client: number, from: number, to: number): Iterable<Struct> {
    for (const struct of this.byClient.get(client) ?? []) {
      if (struct.id.clock < to && struct.id.clock + struct.length > from) yield struct;
    }
  }
}

export class LockGuard {
  private readonly decoded = new WeakMap<Uint8Array, DecodedUpdate>();
  private indexed: { updates: Uint8Array[]; index: StructIndex } | null = null;

  /**
   * @param doc the room's document.
   * @param pending updates accepted but not yet applied to `doc` (being made durable), oldest first.
   */
  constructor(
    private readonly doc: Y.Doc,
    private readonly pending: () => Iterable<Uint8Array>,
  ) {}

  /** `decoded`: the update as the caller decoded it, kept for when the update is pending (not decoded again). */
  check(role: Role, update: Uint8Array, decoded: DecodedUpdate = Y.decodeUpdate(update)): Verdict {
    this.decoded.set(update, decoded);
    let paths: DocPath[];
    try {
      paths = this.changedPaths(decoded);
    } catch (error) {
      return { ok: false, reason: `update does not apply (${(error as Error).message})`.slice(0, 120), malformed: true };
    }
    const reason = refusalFor(paths, role, readProtocol(this.doc).locks);
    return reason === null ? { ok: true } : { ok: false, reason, malformed: false };
  }

  /** The next clock expected of `client` in the board plus the updates accepted and not yet durable. */
  stateOf(client: number): number {
    return Math.max(Y.getState(this.doc.store, client), this.pendingIndex().reach(client));
  }

  /** Forgets what it decoded of the pending updates (some were dropped). */
  reset(): void {
    this.indexed = null;
  }

  destroy(): void {
    this.indexed = null;
  }

  /** The structs of the pending updates, rebuilt only when those updates change. */
  private pendingIndex(): StructIndex {
    const updates = [...this.pending()];
    const cached = this.indexed;
    if (cached && cached.updates.length === updates.length && cached.updates.every((update, i) => update === updates[i]))
      return cached.index;
    const index = new StructIndex();
    for (const update of updates) {
      let decoded = this.decoded.get(update);
      if (!decoded) {
        decoded = Y.decodeUpdate(update);
        this.decoded.set(update, decoded);
      }
      index.add(decoded.structs);
    }
    this.indexed = { updates, index };
    return index;
  }

  /** The paths an update changes: a map key as `[…type path, key]`, text or array content as the type's path. */
  private changedPaths(update: DecodedUpdate): DocPath[] {
    const own = new StructIndex();
    own.add(update.structs);
    const pending = this.pendingIndex();
    const known = (client: number) => Math.max(Y.getState(this.doc.store, client), pending.reach(client));
    // Unknown references never reach here in a room (it holds such updates back first); judged
    // on their own, they are refused rather than passed unjudged.
    const find = (id: Y.ID): Struct => {
      if (id.clock < Y.getState(this.doc.store, id.client)) return Y.getItem(this.doc.store, id) as Struct;
      const found = pending.find(id) ?? own.find(id);
      if (!found) throw new Error(`refers to change ${id.client}:${id.clock}, which the board does not have`);
      return found;
    };
    const isNew = (struct: Struct) => struct.id.clock + struct.length > known(struct.id.client);
    const places = new Map<Struct, Place | null>();

    const placeOf = (item: Y.Item, depth = 0): Place | null => {
      if (places.has(item)) return places.get(item) ?? null;
      if (depth > 10_000) throw new Error('items refer to each other in a loop');
      let place: Place | null = null;
      const parent = item.parent;
      if (parent instanceof Y.AbstractType) {
        const type = typePath(this.doc, parent);
        place = type ? { type, key: item.parentSub, newParent: false } : null;
      } else if (typeof parent === 'string') {
        place = { type: [parent], key: item.parentSub, newParent: false };
      } else if (parent instanceof Y.ID) {
        const parentItem = find(parent);
        if (parentItem instanceof Y.Item && parentItem.content instanceof Y.ContentType) {
          const outer = placeOf(parentItem, depth + 1);
          if (outer) place = { type: [...outer.type, outer.key ?? '#'], key: item.parentSub, newParent: isNew(parentItem) };
        }
      } else {
        // No parent written: it is that of the neighbour the item was inserted next to.
        const neighbour = (item.origin && find(item.origin)) || (item.rightOrigin && find(item.rightOrigin)) || null;
        if (neighbour instanceof Y.Item) place = placeOf(neighbour, depth + 1);
      }
      places.set(item, place);
      return place;
    };

    const paths: DocPath[] = [];
    const report = (item: Y.Item) => {
      const place = placeOf(item);
      if (place && !place.newParent) paths.push(place.key === null ? place.type : [...place.type, place.key]);
    };
    for (const struct of update.structs) if (struct instanceof Y.Item && isNew(struct)) report(struct);
    for (const [client, ranges] of update.ds.clients) {
      for (const { clock, len } of ranges) {
        for (const struct of this.structsInRange(client, clock, clock + len, pending, own)) {
          if (struct instanceof Y.Item && !struct.deleted) report(struct);
        }
      }
    }
    return paths;
  }

  /** The structs of `client` covering [from, to): in the document, then in the pending updates and the update. */
  private *structsInRange(client: number, from: number, to: number, pending: StructIndex, own: StructIndex): Iterable<Struct> {
    const structs = this.doc.store.clients.get(client) as Struct[] | undefined;
    const docState = Y.getState(this.doc.store, client);
    if (structs && from < docState) {
      for (let i = Y.findIndexSS(structs, from); i < structs.length; i++) {
        const struct = structs[i] as Struct;
        if (struct.id.clock >= to) break;
        yield struct;
      }
    }
    if (to > docState) {
      yield* pending.inRange(client, Math.max(from, docState), to);
      yield* own.inRange(client, Math.max(from, docState), to);
    }
  }
}

/** A shared type as Yjs hands it out. */
type SharedType = Y.AbstractType<unknown>;

function typePath(doc: Y.Doc, type: SharedType): string[] | null {
  const segments: string[] = [];
  let current: SharedType = type;
  while (current._item) {
    const item = current._item;
    // Types inside arrays have no key; none of the board's locked paths go through one.
    segments.unshift(item.parentSub ?? '#');
    if (!(item.parent instanceof Y.AbstractType)) return null;
    current = item.parent;
  }
  for (const [name, root] of doc.share) if (root === current) return [name, ...segments];
  return null;
}
