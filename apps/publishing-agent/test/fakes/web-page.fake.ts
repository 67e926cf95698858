import { FakePlatform, type FakeReply, type FakeRequest, type FakeRoute } from './fake-platform';

/** A web site on 127.0.0.1: the pages a post links to, for link cards. Unknown paths answer 404. */
export class WebPageFake extends FakePlatform {
  readonly pages = new Map<string, FakeReply>();

  /** An HTML page at `path`. */
  html(path: string, html: string, headers: Record<string, string> = {}): this {
    this.pages.set(path, { status: 200, body: html, headers: { 'content-type': 'text/html; charset=utf-8', ...headers } });
    return this;
  }

  /** Bytes at `path` with their content type (an image for a card's thumbnail). */
  file(path: string, bytes: Buffer, contentType: string): this {
    this.pages.set(path, { status: 200, body: bytes, headers: { 'content-type': contentType } });
    return this;
  }

  protected routeOf(): FakeRoute {
    return 'lookup';
  }

  protected answer(req: FakeRequest): FakeReply {
    return this.pages.get(req.path) ?? { status: 404, body: 'Not Found', headers: { 'content-type': 'text/plain' } };
  }

  protected failureReply(): FakeReply {
    return { status: 500, body: 'Internal Server Error', headers: { 'content-type': 'text/plain' } };
  }
}
