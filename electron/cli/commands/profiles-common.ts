/** What the profiles commands share: telling the person about the profile file. */
import type { StoreNotice } from '../../services/connections';
import type { CliIo } from '../io';

/** Prints the profile store's notices (a damaged file kept aside…) on stderr. */
export function reportStoreNotices(io: CliIo, notices: readonly StoreNotice[]): void {
  for (const n of notices) {
    io.err(
      `taxiway: note: ${n.problem.message} It was kept as ${n.backupPath}; ${n.kept} profile(s) were read from it${n.dropped ? `, ${n.dropped} could not be and remain in the backup` : ''}.`,
    );
  }
}
