/**
 * Whether a status success says the object was already in the collection. TAXII 2.1 §5.5: an
 * exact duplicate is not an error, so servers list it under `successes`, some with a message
 * (medallion: "Object already added"); such a success stored nothing new.
 */

const ALREADY_THERE =
  /already (?:added|exists?|present|stored|in the collection)|duplicate|not stored again|unchanged|no change/i;

/** True when a success's status message says the object was already in the collection. */
export function saysAlreadyThere(message: string | undefined): boolean {
  return message !== undefined && ALREADY_THERE.test(message);
}
