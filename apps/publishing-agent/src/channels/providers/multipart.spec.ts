import { encodeMultipart } from './multipart';

/** The body as a platform's standard parser (the WHATWG one, as in undici and browsers) reads it. */
async function parsed(parts: Parameters<typeof encodeMultipart>[0]): Promise<FormData> {
  const { body, contentType } = encodeMultipart(parts);
  return new Response(new Uint8Array(body), { headers: { 'content-type': contentType } }).formData();
}

describe('encodeMultipart', () => {
  it('sends a file byte for byte with its name and type, and the text fields, in order', async () => {
    const bytes = Buffer.from([0xff, 0xd8, 0xff, 0x0d, 0x0a, 0x2d, 0x2d, 0x00, 0xd9]);
    const form = await parsed([
      { name: 'file', file: { bytes, type: 'image/jpeg', fileName: 'crema.jpg' } },
      { name: 'description', value: 'A cup of espresso' },
      { name: 'focus', value: '0.10,-0.50' },
    ]);
    expect([...form.keys()]).toEqual(['file', 'description', 'focus']);
    const file = form.get('file') as File;
    expect([file.name, file.type]).toEqual(['crema.jpg', 'image/jpeg']);
    expect(Buffer.from(await file.arrayBuffer()).equals(bytes)).toBe(true);
    expect(form.get('description')).toBe('A cup of espresso');
    expect(form.get('focus')).toBe('0.10,-0.50');
  });

  it('sends a part of a larger buffer as that part only, and names and values as the standard encoder does', async () => {
    const whole = Buffer.from('0123456789');
    const form = await parsed([
      { name: 'media', file: { bytes: whole.subarray(3, 7), type: '', fileName: 'Café "noir".jpg' } },
      { name: 'alt', value: 'line one\nline two' },
    ]);
    const file = form.get('media') as File;
    expect(Buffer.from(await file.arrayBuffer()).toString()).toBe('3456');
    expect(file.type).toBe('application/octet-stream');
    // Percent-encoded on the wire as browsers send it, and read back as it was.
    expect(file.name).toBe('Café "noir".jpg');
    expect(form.get('alt')).toBe('line one\r\nline two');
  });

  it('can be sent again: each encoding is a whole body with its own boundary', () => {
    const parts = [{ name: 'a', value: 'b' }];
    const one = encodeMultipart(parts);
    const two = encodeMultipart(parts);
    expect(one.contentType).not.toBe(two.contentType);
    expect(one.body.toString()).toMatch(/--\r\n$/);
  });
});
