import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

/**
 * An OTLP/HTTP trace receiver for tests, standing in for Jaeger's port 4318. It decodes the
 * protobuf the exporter really sends (OTLP over HTTP/protobuf, the default and what Jaeger gets),
 * so a test checks the wire format an operator's collector would see, not a test-only JSON mode.
 * Only the fields tests look at are decoded (opentelemetry/proto/trace/v1/trace.proto).
 */
export interface ReceivedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  /** 1 internal, 2 server, 3 client, 4 producer, 5 consumer */
  kind: number;
  /** Nanoseconds since the epoch. */
  start: bigint;
  end: bigint;
  attributes: Record<string, string | number | boolean>;
  events: { name: string; time: bigint; attributes: Record<string, string | number | boolean> }[];
  links: { traceId: string; spanId: string }[];
  /** 0 unset, 1 ok, 2 error */
  status: number;
}

export const SPAN_KIND = { internal: 1, server: 2, client: 3, producer: 4, consumer: 5 } as const;

export class OtlpReceiver {
  readonly spans: ReceivedSpan[] = [];
  /** Every TCP connection made to the receiver, whatever came over it. */
  connections = 0;
  requests = 0;

  private constructor(private readonly server: http.Server) {}

  static async start(port = 0, host = '127.0.0.1'): Promise<OtlpReceiver> {
    const server = http.createServer();
    const receiver = new OtlpReceiver(server);
    server.on('connection', () => receiver.connections++);
    server.on('request', (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        receiver.requests++;
        if (req.url === '/v1/traces') {
          let body = Buffer.concat(chunks);
          if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
          receiver.spans.push(...decodeExportTraceServiceRequest(body));
        }
        // An empty ExportTraceServiceResponse: everything accepted.
        res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    return receiver;
  }

  get url(): string {
    const a = this.server.address() as AddressInfo;
    return `http://${a.family === 'IPv6' ? `[${a.address}]` : a.address}:${a.port}`;
  }

  trace(traceId: string): ReceivedSpan[] {
    return this.spans.filter((s) => s.traceId === traceId);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(r));
  }
}

// --- a minimal protobuf reader: varint, 64-bit, length-delimited and 32-bit fields -------------

class Reader {
  pos = 0;
  constructor(private readonly buf: Buffer) {}
  get done() {
    return this.pos >= this.buf.length;
  }
  varint(): bigint {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      const b = this.buf[this.pos++];
      result |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) return result;
      shift += 7n;
    }
  }
  bytes(): Buffer {
    const len = Number(this.varint());
    const out = this.buf.subarray(this.pos, this.pos + len);
    this.pos += len;
    return out;
  }
  fixed64(): Buffer {
    const out = this.buf.subarray(this.pos, this.pos + 8);
    this.pos += 8;
    return out;
  }
  /** Calls fn(field, wireType) for each field; fn answers false to have the field skipped. */
  fields(fn: (field: number, wire: number) => boolean): void {
    while (!this.done) {
      const tag = Number(this.varint());
      const field = tag >>> 3;
      const wire = tag & 7;
      if (fn(field, wire)) continue;
      if (wire === 0) this.varint();
      else if (wire === 1) this.pos += 8;
      else if (wire === 2) this.bytes();
      else if (wire === 5) this.pos += 4;
      else throw new Error(`unsupported protobuf wire type ${wire}`);
    }
  }
}

type Value = string | number | boolean;

function anyValue(buf: Buffer): Value {
  let v: Value = '';
  // AnyValue: 1 string, 2 bool, 3 int64, 4 double
  const r = new Reader(buf);
  r.fields((f, w) => {
    if (f === 1 && w === 2) v = r.bytes().toString('utf8');
    else if (f === 2 && w === 0) v = r.varint() !== 0n;
    else if (f === 3 && w === 0) v = Number(BigInt.asIntN(64, r.varint()));
    else if (f === 4 && w === 1) v = r.fixed64().readDoubleLE(0);
    else return false;
    return true;
  });
  return v;
}

function keyValue(buf: Buffer): [string, Value] {
  const r = new Reader(buf);
  let key = '';
  let value: Value = '';
  r.fields((f, w) => {
    if (f === 1 && w === 2) key = r.bytes().toString('utf8');
    else if (f === 2 && w === 2) value = anyValue(r.bytes());
    else return false;
    return true;
  });
  return [key, value];
}

function attributesOf(list: Buffer[]): Record<string, Value> {
  return Object.fromEntries(list.map(keyValue));
}

function decodeSpan(buf: Buffer, service: string): ReceivedSpan {
  const r = new Reader(buf);
  const span: ReceivedSpan = {
    service,
    traceId: '',
    spanId: '',
    parentSpanId: '',
    name: '',
    kind: 0,
    start: 0n,
    end: 0n,
    attributes: {},
    events: [],
    links: [],
    status: 0,
  };
  const attrs: Buffer[] = [];
  r.fields((f, w) => {
    if (f === 1 && w === 2) span.traceId = r.bytes().toString('hex');
    else if (f === 2 && w === 2) span.spanId = r.bytes().toString('hex');
    else if (f === 4 && w === 2) span.parentSpanId = r.bytes().toString('hex');
    else if (f === 5 && w === 2) span.name = r.bytes().toString('utf8');
    else if (f === 6 && w === 0) span.kind = Number(r.varint());
    else if (f === 7 && w === 1) span.start = r.fixed64().readBigUInt64LE(0);
    else if (f === 8 && w === 1) span.end = r.fixed64().readBigUInt64LE(0);
    else if (f === 9 && w === 2) attrs.push(r.bytes());
    else if (f === 11 && w === 2) {
      // Event: 1 time_unix_nano, 2 name, 3 attributes
      const er = new Reader(r.bytes());
      let name = '';
      let time = 0n;
      const ea: Buffer[] = [];
      er.fields((ef, ew) => {
        if (ef === 1 && ew === 1) time = er.fixed64().readBigUInt64LE(0);
        else if (ef === 2 && ew === 2) name = er.bytes().toString('utf8');
        else if (ef === 3 && ew === 2) ea.push(er.bytes());
        else return false;
        return true;
      });
      span.events.push({ name, time, attributes: attributesOf(ea) });
    } else if (f === 13 && w === 2) {
      // Link: 1 trace_id, 2 span_id
      const lr = new Reader(r.bytes());
      const link = { traceId: '', spanId: '' };
      lr.fields((lf, lw) => {
        if (lf === 1 && lw === 2) link.traceId = lr.bytes().toString('hex');
        else if (lf === 2 && lw === 2) link.spanId = lr.bytes().toString('hex');
        else return false;
        return true;
      });
      span.links.push(link);
    } else if (f === 15 && w === 2) {
      // Status: 3 code
      const sr = new Reader(r.bytes());
      sr.fields((sf, sw) => {
        if (sf === 3 && sw === 0) span.status = Number(sr.varint());
        else return false;
        return true;
      });
    } else return false;
    return true;
  });
  span.attributes = attributesOf(attrs);
  return span;
}

/** ExportTraceServiceRequest → ResourceSpans (1: resource, 2: scope_spans) → ScopeSpans (2: spans). */
export function decodeExportTraceServiceRequest(body: Buffer): ReceivedSpan[] {
  const spans: ReceivedSpan[] = [];
  const top = new Reader(body);
  top.fields((f, w) => {
    if (f !== 1 || w !== 2) return false;
    const rs = new Reader(top.bytes());
    let service = '';
    const scopeSpans: Buffer[] = [];
    rs.fields((rf, rw) => {
      if (rf === 1 && rw === 2) {
        const res = new Reader(rs.bytes());
        const attrs: Buffer[] = [];
        res.fields((af, aw) => {
          if (af === 1 && aw === 2) attrs.push(res.bytes());
          else return false;
          return true;
        });
        service = String(attributesOf(attrs)['service.name'] ?? '');
      } else if (rf === 2 && rw === 2) scopeSpans.push(rs.bytes());
      else return false;
      return true;
    });
    for (const ss of scopeSpans) {
      const sr = new Reader(ss);
      sr.fields((sf, sw) => {
        if (sf === 2 && sw === 2) spans.push(decodeSpan(sr.bytes(), service));
        else return false;
        return true;
      });
    }
    return true;
  });
  return spans;
}
