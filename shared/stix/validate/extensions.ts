/**
 * The `extensions` property (§3.2, §7.3, §11.3): a dictionary whose keys are extension-definition
 * ids (or, on an SCO, the names of the predefined extensions of §6) and whose values are objects.
 */
import { isStixId } from './identifiers';
import { shown, type ProblemList } from './problem';
import { PREDEFINED_EXTENSIONS } from './type-definitions';
import { ENUMERATIONS } from './vocabularies';

/** Checks an `extensions` value of an object of type `type`. */
export function checkExtensions(
  problems: ProblemList,
  path: string,
  type: string,
  value: unknown,
): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    problems.error(
      'property-type',
      path,
      'extensions must be a JSON object of extension id → extension',
    );
    return;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) {
    problems.error(
      'empty-extensions',
      path,
      'extensions is empty: give at least one extension or leave it out (§3.2)',
    );
  }
  const predefined = PREDEFINED_EXTENSIONS[type] ?? [];
  for (const [key, ext] of entries as [string, unknown][]) {
    const at = `${path}[${JSON.stringify(key)}]`;
    if (typeof ext !== 'object' || ext === null || Array.isArray(ext)) {
      problems.error('extension-value', at, `extension ${shown(key)} must be a JSON object (§7.3)`);
      continue;
    }
    const e = ext as Record<string, unknown>;
    if (isStixId(key, 'extension-definition') as boolean) {
      if (e.extension_type !== undefined) {
        const allowed = ENUMERATIONS['extension-type-enum']!;
        if (typeof e.extension_type !== 'string' || !allowed.includes(e.extension_type)) {
          problems.error(
            'closed-enumeration',
            `${at}.extension_type`,
            `extension_type ${shown(e.extension_type)} is not one of extension-type-enum (${allowed.join(', ')}) (§7.3)`,
          );
        }
      }
      continue;
    }
    if (predefined.includes(key)) continue;
    if (key.startsWith('extension-definition--')) {
      problems.error(
        'extension-key',
        at,
        `extension key ${shown(key)} is not a valid extension-definition id: write extension-definition--<UUID> (§7.3)`,
      );
    } else if (/^x-[a-z0-9-]+-ext$|^[a-z0-9-]+-ext$/.test(key) && type in PREDEFINED_EXTENSIONS) {
      problems.warn(
        'custom-extension',
        at,
        `extension ${shown(key)} is a custom extension in the deprecated STIX 2.0 style: define it with an extension-definition and key it by that id (§11.3)`,
      );
    } else {
      problems.warn(
        'custom-extension',
        at,
        `extension key ${shown(key)} is not an extension-definition id${predefined.length ? ` nor a predefined ${type} extension (${predefined.join(', ')})` : ''}: key extensions by their extension-definition id (§7.3, §11.3)`,
      );
    }
  }
}
