"""The OASIS Python client (taxii2-client) writing a collection as NDJSON to stdout: as_pages over
get_objects, one JSON line per object. Run by bench/cli.ts only when taxii2client is importable."""
import json
import sys

from taxii2client.v21 import Collection, as_pages

url, per_request = sys.argv[1], int(sys.argv[2])
collection = Collection(url)
out = sys.stdout
n = 0
for envelope in as_pages(collection.get_objects, per_request=per_request):
    for o in envelope.get("objects", []):
        out.write(json.dumps(o, separators=(",", ":")) + "\n")
        n += 1
sys.stderr.write(f"{n}\n")
