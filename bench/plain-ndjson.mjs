// The baseline for `taxiway objects URL --all --format ndjson`: a bare process that fetches every
// page (following `next`), parses it and writes each object as one JSON line to stdout, nothing
// else. Plain JavaScript so it pays no TypeScript loading either.
const [collectionUrl, limit = '1000'] = process.argv.slice(2);
let next;
let n = 0;
for (;;) {
  const url = `${collectionUrl}objects/?limit=${limit}${next ? `&next=${encodeURIComponent(next)}` : ''}`;
  const res = await fetch(url, { headers: { accept: 'application/taxii+json;version=2.1' } });
  const body = JSON.parse(await res.text());
  let chunk = '';
  for (const o of body.objects ?? []) chunk += `${JSON.stringify(o)}\n`;
  n += body.objects?.length ?? 0;
  if (!process.stdout.write(chunk)) await new Promise((r) => process.stdout.once('drain', r));
  if (!body.more || !body.next) break;
  next = body.next;
}
process.stderr.write(`${n}\n`);
