/** `npm run web` arguments: parsed into options, or an error naming the bad argument. */

/** Usage text of `npm run web`. */
export const WEB_USAGE = `Usage: npm run web -- [options]

  --port N       port of the web bridge on 127.0.0.1 (default: any free port)
  --no-open      do not open a browser (print the address only)
  --no-demo      do not start the demo TAXII server
  --demo-port N  port of the demo TAXII server (default 8021; 0 = any free port)
  --no-build     serve out/renderer as it is (skip the renderer build)
  --help         this text
`;

/** What `npm run web` was asked to do. */
export interface WebOptions {
  port: number;
  open: boolean;
  demo: boolean;
  demoPort: number;
  build: boolean;
}

/** Parses the arguments; throws an Error whose message names the bad one. */
export function parseWebArgs(
  argv: readonly string[],
): { help: true } | { help: false; options: WebOptions } {
  const options: WebOptions = { port: 0, open: true, demo: true, demoPort: 8021, build: true };
  const args = [...argv];
  const port = (flag: string): number => {
    const v = args.shift();
    if (v === undefined || !/^\d+$/.test(v) || Number(v) > 65535) {
      throw new Error(
        `${flag} needs a port number between 0 and 65535${v === undefined ? '' : `; got "${v}"`}`,
      );
    }
    return Number(v);
  };
  while (args.length > 0) {
    const raw = args.shift() as string;
    const eq = raw.startsWith('--') ? raw.indexOf('=') : -1;
    const flag = eq === -1 ? raw : raw.slice(0, eq);
    if (eq !== -1) args.unshift(raw.slice(eq + 1));
    switch (flag) {
      case '--help':
      case '-h':
        return { help: true };
      case '--port':
        options.port = port(flag);
        break;
      case '--demo-port':
        options.demoPort = port(flag);
        break;
      case '--no-open':
        options.open = false;
        break;
      case '--no-demo':
        options.demo = false;
        break;
      case '--no-build':
        options.build = false;
        break;
      default:
        throw new Error(`unknown argument "${raw}" (see npm run web -- --help)`);
    }
  }
  return { help: false, options };
}
