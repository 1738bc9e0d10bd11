// Judges each participant's update before it is stored: which parts of the board it changes, and
// whether the protocol allows that (shared/protocolLocks.ts). Yjs updates name their parents only
// partly (an overwritten map key or a typed character names its neighbour, not its parent), so the
// guard applies the update to a shadow copy of the board and reads the transaction's changed types.
// The shadow holds the room's document plus the updates accepted but not yet durable, so each
// update is judged against everything accepted before it; after a refusal it is rebuilt without it.
import * as Y from 'yjs';
import { type DocPath, refusalFor } from '../../shared/protocolLocks.js';
import type { Role } from '../../shared/roles.js';
import { readProtocol } from '../../shared/schema/protocol.js';

const CHECK = Symbol('lock check');
const MIRROR = Symbol('mirror');

export type Verdict = { ok: true } | { ok: false; reason: string; malformed: boolean };

export class LockGuard {
  private shadow: Y.Doc | null = null;

  /**
   * @param doc the room's document; every change to it is mirrored into the shadow.
   * @param pending updates accepted but not yet applied to `doc` (being made durable), oldest first.
   */
  constructor(
    private readonly doc: Y.Doc,
    private readonly pending: () => Iterable<Uint8Array>,
  ) {
    doc.on('update', this.mirror);
  }

  check(role: Role, update: Uint8Array): Verdict {
    const shadow = this.shadowDoc();
    const locks = readProtocol(shadow).locks;
    let paths: DocPath[] = [];
    const observe = (transaction: Y.Transaction) => {
      if (transaction.origin === CHECK) paths = changedPaths(shadow, transaction);
    };
    shadow.on('afterTransaction', observe);
    const hadPending = hasPending(shadow);
    try {
      Y.applyUpdate(shadow, update, CHECK);
    } catch (error) {
      this.reset();
      return { ok: false, reason: `update does not apply (${(error as Error).message})`.slice(0, 120), malformed: true };
    } finally {
      shadow.off('afterTransaction', observe);
    }
    // The caller checked the update against our state; Yjs is the final judge of what it could not
    // integrate (a struct referring to one of its own later structs, say).
    if (!hadPending && hasPending(shadow)) {
      this.reset();
      return { ok: false, reason: 'update refers to changes the board does not have', malformed: true };
    }
    const reason = refusalFor(paths, role, locks);
    if (reason === null) return { ok: true };
    // The refused update is in the shadow now; the next check rebuilds it from what was accepted.
    this.reset();
    return { ok: false, reason, malformed: false };
  }

  /** The next clock expected of `client` in the board plus the updates accepted and not yet durable. */
  stateOf(client: number): number {
    return Y.getState(this.shadowDoc().store, client);
  }

  /** Forgets the shadow (a refused or unsaved update is in it); it is rebuilt when next needed. */
  reset(): void {
    this.shadow?.destroy();
    this.shadow = null;
  }

  destroy(): void {
    this.doc.off('update', this.mirror);
    this.reset();
  }

  private shadowDoc(): Y.Doc {
    if (this.shadow) return this.shadow;
    const shadow = new Y.Doc({ gc: true });
    Y.applyUpdate(shadow, Y.encodeStateAsUpdate(this.doc), MIRROR);
    for (const update of this.pending()) Y.applyUpdate(shadow, update, MIRROR);
    this.shadow = shadow;
    return shadow;
  }

  private readonly mirror = (update: Uint8Array): void => {
    if (this.shadow) Y.applyUpdate(this.shadow, update, MIRROR);
  };
}

function hasPending(doc: Y.Doc): boolean {
  return doc.store.pendingStructs !== null || doc.store.pendingDs !== null;
}

/** The paths a transaction changed: a map key as `[…type path, key]`, text or array content as the type's path. */
export function changedPaths(doc: Y.Doc, transaction: Y.Transaction): DocPath[] {
  const paths: DocPath[] = [];
  for (const [type, keys] of transaction.changed) {
    const base = typePath(doc, type);
    if (!base) continue;
    for (const key of keys) paths.push(key === null ? base : [...base, key]);
  }
  return paths;
}

/** A shared type as Yjs hands it out in a transaction's changes. */
type SharedType = Y.Transaction['changed'] extends Map<infer T, unknown> ? T : never;

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
