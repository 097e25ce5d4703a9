/**
 * Finding profiles by what a person types: the id, else the name without regard to case (names
 * are unique that way), and the error when none matches.
 */
import { AppError } from '../../../shared/errors';
import type { Profile } from '../../../shared/profile';

/** PROFILE_NOT_FOUND for `ref`, with the command that lists the profiles. */
export function profileNotFound(ref: string): AppError {
  return new AppError({
    code: 'PROFILE_NOT_FOUND',
    message: `No profile named "${ref}".`,
    hint: 'List the saved profiles with `taxiway profiles list`.',
    where: ref,
  });
}

/** Finds a profile by id, else by name (case-insensitive). */
export function findProfile(profiles: Profile[], ref: string): Profile | undefined {
  return (
    profiles.find((p) => p.id === ref) ??
    profiles.find((p) => p.name.toLowerCase() === ref.trim().toLowerCase())
  );
}

/** True when another profile than `exceptId` has `name` (case-insensitive). */
export function nameTaken(profiles: Profile[], name: string, exceptId?: string): boolean {
  const lower = name.toLowerCase();
  return profiles.some((p) => p.id !== exceptId && p.name.toLowerCase() === lower);
}
