import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { relativeAppPath, resolveAppFile } from './app-files';

describe('app protocol path resolution', () => {
  let base: string;
  let root: string;

  beforeAll(async () => {
    base = await mkdtemp(path.join(tmpdir(), 'taxiway-app-files-'));
    root = path.join(base, 'renderer');
    await mkdir(path.join(root, 'assets'), { recursive: true });
    await writeFile(path.join(root, 'index.html'), '<!doctype html>');
    await writeFile(path.join(root, 'assets', 'index-abc.js'), 'console.log(1)');
    await writeFile(path.join(base, 'secret.txt'), 'outside');
    await symlink(path.join(base, 'secret.txt'), path.join(root, 'assets', 'escape.txt'));
    await symlink(path.join(root, 'assets', 'index-abc.js'), path.join(root, 'assets', 'alias.js'));
    await mkdir(path.join(base, 'renderer-evil'), { recursive: true });
    await writeFile(path.join(base, 'renderer-evil', 'x.js'), 'evil');
    await mkdir(path.join(root, 'dir.d'));
  });
  afterAll(async () => {
    await rm(base, { recursive: true, force: true });
  });

  it('serves a file under the root with its content type', async () => {
    const r = await resolveAppFile(root, '/assets/index-abc.js');
    expect(r).toMatchObject({ ok: true, contentType: 'text/javascript; charset=utf-8' });
    if (r.ok) expect(r.file.endsWith(path.join('assets', 'index-abc.js'))).toBe(true);
  });
  it('serves index.html for the root and for client routes', async () => {
    for (const p of ['/', '', '/objects', '/connections/abc/']) {
      const r = await resolveAppFile(root, p.startsWith('/') ? p : `/${p}`);
      expect(r.ok && path.basename(r.file), p).toBe('index.html');
    }
  });
  it('follows a symlink that stays inside the root', async () => {
    const r = await resolveAppFile(root, '/assets/alias.js');
    expect(r.ok).toBe(true);
  });

  const refused: Array<[string, string]> = [
    ['/../secret.txt', 'dot-dot'],
    ['/assets/../../secret.txt', 'dot-dot deeper'],
    ['/%2e%2e/secret.txt', 'encoded dot-dot'],
    ['/%2E%2E%2Fsecret.txt', 'encoded dot-dot and slash'],
    ['/assets/%2e%2e%2f%2e%2e%2fsecret.txt', 'encoded, deeper'],
    ['/..%5csecret.txt', 'encoded backslash'],
    ['/assets\\..\\..\\secret.txt', 'backslashes'],
    ['//etc/passwd', 'absolute path'],
    ['/%2fetc%2fpasswd', 'encoded absolute path'],
    ['/C:/Windows/win.ini', 'drive letter'],
    ['/./index.html', 'dot segment'],
    ['/assets/escape.txt', 'symlink out of the root'],
    ['/../renderer-evil/x.js', 'sibling with the root as prefix'],
    ['/missing.js', 'missing file'],
    ['/dir.d', 'a directory'],
    ['/index.html%00.js', 'NUL'],
    ['/%E0%A4%A', 'malformed escape'],
  ];
  it.each(refused)('refuses %s (%s)', async (urlPath) => {
    const r = await resolveAppFile(root, urlPath);
    expect(r.ok).toBe(false);
  });

  it('explains why without touching the disk', () => {
    expect(relativeAppPath('/%2e%2e/x.js')).toMatchObject({ ok: false, reason: 'dot segment' });
    expect(relativeAppPath('/%zz')).toMatchObject({ ok: false, status: 400 });
    expect(relativeAppPath('/assets/a.js')).toEqual({ ok: true, rel: 'assets/a.js' });
  });
});
