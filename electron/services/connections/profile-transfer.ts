/**
 * Profiles as a shareable file (format `taxiway-profiles`): the export document, reading one back
 * entry by entry with every problem named by its path, and placing the imported profiles among
 * the saved ones. Secrets never travel in the file.
 */
import { randomUUID } from 'node:crypto';
import { AppError } from '../../../shared/errors';
import {
  type ImportClash,
  type ImportProblem,
  type ImportResult,
  type Profile,
  PROFILE_EXPORT_FORMAT,
  PROFILE_EXPORT_VERSION,
  ProfileExport,
  ProfileSettings,
  type ProfileSettingsInput,
  formatIssuePath,
  secretRefsOf,
} from '../../../shared/profile';
import { findProfile, nameTaken, profileNotFound } from './profile-names';
import { refLabel, takeUrlSecrets } from './profile-secrets';

/** A shareable document of the `refs` profiles (all when none), without secrets. */
export function exportDocument(profiles: Profile[], refs?: string[], note?: string): ProfileExport {
  const chosen = refs
    ? refs.map((ref) => {
        const p = findProfile(profiles, ref);
        if (!p) throw profileNotFound(ref);
        return p;
      })
    : profiles;
  const missingSecrets = new Set<string>();
  const exported = chosen.map((p) => {
    const { id: _id, createdAt: _c, updatedAt: _u, ...settings } = p;
    for (const r of secretRefsOf(p)) missingSecrets.add(refLabel(r));
    return settings;
  });
  return {
    format: PROFILE_EXPORT_FORMAT,
    version: PROFILE_EXPORT_VERSION,
    exportedAt: new Date().toISOString(),
    note:
      note ??
      (missingSecrets.size > 0
        ? `Secrets are not included. The recipient enters them after import (${[...missingSecrets].join(', ')}).`
        : 'Secrets are not included.'),
    profiles: exported,
  };
}

/**
 * The valid profile settings of a document made by `exportDocument` (object or JSON text). Every
 * problem goes to `result` with its path, and an invalid entry to its skipped ones; credentials
 * found inside URLs are dropped, not imported. Throws when it is not such a document at all.
 */
export function readImport(input: unknown, result: ImportResult): ProfileSettings[] {
  let data = input;
  if (typeof input === 'string') {
    try {
      data = JSON.parse(input);
    } catch (error) {
      throw new AppError({
        code: 'INVALID_INPUT',
        message: `The file is not valid JSON: ${error instanceof Error ? error.message : String(error)}.`,
        hint: 'Import a file made by "Export profiles" or `taxiway profiles export`.',
        where: '(root)',
      });
    }
  }
  const doc = ProfileExport.safeParse(data);
  if (!doc.success) {
    const formatIssue = doc.error.issues.find((i) => i.path[0] === 'format');
    throw new AppError({
      code: 'INVALID_INPUT',
      message: formatIssue
        ? `This is not a Taxiway profiles file (expected "format": "${PROFILE_EXPORT_FORMAT}").`
        : `The profiles file is not valid: ${doc.error.issues
            .map((i) => `${formatIssuePath(i.path)}: ${i.message}`)
            .join('; ')}.`,
      hint: 'Import a file made by "Export profiles" or `taxiway profiles export`.',
      where: formatIssuePath(doc.error.issues[0]?.path ?? []),
    });
  }
  const candidates: ProfileSettings[] = [];
  doc.data.profiles.forEach((entry, i) => {
    const base = ['profiles', i];
    let raw = entry;
    if (typeof entry === 'object' && entry !== null) {
      try {
        const taken = takeUrlSecrets(entry as ProfileSettingsInput);
        const fromHeaders = taken.moved.filter((m) => m.startsWith('header:'));
        if (fromHeaders.length > 0) {
          result.problems.push({
            path: formatIssuePath([...base, 'headers']),
            message: `${fromHeaders.map((m) => m.slice(7)).join(', ')} carry credentials; their values were not imported`,
          });
          raw = taken.settings;
        }
        if (taken.moved.length > fromHeaders.length) {
          result.problems.push({
            path: formatIssuePath([...base, 'server', 'url']),
            message: 'the URL held credentials; they were removed and not imported',
          });
          // Drop the secret parameter names too: there is no value to go with them.
          raw = { ...taken.settings, urlSecretParams: [] };
        }
      } catch (error) {
        if (error instanceof AppError) {
          result.problems.push({
            path: formatIssuePath([...base, 'server', 'url']),
            message: error.message,
          });
          return;
        }
        throw error;
      }
    }
    const parsed = ProfileSettings.safeParse(raw);
    if (!parsed.success) {
      const problems: ImportProblem[] = parsed.error.issues.map((issue) => ({
        path: formatIssuePath([...base, ...issue.path]),
        message: issue.message,
      }));
      result.problems.push(...problems);
      const name =
        typeof (entry as { name?: unknown })?.name === 'string'
          ? (entry as { name: string }).name
          : `profiles[${i}]`;
      result.skipped.push({
        name,
        reason: `invalid: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`,
      });
      return;
    }
    candidates.push(parsed.data);
  });
  return candidates;
}

/**
 * `profiles` with `candidates` added: a name already taken is renamed (`Name (2)`), skipped or
 * replaced (keeping the id), as `onClash` says; new profiles get new ids. Told in `result`.
 */
export function placeImports(
  profiles: Profile[],
  candidates: ProfileSettings[],
  onClash: ImportClash,
  result: ImportResult,
): { profiles: Profile[]; added: Profile[]; replacedIds: string[] } {
  const replacedIds: string[] = [];
  const next = [...profiles];
  const added: Profile[] = [];
  const now = new Date().toISOString();
  for (const settings of candidates) {
    let name = settings.name;
    const clash = next.find((p) => p.name.toLowerCase() === name.toLowerCase());
    if (clash) {
      if (onClash === 'skip') {
        result.skipped.push({ name, reason: 'a profile with this name already exists' });
        continue;
      }
      if (onClash === 'replace') {
        const profile: Profile = {
          ...settings,
          id: clash.id,
          createdAt: clash.createdAt,
          updatedAt: now,
        };
        next[next.indexOf(clash)] = profile;
        replacedIds.push(clash.id);
        result.replaced.push(name);
        added.push(profile);
        continue;
      }
      let n = 2;
      while (nameTaken(next, `${settings.name} (${n})`)) n++;
      name = `${settings.name} (${n})`;
      result.renamed.push({ from: settings.name, to: name });
    }
    const profile: Profile = {
      ...settings,
      name,
      id: randomUUID(),
      createdAt: now,
      updatedAt: now,
    };
    next.push(profile);
    added.push(profile);
  }
  return { profiles: next, added, replacedIds };
}
