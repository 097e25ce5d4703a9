import { describe, expect, it } from 'vitest';
import { parseWebArgs } from './web-args';

describe('npm run web arguments', () => {
  it('defaults to a free port, a browser, the demo server on 8021 and a fresh build', () => {
    expect(parseWebArgs([])).toEqual({
      help: false,
      options: { port: 0, open: true, demo: true, demoPort: 8021, build: true },
    });
  });
  it('takes --port N, --port=N, --no-open, --no-demo, --demo-port and --no-build', () => {
    expect(
      parseWebArgs(['--port', '8420', '--no-open', '--no-demo', '--demo-port=0', '--no-build']),
    ).toEqual({
      help: false,
      options: { port: 8420, open: false, demo: false, demoPort: 0, build: false },
    });
  });
  it.each([
    [['--port'], '--port needs a port number'],
    [['--port', 'abc'], 'got "abc"'],
    [['--port', '70000'], 'between 0 and 65535'],
    [['--open-sesame'], 'unknown argument "--open-sesame"'],
  ])('refuses %j naming the problem', (argv, message) => {
    expect(() => parseWebArgs(argv)).toThrow(message);
  });
  it('answers --help', () => {
    expect(parseWebArgs(['--help'])).toEqual({ help: true });
  });
});
