import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../shared/errors';
import { extractUrlSecrets } from './url-secrets';

describe('secrets pasted into URLs', () => {
  it('takes userinfo and secret parameters out, keeping the rest of the URL', () => {
    expect(
      extractUrlSecrets('  https://ann%40corp:p%3Ass@taxii.test/taxii2/?api_key=K1&team=blue  '),
    ).toEqual({
      url: 'https://taxii.test/taxii2/?team=blue',
      username: 'ann@corp',
      password: 'p:ss',
      params: { api_key: 'K1' },
    });
  });

  it('keeps a secret-named parameter that holds no value, since there is nothing to store', () => {
    expect(extractUrlSecrets('https://taxii.test/taxii2/?token=')).toEqual({
      url: 'https://taxii.test/taxii2/?token=',
      params: {},
    });
  });

  it('leaves a URL without secrets as it is', () => {
    expect(extractUrlSecrets('https://taxii.test/taxii2/')).toEqual({
      url: 'https://taxii.test/taxii2/',
      params: {},
    });
  });

  it('refuses a URL it cannot parse, naming the field and hiding the password', () => {
    for (const [where, label] of [
      [undefined, 'URL'],
      ['server URL', 'server URL'],
    ] as const) {
      let caught: unknown;
      try {
        extractUrlSecrets('  ht!tp://ann:hunter2@ bad url  ', where);
      } catch (error) {
        caught = error;
      }
      expect(isAppError(caught, 'INVALID_INPUT')).toBe(true);
      if (!isAppError(caught)) return;
      expect(caught.message).toMatch(new RegExp(`^The ${label} is not a valid URL: ht!tp`));
      expect(caught.message).not.toContain('hunter2');
      expect(caught.message).not.toMatch(/: {2}/);
      expect(caught.wire.hint).toBe(
        'Give an absolute URL such as https://taxii.example.com/taxii2/.',
      );
      expect(caught.wire.where).toBe(label);
    }
  });
});
