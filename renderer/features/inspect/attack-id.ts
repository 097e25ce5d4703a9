/** The ATT&CK id of an object (`T0803`, `TA0107`, `G0034`…), from a `mitre-*` external reference. */

type Json = Readonly<Record<string, unknown>>;

/** The object's ATT&CK id, shown as a chip; undefined when it has none. */
export function attackIdOf(o: Json): string | undefined {
  if (!Array.isArray(o.external_references)) return undefined;
  for (const r of o.external_references as unknown[]) {
    if (!r || typeof r !== 'object') continue;
    const ref = r as Json;
    if (
      typeof ref.source_name === 'string' &&
      /^mitre-/.test(ref.source_name) &&
      typeof ref.external_id === 'string' &&
      ref.external_id.length <= 64
    )
      return ref.external_id;
  }
  return undefined;
}
