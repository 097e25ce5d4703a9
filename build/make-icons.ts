/**
 * Renders build/icon.svg (drawn by hand for Taxiway) into the packaging icons: PNGs for Linux
 * (build/icons/NxN.png), build/icon.png (1024), build/icon.ico (Windows, PNG entries) and
 * build/icon.icns (macOS, PNG entries). Rasterised by Debian's Chromium through Playwright; no
 * download. Run: `npx tsx build/make-icons.ts` (the outputs are committed).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Packs PNG images into an .ico (each entry a PNG, as Windows Vista and later read them). */
export function icoFromPngs(images: Array<{ size: number; png: Buffer }>): Buffer {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  const entries: Buffer[] = [];
  let offset = 6 + 16 * images.length;
  for (const { size, png } of images) {
    const e = Buffer.alloc(16);
    e.writeUInt8(size >= 256 ? 0 : size, 0);
    e.writeUInt8(size >= 256 ? 0 : size, 1);
    e.writeUInt8(0, 2);
    e.writeUInt8(0, 3);
    e.writeUInt16LE(1, 4);
    e.writeUInt16LE(32, 6);
    e.writeUInt32LE(png.length, 8);
    e.writeUInt32LE(offset, 12);
    offset += png.length;
    entries.push(e);
  }
  return Buffer.concat([header, ...entries, ...images.map((i) => i.png)]);
}

/** Packs PNG images into an .icns under the given OSType codes (ic07 = 128, ic10 = 1024…). */
export function icnsFromPngs(images: Array<{ type: string; png: Buffer }>): Buffer {
  const chunks = images.map(({ type, png }) => {
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const body = Buffer.concat(chunks);
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(body.length + 8, 4);
  return Buffer.concat([head, body]);
}

async function main(): Promise<void> {
  const svg = await readFile(path.join(here, 'icon.svg'), 'utf8');
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu'],
  });
  const page = await browser.newPage();
  const sizes = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
  const png = new Map<number, Buffer>();
  for (const size of sizes) {
    await page.setViewportSize({ width: size, height: size });
    await page.setContent(
      `<html><body style="margin:0;background:transparent">${svg.replace('<svg ', `<svg style="display:block;width:${size}px;height:${size}px" `)}</body></html>`,
    );
    png.set(
      size,
      await page.screenshot({
        omitBackground: true,
        clip: { x: 0, y: 0, width: size, height: size },
      }),
    );
  }
  await browser.close();

  const get = (s: number): Buffer => png.get(s)!;
  await mkdir(path.join(here, 'icons'), { recursive: true });
  for (const s of [16, 24, 32, 48, 64, 128, 256, 512])
    await writeFile(path.join(here, 'icons', `${s}x${s}.png`), get(s));
  await writeFile(path.join(here, 'icon.png'), get(1024));
  await writeFile(
    path.join(here, 'icon.ico'),
    icoFromPngs([16, 24, 32, 48, 64, 128, 256].map((size) => ({ size, png: get(size) }))),
  );
  await writeFile(
    path.join(here, 'icon.icns'),
    icnsFromPngs([
      { type: 'icp4', png: get(16) },
      { type: 'icp5', png: get(32) },
      { type: 'icp6', png: get(64) },
      { type: 'ic07', png: get(128) },
      { type: 'ic08', png: get(256) },
      { type: 'ic09', png: get(512) },
      { type: 'ic10', png: get(1024) },
      { type: 'ic11', png: get(32) },
      { type: 'ic12', png: get(64) },
      { type: 'ic13', png: get(256) },
      { type: 'ic14', png: get(512) },
    ]),
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    process.stderr.write(`make-icons: ${(error as Error).message}\n`);
    process.exit(1);
  });
}
