/**
 * Repeated strings (types, spec versions, label lists, creators, kill-chain phases) stored once:
 * a row keeps a small number, the table keeps the text.
 */

/** Distinct strings, numbered from 1 in order of arrival (0 = absent). */
export class StringTable {
  readonly #ids = new Map<string, number>();
  readonly #values: string[] = [''];

  /** The number of `value` (added if new); 0 for undefined. */
  idOf(value: string | undefined): number {
    if (value === undefined) return 0;
    let id = this.#ids.get(value);
    if (id === undefined) {
      id = this.#values.length;
      this.#values.push(value);
      this.#ids.set(value, id);
    }
    return id;
  }

  /** True when `value` is in the table. */
  has(value: string): boolean {
    return this.#ids.has(value);
  }

  /** The string numbered `id`, or undefined for 0. */
  valueOf(id: number): string | undefined {
    return id === 0 ? undefined : this.#values[id];
  }

  /** Number of distinct strings (0 excluded). */
  get size(): number {
    return this.#values.length - 1;
  }
}

/** `a` with room for at least `n` items (doubling), values kept. */
export function ensure<T extends Uint8Array | Uint16Array | Uint32Array | Int16Array | Int32Array>(
  a: T,
  n: number,
  make: (size: number) => T,
): T {
  if (n <= a.length) return a;
  let size = Math.max(1024, a.length);
  while (size < n) size *= 2;
  const grown = make(size);
  grown.set(a);
  return grown;
}
