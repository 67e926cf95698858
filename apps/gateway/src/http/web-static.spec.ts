import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { webDistDir } from './web-static';

describe('webDistDir: where the gateway finds the web build', () => {
  let root: string;
  beforeEach(() => (root = mkdtempSync(path.join(tmpdir(), 'mt-web-dist-'))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('from the sources: apps/web/dist beside apps/gateway', () => {
    expect(webDistDir(path.join(root, 'apps/gateway/src/http'))).toBe(path.join(root, 'apps/web/dist'));
  });

  it('compiled in a checkout (npm start): the checkout’s apps/web/dist, since none is beside the build', () => {
    expect(webDistDir(path.join(root, 'dist/apps/gateway/src/http'))).toBe(path.join(root, 'apps/web/dist'));
  });

  it('compiled in the image: the copy beside the build (dist/apps/web/dist)', () => {
    mkdirSync(path.join(root, 'dist/apps/web/dist'), { recursive: true });
    expect(webDistDir(path.join(root, 'dist/apps/gateway/src/http'))).toBe(path.join(root, 'dist/apps/web/dist'));
  });
});
