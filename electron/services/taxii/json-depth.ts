/**
 * How deeply a JSON text nests, measured on its bytes before it is parsed. `JSON.parse` itself
 * copes with any depth, but everything after it recurses (schema checks, `structuredClone`,
 * `JSON.stringify`, the renderer's object view) and overflows the stack somewhere past a few
 * thousand levels, so an answer nested deeper than any real TAXII resource is refused up front.
 */

/**
 * Deepest nesting accepted in a server's answer. Real TAXII and STIX nest about ten levels
 * (an envelope, an object, a kill chain or an extension); 256 leaves room for any honest custom
 * property and stays far below the ~4,500 levels at which Node's recursive JSON code overflows.
 */
export const MAX_JSON_DEPTH = 256;

/** The deepest `[`/`{` nesting in JSON `bytes` (UTF-8), ignoring brackets inside strings. */
export function jsonDepth(bytes: Uint8Array): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    if (inString) {
      if (c === 0x5c)
        i++; // a backslash escapes the next byte
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > deepest) deepest = depth;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return deepest;
}
