/**
 * A useful one-line label for any object a server returns: its name when it has one, otherwise
 * what identifies it for its kind (a relationship's ends, an observable's value, an indicator's
 * pattern, a note's abstract…). Custom types and non-STIX content get a label too, never nothing.
 */

type Json = Readonly<Record<string, unknown>>;

const MAX = 160;

const clip = (s: string): string => {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > MAX ? `${one.slice(0, MAX - 1)}…` : one;
};

const str = (v: unknown): string | undefined =>
  typeof v === 'string' && v.trim() !== '' ? v : undefined;

/** The type part of a STIX id (`malware--…` → `malware`), or the whole string. */
export function idType(id: string): string {
  const i = id.indexOf('--');
  return i > 0 ? id.slice(0, i) : id;
}

/** True when the value looks like a STIX object (a string `type` and `id`). */
export function isStixLike(o: Json): o is Json & { type: string; id: string } {
  return typeof o.type === 'string' && typeof o.id === 'string';
}

/**
 * The label of `o`. `nameOf` resolves a referenced id to a name when the referenced object is
 * loaded (so a relationship reads "Emotet uses Spearphishing" rather than two type names).
 */
export function objectLabel(o: Json, nameOf?: (id: string) => string | undefined): string {
  const ref = (v: unknown): string => {
    const id = str(v);
    if (!id) return '?';
    return nameOf?.(id) ?? idType(id);
  };
  const named = str(o.name) ?? str(o.title);
  if (named) return clip(named);
  switch (o.type) {
    case 'relationship':
      return clip(
        `${ref(o.source_ref)} ${str(o.relationship_type) ?? 'related-to'} ${ref(o.target_ref)}`,
      );
    case 'sighting': {
      const count = typeof o.count === 'number' ? ` (${o.count}×)` : '';
      return clip(`Sighting of ${ref(o.sighting_of_ref)}${count}`);
    }
    case 'indicator':
      if (str(o.pattern)) return clip(o.pattern as string);
      break;
    case 'note':
      if (str(o.abstract) ?? str(o.content)) return clip((str(o.abstract) ?? o.content) as string);
      break;
    case 'opinion':
      return clip(
        `Opinion: ${str(o.opinion) ?? '?'}${str(o.explanation) ? ` — ${o.explanation as string}` : ''}`,
      );
    case 'observed-data':
      return clip(`Observed ${typeof o.number_observed === 'number' ? o.number_observed : '?'}×`);
    case 'marking-definition': {
      const def = o.definition as Json | undefined;
      const tlp = def && str(def.tlp);
      if (tlp) return `TLP:${tlp.toUpperCase()}`;
      if (def && str(def.statement)) return clip(def.statement as string);
      break;
    }
    case 'file': {
      const hashes = o.hashes as Json | undefined;
      const first = hashes && Object.entries(hashes).find(([, v]) => typeof v === 'string');
      if (first) return clip(`${first[0]} ${first[1] as string}`);
      break;
    }
    case 'email-message':
      if (str(o.subject)) return clip(o.subject as string);
      break;
    case 'autonomous-system':
      if (typeof o.number === 'number') return `AS${o.number}`;
      break;
    case 'windows-registry-key':
      if (str(o.key)) return clip(o.key as string);
      break;
    case 'network-traffic':
      if (Array.isArray(o.protocols))
        return clip(`Traffic ${(o.protocols as unknown[]).join('/')}`);
      break;
    case 'process':
      if (str(o.command_line)) return clip(o.command_line as string);
      if (typeof o.pid === 'number') return `PID ${o.pid}`;
      break;
    default:
      break;
  }
  // Observables and many custom types carry a `value`; SDOs without a name may have a description.
  const fallback = str(o.value) ?? str(o.display_name) ?? str(o.abstract) ?? str(o.description);
  if (fallback) return clip(fallback);
  if (!isStixLike(o)) return clip(`Non-STIX content: ${JSON.stringify(o)}`);
  return '';
}
