import { randomBytes } from 'node:crypto';

/** One field of a multipart/form-data body: text, or a file whose bytes are sent as they are. */
export type MultipartPart = { name: string; value: string } | { name: string; file: { bytes: Uint8Array; type: string; fileName: string } };

/**
 * A multipart/form-data body as the WHATWG encoder writes it (RFC 7578): line breaks in names and
 * text values as CRLF, then `"`, CR and LF in names and file names percent-encoded, UTF-8
 * throughout. Built in one buffer with one copy of each file, where `new Response(formData)`
 * copied a file three times through web streams (docs/adr/206-media-publish-cost.md). The same
 * request can be sent again (a retry).
 */
export function encodeMultipart(parts: readonly MultipartPart[]): { body: Buffer; contentType: string } {
  const boundary = `----formdata-mt-${randomBytes(12).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const p of parts) {
    if ('file' in p) {
      chunks.push(
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${escapeName(crlf(p.name))}"; filename="${escapeName(p.file.fileName)}"\r\n` +
            `Content-Type: ${p.file.type || 'application/octet-stream'}\r\n\r\n`,
        ),
        Buffer.from(p.file.bytes.buffer, p.file.bytes.byteOffset, p.file.bytes.byteLength),
        CRLF,
      );
    } else {
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${escapeName(crlf(p.name))}"\r\n\r\n${crlf(p.value)}\r\n`));
    }
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

const CRLF = Buffer.from('\r\n');

const escapeName = (s: string) => s.replace(/\n/g, '%0A').replace(/\r/g, '%0D').replace(/"/g, '%22');

/** A text value's line breaks, each as CRLF (the encoding's normalisation). */
const crlf = (s: string) => s.replace(/\r\n|\r|\n/g, '\r\n');
