import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * An S3-compatible object store on 127.0.0.1 for the media tests: path-style PutObject,
 * GetObject, HeadObject and DeleteObject on one bucket, with S3's XML errors (NoSuchBucket,
 * NoSuchKey, InvalidAccessKeyId when the SigV4 Authorization header names another key). It keeps
 * objects in memory so a test can look at what was stored. Chosen over s3rver, whose last release
 * (2021) predates the SDK v3 checksum headers; the SDK's own requests are what it answers.
 */
export class FakeS3 {
  url = '';
  readonly accessKeyId = 'AKIAFAKEMEDIA0000001';
  readonly secretAccessKey = 'fake-secret-access-key-for-media-tests';
  readonly objects = new Map<string, { bytes: Buffer; contentType: string }>();
  readonly requests: { method: string; key: string }[] = [];
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();

  constructor(readonly bucket = 'mt-media') {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const u = new URL(req.url ?? '/', 'http://s3');
        const [, bucket, ...rest] = u.pathname.split('/');
        const key = decodeURIComponent(rest.join('/'));
        const method = req.method ?? 'GET';
        this.requests.push({ method, key });
        const error = (status: number, code: string, message: string) => {
          res.writeHead(status, { 'content-type': 'application/xml' });
          res.end(
            method === 'HEAD'
              ? undefined
              : `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message><Key>${key}</Key></Error>`,
          );
        };
        const auth = String(req.headers.authorization ?? '');
        if (!auth.startsWith(`AWS4-HMAC-SHA256 Credential=${this.accessKeyId}/`))
          return error(403, 'InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.');
        if (bucket !== this.bucket) return error(404, 'NoSuchBucket', 'The specified bucket does not exist');
        if (method === 'PUT') {
          this.objects.set(key, { bytes: Buffer.concat(chunks), contentType: String(req.headers['content-type'] ?? 'application/octet-stream') });
          res.writeHead(200, { etag: '"fake"' });
          return res.end();
        }
        const obj = this.objects.get(key);
        if (method === 'DELETE') {
          this.objects.delete(key);
          res.writeHead(204);
          return res.end();
        }
        if (!obj) return error(404, 'NoSuchKey', 'The specified key does not exist.');
        res.writeHead(200, { 'content-type': obj.contentType, 'content-length': String(obj.bytes.length), etag: '"fake"' });
        res.end(method === 'HEAD' ? undefined : obj.bytes);
      });
    });
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((r) => this.server?.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** The settings that point the media store at this server. */
  env(): Record<string, string> {
    return {
      MEDIA_STORAGE: 's3',
      MEDIA_S3_ENDPOINT: this.url,
      MEDIA_S3_BUCKET: this.bucket,
      MEDIA_S3_ACCESS_KEY_ID: this.accessKeyId,
      MEDIA_S3_SECRET_ACCESS_KEY: this.secretAccessKey,
      MEDIA_S3_FORCE_PATH_STYLE: 'true',
    };
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }
}
