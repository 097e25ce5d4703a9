/** The program's version, read from package.json at build time (only that field is bundled). */
import { version } from '../../package.json' with { type: 'json' };

/** The program's version (package.json). */
export const VERSION: string = version;
