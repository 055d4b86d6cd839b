// The projector's and the control page's order of updates (docs/protocol.md):
// its own module, so a phone does not load it.

/**
 * Applies projector/control `update` batches in `seq` order.
 * apply(changes) is called once per batch; onSnapshot(snapshot) replaces state.
 * requestSync() is called when a hole is not filled within holdMs.
 */
export class BatchSequencer {
  constructor({ apply, requestSync, holdMs = 2000 }) {
    this.apply = apply;
    this.requestSync = requestSync;
    this.holdMs = holdMs;
    this.seq = null; // nothing applied before the first snapshot
    this.held = new Map();
    this.holeTimer = null;
  }

  snapshot(seq) {
    this.seq = seq;
    for (const s of [...this.held.keys()]) if (s <= seq) this.held.delete(s);
    this.drain();
  }

  update(batches) {
    const sorted = [...batches].sort((a, b) => a.seq - b.seq);
    for (const batch of sorted) {
      if (this.seq !== null && batch.seq <= this.seq) continue;
      this.held.set(batch.seq, batch);
    }
    this.drain();
  }

  drain() {
    if (this.seq === null) return;
    while (this.held.has(this.seq + 1)) {
      const batch = this.held.get(this.seq + 1);
      this.held.delete(this.seq + 1);
      this.seq = batch.seq;
      this.apply(batch.changes);
    }
    if (this.held.size === 0) {
      clearTimeout(this.holeTimer);
      this.holeTimer = null;
    } else if (!this.holeTimer) {
      this.holeTimer = setTimeout(() => {
        this.holeTimer = null;
        if (this.held.size > 0) this.requestSync();
      }, this.holdMs);
    }
  }
}
