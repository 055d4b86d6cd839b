// The shared websocket client for phone, projector and control (docs/protocol.md).
//
// - Every message gets a client-made id and stays in `pending` until the
//   server answers `ack` or `error`; after a reconnect the pending messages go
//   out again with the same id (the server applies a repeated id once).
// - Reconnects with exponential backoff and jitter, capped at 10 s.
// - Screen and control apply `update` batches strictly in `seq` order
//   (static/js/sequencer.js); phones replace their view when `seq` is not lower.

const MAX_BACKOFF_MS = 10000;
const ACK_TIMEOUT_MS = 10000; // no answer this long: treat the socket as dead
const FATAL_CLOSE_CODES = new Set([4403, 4404]);
const RETRY_ERROR_CODES = new Set([1004, 4000]); // rate limit, server error: same id later
// Heartbeat (phone): after this long without a word from the server, ask; no
// answer within as long again and the connection counts as lost (under 3 s).
const QUIET_MS = 1200;
const PING_TIMEOUT_MS = 1300;

function randomPrefix() {
  const bytes = new Uint8Array(6);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(36).padStart(2, "0")).join("").slice(0, 8);
}

export function socketUrl(path) {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${location.host}${path}`;
}

/** Fill "%(name)s" placeholders in a translated string. */
export function fmt(template, values) {
  return String(template).replace(/%\((\w+)\)s/g, (_, key) =>
    key in values ? String(values[key]) : "",
  );
}

export function readJson(id) {
  const el = document.getElementById(id);
  return el ? JSON.parse(el.textContent) : null;
}

export class LiveSocket {
  /**
   * path: "/ws/phone/CODE/?lang=nl" and the like.
   * hello: optional function returning the first message's fields (phone);
   *   other messages wait until it is acknowledged.
   * onMessage(msg): every server message except ack/error of our own sends.
   * onStatus(state): "connecting" | "open" | "reconnecting" | "offline" | "gone".
   * keep: a localStorage key (phone): messages still waiting for their ack
   *   survive a reload there, and go out again with their own id (applied once).
   * heartbeat: ping when the server was quiet, so a lost connection shows in seconds.
   */
  constructor({ path, hello = null, onMessage = () => {}, onStatus = () => {}, onHelloAck = () => {}, keep = null, heartbeat = false }) {
    this.url = socketUrl(path);
    this.hello = hello;
    this.onMessage = onMessage;
    this.onStatus = onStatus;
    this.onHelloAck = onHelloAck;
    this.prefix = randomPrefix();
    this.counter = 0;
    this.pending = new Map(); // id -> {msg, resolve, reject, sentAt}
    this.attempt = 0;
    this.ready = false; // open and (if needed) hello acknowledged
    this.ws = null;
    this.helloId = null;
    this.stopped = false;
    this.everOpened = false;
    this.timer = null;
    this.keep = keep;
    this.restored = this.restore();
    this.heardAt = Date.now();
    this.watchdog = setInterval(() => this.checkStale(), heartbeat ? 250 : 2000);
    this.heartbeat = heartbeat;
    window.addEventListener("online", () => this.reconnectNow());
    // The phone knows it lost its network: say so now, not after a timeout.
    window.addEventListener("offline", () => this.drop());
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "visible") this.reconnectNow();
    });
    this.connect();
  }

  nextId() {
    this.counter += 1;
    return `${this.prefix}-${this.counter}`;
  }

  /** Send a message; resolves with the ack, rejects with the error message. */
  send(fields) {
    return this.queue({ ...fields, id: this.nextId() });
  }

  queue(msg) {
    const promise = new Promise((resolve, reject) => {
      this.pending.set(msg.id, { msg, resolve, reject, sentAt: null });
    });
    this.save();
    if (this.ready) this.transmit(msg);
    return promise;
  }

  /** What waited when the page was left: [{msg, promise}], queued again. */
  restore() {
    let kept = [];
    try {
      kept = this.keep ? JSON.parse(localStorage.getItem(this.keep) || "[]") : [];
    } catch {
      /* unreadable or no storage: nothing waited */
    }
    return kept.map((msg) => ({ msg, promise: this.queue(msg) }));
  }

  save() {
    if (!this.keep) return;
    const waiting = [...this.pending.values()].map((e) => e.msg).filter((m) => m.type !== "sync");
    try {
      if (waiting.length) localStorage.setItem(this.keep, JSON.stringify(waiting));
      else localStorage.removeItem(this.keep);
    } catch {
      /* private mode: what waits is kept while the page stays open */
    }
  }

  /** Messages sent but not yet acknowledged. */
  get waiting() {
    return this.pending.size;
  }

  transmit(msg) {
    const entry = this.pending.get(msg.id);
    if (entry) entry.sentAt = Date.now();
    try {
      this.ws.send(JSON.stringify(msg));
    } catch {
      // The close handler reconnects; the message stays pending.
    }
  }

  connect() {
    if (this.stopped) return;
    this.onStatus(navigator.onLine === false ? "offline" : this.everOpened ? "reconnecting" : "connecting");
    let ws;
    try {
      ws = new WebSocket(this.url);
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.ws = ws;
    this.ready = false;
    ws.addEventListener("open", () => {
      if (ws !== this.ws) return;
      if (this.hello) {
        this.helloId = this.nextId();
        this.helloSentAt = Date.now();
        ws.send(JSON.stringify({ ...this.hello(), type: "hello", id: this.helloId }));
      } else {
        this.becomeReady();
      }
    });
    ws.addEventListener("message", (event) => {
      if (ws !== this.ws) return;
      this.heardAt = Date.now();
      this.pingId = null;
      let msg;
      try {
        msg = JSON.parse(event.data);
      } catch {
        return;
      }
      this.receive(msg);
    });
    ws.addEventListener("close", (event) => {
      if (ws !== this.ws) return;
      this.ready = false;
      if (FATAL_CLOSE_CODES.has(event.code)) {
        this.stopped = true;
        this.onStatus("gone", event.code);
        return;
      }
      this.scheduleReconnect();
    });
  }

  becomeReady() {
    this.ready = true;
    this.everOpened = true;
    this.attempt = 0;
    this.onStatus("open");
    for (const { msg } of this.pending.values()) this.transmit(msg);
  }

  receive(msg) {
    if ((msg.type === "ack" || msg.type === "error") && msg.id === this.helloId) {
      if (msg.type === "ack") {
        this.onHelloAck(msg);
        this.becomeReady();
      } else {
        this.ws.close(); // should not happen; start over
      }
      return;
    }
    if ((msg.type === "ack" || msg.type === "error") && msg.id && this.pending.has(msg.id)) {
      const entry = this.pending.get(msg.id);
      if (msg.type === "error" && RETRY_ERROR_CODES.has(msg.code)) {
        setTimeout(() => {
          if (this.ready && this.pending.has(msg.id)) this.transmit(entry.msg);
        }, 1000 + Math.random() * 1000);
        entry.sentAt = null;
        return;
      }
      this.pending.delete(msg.id);
      this.save();
      if (msg.type === "ack") entry.resolve(msg);
      else entry.reject(msg);
      return;
    }
    if (msg.type === "ack" && msg.id && msg.id === this.lastPing) return;
    if (msg.type === "error" && msg.id == null && RETRY_ERROR_CODES.has(msg.code)) {
      // Rate limited before the server read the id: send what is pending again, later.
      clearTimeout(this.retryTimer);
      this.retryTimer = setTimeout(() => {
        if (this.ready) for (const { msg: m } of this.pending.values()) this.transmit(m);
      }, 1000 + Math.random() * 1000);
      return;
    }
    this.onMessage(msg);
  }

  scheduleReconnect() {
    if (this.stopped || this.timer) return;
    this.onStatus(navigator.onLine === false ? "offline" : "reconnecting");
    const base = Math.min(MAX_BACKOFF_MS, 500 * 2 ** this.attempt);
    const delay = base / 2 + Math.random() * (base / 2);
    this.attempt += 1;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.connect();
    }, delay);
  }

  reconnectNow() {
    if (this.stopped) return;
    if (this.ws && (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING)) return;
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    this.attempt = 0;
    this.connect();
  }

  checkStale() {
    // A half-open socket on venue wifi never fires "close": unanswered messages tell.
    const ws = this.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return;
    const now = Date.now();
    let stale = !this.ready && this.helloSentAt && now - this.helloSentAt > ACK_TIMEOUT_MS;
    for (const entry of this.pending.values()) {
      if (entry.sentAt && now - entry.sentAt > ACK_TIMEOUT_MS) stale = true;
    }
    if (this.heartbeat && this.ready) stale = stale || this.beat(ws, now);
    if (stale) this.drop();
  }

  /** Ask after a quiet spell; true when the last question went unanswered. */
  beat(ws, now) {
    if (this.pingId) return now - this.pingAt > PING_TIMEOUT_MS;
    if (now - this.heardAt < QUIET_MS) return false;
    this.pingId = this.lastPing = this.nextId();
    this.pingAt = now;
    try {
      ws.send(JSON.stringify({ type: "ping", id: this.pingId }));
    } catch {
      return true;
    }
    return false;
  }

  /** The connection is lost: say so, and try again (what waits stays pending). */
  drop() {
    const ws = this.ws;
    this.ws = null;
    this.ready = false;
    this.pingId = null;
    if (ws) ws.close();
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    this.scheduleReconnect();
  }

  sync() {
    return this.send({ type: "sync" }).catch(() => {});
  }

  /** Say hello again on this socket: a phone that came before the session opened joins once it is open. */
  rehello() {
    if (!this.ready || !this.hello || this.rehelloAt > Date.now() - ACK_TIMEOUT_MS) return;
    this.rehelloAt = Date.now();
    this.ready = false;
    this.helloId = this.nextId();
    this.helloSentAt = Date.now();
    this.ws.send(JSON.stringify({ ...this.hello(), type: "hello", id: this.helloId }));
  }
}

/**
 * Show a card's picture (its small copy, docs/protocol.md) and credit in a
 * <figure>, or hide the figure. The src changes only with the picture, so
 * redrawing on every update does not make the browser load it again.
 */
export function showPicture(figure, card) {
  figure.hidden = !card.image;
  if (!card.image) return;
  const image = figure.querySelector("img");
  if (image.getAttribute("src") !== card.image) image.setAttribute("src", card.image);
  figure.querySelector("figcaption").textContent = card.image_credit || "";
}

/**
 * The "Reconnecting…" line shared by all screens. "gone" (closed for good) says why when strings has a text for
 * the close code: gone_4403 (log in again), gone_4404 (no such session).
 */
export function statusReporter(el, strings) {
  return (state, closeCode) => {
    if (!el) return;
    el.dataset.state = state;
    if (state === "open") {
      el.textContent = strings.connected || "";
      el.hidden = true;
    } else {
      el.hidden = false;
      const text = {
        gone: strings[`gone_${closeCode}`] || strings.gone,
        connecting: strings.connecting,
        offline: strings.offline || strings.reconnecting,
      }[state];
      el.textContent = text || strings.reconnecting || "";
    }
  };
}
