/**
 * STIX 2.1 type names (§3.1) and identifiers (§2.9): `<type>--<UUID>`, the UUID RFC 4122-compliant.
 */

const TYPE_RE = /^[a-z0-9](?:[a-z0-9]|-(?!-))*[a-z0-9]$/;
const UUID_RE = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
// RFC 4122 §4.1: the variant bits are 10xx (8, 9, a or b) and the version is 1–5 (8 for RFC 9562).
const RFC4122_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/** True when `type` is a valid STIX type name: 3–250 of a–z, 0–9 and single hyphens. */
export function isStixType(type: unknown): type is string {
  return typeof type === 'string' && type.length >= 3 && type.length <= 250 && TYPE_RE.test(type);
}

/** True when `id` is `<type>--<UUID>` (and, if `type` is given, starts with that type). */
export function isStixId(id: unknown, type?: string): id is string {
  if (typeof id !== 'string') return false;
  const sep = id.indexOf('--');
  if (sep < 0) return false;
  const prefix = id.slice(0, sep);
  if (!isStixType(prefix) || (type !== undefined && prefix !== type)) return false;
  return UUID_RE.test(id.slice(sep + 2));
}

/** The type part of a well-formed id, else undefined. */
export function idType(id: unknown): string | undefined {
  return isStixId(id) ? id.slice(0, id.indexOf('--')) : undefined;
}

/** True when the UUID part of a well-formed id has RFC 4122 variant and version bits. */
export function isRfc4122Id(id: string): boolean {
  return RFC4122_RE.test(id.slice(id.indexOf('--') + 2));
}

/** The UUID version digit of a well-formed id. */
export function uuidVersion(id: string): number {
  return Number.parseInt(id.charAt(id.indexOf('--') + 2 + 14), 16);
}
