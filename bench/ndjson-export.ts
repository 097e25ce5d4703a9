/**
 * Exports every object of a collection as NDJSON to a file (default /dev/null) through the
 * client core's page iterator, respecting write backpressure, then prints its peak RSS (KiB).
 * Stand-in for `taxiway objects URL --all --format ndjson` until the command line exists.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { TaxiiClient } from '../electron/services/taxii/index';

const [collectionUrl, out = '/dev/null', limit = '1000'] = process.argv.slice(2);
if (!collectionUrl) {
  process.stderr.write('usage: tsx bench/ndjson-export.ts COLLECTION_URL [OUT] [LIMIT]\n');
  process.exit(2);
}
// What the process holds before the export starts (runtime, tsx, the modules): the baseline.
const baselineRssKiB = Math.round(process.memoryUsage().rss / 1024);
const client = new TaxiiClient();
const sink = createWriteStream(out);
let count = 0;
for await (const page of client.objectPages(collectionUrl, { limit: Number(limit) })) {
  let chunk = '';
  for (const o of page.items) chunk += `${JSON.stringify(o)}\n`;
  count += page.items.length;
  if (!sink.write(chunk)) await once(sink, 'drain');
}
sink.end();
await once(sink, 'finish');
await client.close();
process.stdout.write(
  `${JSON.stringify({ objects: count, baselineRssKiB, maxRssKiB: process.resourceUsage().maxRSS })}\n`,
);
