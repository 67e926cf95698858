/**
 * The OTLP/protobuf body of a span export (ExportTraceServiceRequest), written in one pass. The
 * exporter's own serializer (otlp-transformer) writes the same bytes in two passes (a size
 * estimate, then the write) into a zero-filled buffer, encodes every attribute key character by
 * character each time, and allocates each id as an array before copying it. On `bench:mesh` that
 * was 40 % of the tracing code's CPU (ADR 166); here the keys and span names, which repeat, are
 * encoded once and ids are written in place. The output is byte for byte what the upstream serializer
 * writes (otlp-span-serializer.spec.ts compares both); the exporter, its HTTP transport and every
 * OTEL_* setting stay the SDK's (ADR 170).
 */
import type { Attributes, AttributeValue, HrTime, Link, SpanContext } from '@opentelemetry/api';
import type { tracing } from '@opentelemetry/sdk-node';
import { OwnedSpan } from './owned-spans';

type ReadableSpan = tracing.ReadableSpan;
type TimedEvent = ReadableSpan['events'][number];

/** What the exporter's delegate calls: the same shape as otlp-transformer's ProtobufTraceSerializer. */
export interface SpanSerializer {
  serializeRequest(spans: ReadableSpan[]): Uint8Array | undefined;
  deserializeResponse(data: Uint8Array): unknown;
}

const SPAN_FLAGS_CONTEXT_HAS_IS_REMOTE_MASK = 0x100;
const SPAN_FLAGS_CONTEXT_IS_REMOTE_MASK = 0x200;
const MIN_64_BIT_INT = -(2 ** 63);
const MAX_64_BIT_INT = 2 ** 63;
/** Strings encoded once and kept (attribute keys, span names, scope names); bounded so unique values cannot grow it. */
const MAX_CACHED = 4_096;
const MAX_CACHED_LENGTH = 256;
/**
 * Attributes whose value repeats (a system, a queue, a statement) are kept encoded whole, per key
 * up to this many values: a key seen with more (an id) is not kept any more.
 */
const MAX_VALUES_PER_KEY = 256;
const MAX_PAIR_VALUE_LENGTH = 1_024;

function varintSize(v: number): number {
  return v < 0x80 ? 1 : v < 0x4000 ? 2 : v < 0x200000 ? 3 : v < 0x10000000 ? 4 : 5;
}

/** Each hex digit's value by character code, as the upstream hexToBinary reads them (A–F too). */
const HEX = new Uint8Array(128);
for (let c = 0; c < 128; c++) HEX[c] = (c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c - 55) & 0xff;

class Writer {
  buf = Buffer.allocUnsafe(64 * 1024);
  pos = 0;
  private readonly cache = new Map<string, Buffer>();
  /** Encoded KeyValue messages (length and content) by key and value; null for a key of too many values. */
  private readonly pairs = new Map<string, Map<unknown, Buffer> | null>();

  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  /** Unsigned varint up to 2^32 - 1, or a 64-bit two's complement one (negative or larger integers). */
  varint(value: number): void {
    this.ensure(10);
    const b = this.buf;
    if (value >= 0 && value <= 0xffffffff) {
      let v = value >>> 0;
      while (v > 0x7f) {
        b[this.pos++] = (v & 0x7f) | 0x80;
        v >>>= 7;
      }
      b[this.pos++] = v;
      return;
    }
    const abs = Math.abs(value);
    let low = abs >>> 0;
    let high = (abs / 0x100000000) >>> 0;
    if (value < 0) {
      low = ~low >>> 0;
      high = ~high >>> 0;
      low = (low + 1) >>> 0;
      if (low === 0) high = (high + 1) >>> 0;
    }
    while (high > 0 || low > 0x7f) {
      b[this.pos++] = (low & 0x7f) | 0x80;
      low = ((low >>> 7) | (high << 25)) >>> 0;
      high >>>= 7;
    }
    b[this.pos++] = low & 0x7f;
  }

  tag(field: number, wire: number): void {
    this.varint((field << 3) | wire);
  }

  fixed32(v: number): void {
    this.ensure(4);
    this.buf.writeUInt32LE(v >>> 0, this.pos);
    this.pos += 4;
  }

  fixed64(low: number, high: number): void {
    this.ensure(8);
    this.buf.writeUInt32LE(low >>> 0, this.pos);
    this.buf.writeUInt32LE(high >>> 0, this.pos + 4);
    this.pos += 8;
  }

  double(v: number): void {
    this.ensure(8);
    this.buf.writeDoubleLE(v, this.pos);
    this.pos += 8;
  }

  /** A length-delimited string: ASCII copied by character code, anything else through UTF-8. */
  string(s: string): void {
    const len = s.length;
    this.ensure(len + 5);
    const start = this.pos;
    this.varint(len);
    const b = this.buf;
    let p = this.pos;
    for (let i = 0; i < len; i++) {
      const c = s.charCodeAt(i);
      if (c > 127) {
        this.pos = start;
        this.utf8(s);
        return;
      }
      b[p++] = c;
    }
    this.pos = p;
  }

  private utf8(s: string): void {
    const n = Buffer.byteLength(s, 'utf8');
    this.varint(n);
    this.ensure(n);
    this.pos += this.buf.write(s, this.pos, n, 'utf8');
  }

  /** A string that repeats (a key, a name), its length and bytes encoded once. */
  cachedString(s: string): void {
    let bytes = this.cache.get(s);
    if (!bytes) {
      if (s.length > MAX_CACHED_LENGTH || this.cache.size >= MAX_CACHED) return this.string(s);
      const n = Buffer.byteLength(s, 'utf8');
      bytes = Buffer.allocUnsafe(varintSize(n) + n);
      let v = n;
      let i = 0;
      while (v > 0x7f) {
        bytes[i++] = (v & 0x7f) | 0x80;
        v >>>= 7;
      }
      bytes[i++] = v;
      bytes.write(s, i, n, 'utf8');
      this.cache.set(s, bytes);
    }
    this.copy(bytes);
  }

  private copy(bytes: Buffer): void {
    const n = bytes.length;
    this.ensure(n);
    // A loop: for a few dozen bytes it is cheaper than a call into Buffer's native copy.
    const b = this.buf;
    let p = this.pos;
    for (let i = 0; i < n; i++) b[p++] = bytes[i];
    this.pos = p;
  }

  /** Writes the kept KeyValue of this key and value, if there is one; answers whether it did. */
  pair(key: string, value: unknown): boolean {
    const bytes = this.pairs.get(key)?.get(value);
    if (bytes === undefined) return false;
    this.copy(bytes);
    return true;
  }

  /** Keeps the KeyValue written since `start` when its value is a string, number or boolean that may repeat. */
  keepPair(key: string, value: unknown, start: number): void {
    let values = this.pairs.get(key);
    if (values === null) return;
    const t = typeof value;
    if ((t !== 'string' && t !== 'number' && t !== 'boolean') || (t === 'string' && (value as string).length > MAX_PAIR_VALUE_LENGTH)) return;
    if (values === undefined) {
      if (this.pairs.size >= MAX_CACHED) return;
      this.pairs.set(key, (values = new Map()));
    }
    if (values.size >= MAX_VALUES_PER_KEY) {
      this.pairs.set(key, null);
      return;
    }
    values.set(value, Buffer.from(this.buf.subarray(start, this.pos)));
  }

  /** An id given in hex, written as its bytes (as the upstream hexToBinary reads it). */
  hexBytes(hex: string): void {
    const n = hex.length >> 1;
    this.varint(n);
    this.ensure(n);
    const b = this.buf;
    let p = this.pos;
    for (let i = 0; i < hex.length; i += 2) b[p++] = (HEX[hex.charCodeAt(i) & 0x7f] << 4) | HEX[hex.charCodeAt(i + 1) & 0x7f];
    this.pos = p;
  }

  /** Reserves `reserved` bytes for a length written once the content is known; answers where the content starts. */
  begin(reserved: number): number {
    this.ensure(reserved);
    this.pos += reserved;
    return this.pos;
  }

  /** Writes the length of what follows `contentStart`, moving the content when its varint is not `reserved` bytes long. */
  end(contentStart: number, reserved: number): void {
    const length = this.pos - contentStart;
    const size = varintSize(length);
    if (size !== reserved) {
      this.ensure(size - reserved);
      this.buf.copy(this.buf, contentStart + size - reserved, contentStart, this.pos);
      this.pos += size - reserved;
    }
    let p = contentStart - reserved;
    let v = length;
    while (v > 0x7f) {
      this.buf[p++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.buf[p] = v;
  }

  /**
   * The body written so far, handed over with its buffer (the transport may still be sending it
   * while the next export is written): the next export gets a new buffer the size this one
   * needed, so a body is never copied.
   */
  take(): Uint8Array {
    const out = this.buf.subarray(0, this.pos);
    this.buf = Buffer.allocUnsafe(Math.max(64 * 1024, this.pos + (this.pos >> 2)));
    this.pos = 0;
    return out;
  }
}

/** HrTime as nanoseconds in a fixed64, exactly as the upstream writeHrTimeAsFixed64 splits it. */
function hrTime(w: Writer, t: HrTime): void {
  timestamp(w, t[0], t[1]);
}

/** An OwnedSpan's times, read without their arrays (timesInto). */
const times = new Float64Array(4);

function timestamp(w: Writer, seconds: number, nanos: number): void {
  const lower = (seconds & 0xffff) * 1e9;
  const upper = ((seconds / 0x10000) >>> 0) * 1e9;
  const low32WithCarry = (lower >>> 0) + (((upper & 0xffff) * 0x10000) >>> 0) + nanos;
  const high = (Math.floor(lower / 0x100000000) + ((upper / 0x10000) >>> 0) + Math.floor(low32WithCarry / 0x100000000)) >>> 0;
  w.fixed64(low32WithCarry >>> 0, high);
}

function anyValue(w: Writer, value: AttributeValue | Uint8Array | Record<string, unknown> | null | undefined): void {
  const t = typeof value;
  if (t === 'string') {
    w.tag(1, 2);
    w.string(value as string);
  } else if (t === 'boolean') {
    w.tag(2, 0);
    w.varint(value ? 1 : 0);
  } else if (t === 'number') {
    const n = value as number;
    if (Number.isInteger(n) && n >= MIN_64_BIT_INT && n < MAX_64_BIT_INT) {
      w.tag(3, 0);
      w.varint(n);
    } else {
      w.tag(4, 1);
      w.double(n);
    }
  } else if (value instanceof Uint8Array) {
    w.tag(7, 2);
    w.varint(value.length);
    w.ensure(value.length);
    w.buf.set(value, w.pos);
    w.pos += value.length;
  } else if (Array.isArray(value)) {
    w.tag(5, 2);
    const array = w.begin(1);
    for (const item of value) {
      w.tag(1, 2);
      const start = w.begin(1);
      anyValue(w, item as AttributeValue);
      w.end(start, 1);
    }
    w.end(array, 1);
  } else if (t === 'object' && value != null) {
    w.tag(6, 2);
    const list = w.begin(1);
    const obj = value as Record<string, unknown>;
    for (const k in obj) {
      if (!Object.prototype.hasOwnProperty.call(obj, k)) continue;
      w.tag(1, 2);
      const kv = w.begin(1);
      w.tag(1, 2);
      w.string(k);
      w.tag(2, 2);
      const v = w.begin(1);
      anyValue(w, obj[k] as AttributeValue);
      w.end(v, 1);
      w.end(kv, 1);
    }
    w.end(list, 1);
  }
}

function attributes(w: Writer, attrs: Attributes, field: number): void {
  for (const key in attrs) {
    // An owned span keeps its attributes as given (ADR 233): an unset one is left out, as the SDK's copy would.
    const value = attrs[key];
    if (!Object.prototype.hasOwnProperty.call(attrs, key) || value == null) continue;
    w.tag(field, 2);
    if (w.pair(key, value)) continue;
    const start = w.pos;
    const kv = w.begin(1);
    w.tag(1, 2);
    w.cachedString(key);
    w.tag(2, 2);
    const v = w.begin(1);
    anyValue(w, value);
    w.end(v, 1);
    w.end(kv, 1);
    w.keepPair(key, value, start);
  }
}

function spanFlags(traceFlags: number, isRemote: boolean | undefined): number {
  return (traceFlags & 0xff) | SPAN_FLAGS_CONTEXT_HAS_IS_REMOTE_MASK | (isRemote ? SPAN_FLAGS_CONTEXT_IS_REMOTE_MASK : 0);
}

function event(w: Writer, e: TimedEvent): void {
  const start = w.begin(1);
  w.tag(1, 1);
  hrTime(w, e.time);
  w.tag(2, 2);
  w.cachedString(e.name);
  if (e.attributes) attributes(w, e.attributes, 3);
  w.tag(4, 0);
  w.varint(e.droppedAttributesCount || 0);
  w.end(start, 1);
}

function link(w: Writer, l: Link & { droppedAttributesCount?: number }): void {
  const start = w.begin(1);
  const ctx: SpanContext = l.context;
  w.tag(1, 2);
  w.hexBytes(ctx.traceId);
  w.tag(2, 2);
  w.hexBytes(ctx.spanId);
  const traceState = ctx.traceState?.serialize();
  if (traceState) {
    w.tag(3, 2);
    w.string(traceState);
  }
  if (l.attributes) attributes(w, l.attributes, 4);
  w.tag(5, 0);
  w.varint(l.droppedAttributesCount || 0);
  w.tag(6, 5);
  w.fixed32(spanFlags(ctx.traceFlags, ctx.isRemote));
  w.end(start, 1);
}

/** One Span message, fields in the upstream serializer's order. */
function span(w: Writer, s: ReadableSpan): void {
  // A span of a few attributes is 128 bytes to 16 KiB long: a two-byte length, moved if not.
  const start = w.begin(2);
  const ctx = s.spanContext();
  w.tag(1, 2);
  w.hexBytes(ctx.traceId);
  w.tag(2, 2);
  w.hexBytes(ctx.spanId);
  const traceState = ctx.traceState?.serialize();
  if (traceState) {
    w.tag(3, 2);
    w.string(traceState);
  }
  const parent = s.parentSpanContext;
  if (parent?.spanId) {
    w.tag(4, 2);
    w.hexBytes(parent.spanId);
  }
  w.tag(5, 2);
  w.cachedString(s.name);
  const kind = s.kind == null ? 0 : s.kind + 1;
  if (kind !== 0) {
    w.tag(6, 0);
    w.varint(kind);
  }
  if (s instanceof OwnedSpan) {
    s.timesInto(times);
    w.tag(7, 1);
    timestamp(w, times[0], times[1]);
    w.tag(8, 1);
    timestamp(w, times[2], times[3]);
  } else {
    w.tag(7, 1);
    hrTime(w, s.startTime);
    w.tag(8, 1);
    hrTime(w, s.endTime);
  }
  if (s.attributes) attributes(w, s.attributes, 9);
  w.tag(10, 0);
  w.varint(s.droppedAttributesCount);
  for (const e of s.events) {
    w.tag(11, 2);
    event(w, e);
  }
  w.tag(12, 0);
  w.varint(s.droppedEventsCount);
  for (const l of s.links) {
    w.tag(13, 2);
    link(w, l);
  }
  w.tag(14, 0);
  w.varint(s.droppedLinksCount);
  w.tag(15, 2);
  const status = w.begin(1);
  if (s.status.message) {
    w.tag(2, 2);
    w.string(s.status.message);
  }
  w.tag(3, 0);
  w.varint(s.status.code);
  w.end(status, 1);
  w.tag(16, 5);
  w.fixed32(spanFlags(ctx.traceFlags, parent?.isRemote));
  w.end(start, 2);
}

type Scope = ReadableSpan['instrumentationScope'];
type Resource = ReadableSpan['resource'];

function scopeSpans(w: Writer, scope: Scope, spans: ReadableSpan[]): void {
  const start = w.begin(3);
  w.tag(1, 2);
  const sc = w.begin(1);
  w.tag(1, 2);
  w.cachedString(scope.name);
  if (scope.version) {
    w.tag(2, 2);
    w.cachedString(scope.version);
  }
  const scoped = scope as Scope & { attributes?: Attributes; droppedAttributesCount?: number };
  if (scoped.attributes) attributes(w, scoped.attributes, 3);
  if (scoped.droppedAttributesCount) {
    w.tag(4, 0);
    w.varint(scoped.droppedAttributesCount);
  }
  w.end(sc, 1);
  for (const s of spans) {
    w.tag(2, 2);
    span(w, s);
  }
  if (scope.schemaUrl) {
    w.tag(3, 2);
    w.string(scope.schemaUrl);
  }
  w.end(start, 3);
}

function resourceSpans(w: Writer, resource: Resource, scopes: Map<Scope, ReadableSpan[]>): void {
  const start = w.begin(3);
  w.tag(1, 2);
  const r = w.begin(2);
  if (resource.attributes) attributes(w, resource.attributes, 1);
  w.tag(2, 0);
  w.varint(0);
  w.end(r, 2);
  for (const spans of scopes.values()) {
    w.tag(2, 2);
    scopeSpans(w, spans[0].instrumentationScope, spans);
  }
  if (resource.schemaUrl) {
    w.tag(3, 2);
    w.string(resource.schemaUrl);
  }
  w.end(start, 3);
}

/**
 * A serializer for the OTLP/HTTP protobuf trace exporter: the request body written here, the
 * response read by the exporter's own serializer (`upstream`).
 */
export function createSpanSerializer(upstream: Pick<SpanSerializer, 'deserializeResponse'>): SpanSerializer {
  const w = new Writer();
  return {
    serializeRequest(spans: ReadableSpan[]): Uint8Array {
      const byResource = new Map<Resource, Map<Scope, ReadableSpan[]>>();
      for (const s of spans) {
        let scopes = byResource.get(s.resource);
        if (!scopes) byResource.set(s.resource, (scopes = new Map()));
        const list = scopes.get(s.instrumentationScope);
        if (list) list.push(s);
        else scopes.set(s.instrumentationScope, [s]);
      }
      w.pos = 0;
      try {
        for (const [resource, scopes] of byResource) {
          w.tag(1, 2);
          resourceSpans(w, resource, scopes);
        }
        return w.take();
      } finally {
        w.pos = 0;
      }
    },
    deserializeResponse: (data: Uint8Array) => upstream.deserializeResponse(data),
  };
}

/**
 * Puts the serializer into an OTLP/HTTP protobuf trace exporter of the SDK, whose delegate keeps
 * its serializer in `_serializer`. Answers false (and leaves the exporter as it is) when the
 * exporter is not built that way, e.g. after an SDK upgrade.
 */
export function useSpanSerializer(exporter: object): boolean {
  const delegate = (exporter as { _delegate?: { _serializer?: Partial<SpanSerializer> } })._delegate;
  const upstream = delegate?._serializer;
  if (!delegate || typeof upstream?.serializeRequest !== 'function' || typeof upstream.deserializeResponse !== 'function') return false;
  delegate._serializer = createSpanSerializer(upstream as SpanSerializer);
  return true;
}
