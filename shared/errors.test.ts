import { describe, expect, it } from 'vitest';
import { AppError, formatWireError, isAppError } from './errors';

describe('AppError', () => {
  it('keeps its wire form and leaves the cause behind', () => {
    const cause = new Error('Authorization: Basic c2VjcmV0');
    const error = new AppError(
      { code: 'UNAUTHORIZED', message: 'The server refused the credentials.' },
      { cause },
    );
    expect(isAppError(error, 'UNAUTHORIZED')).toBe(true);
    expect(isAppError(error, 'NETWORK')).toBe(false);
    expect(JSON.stringify(error.toWire())).not.toContain('c2VjcmV0');
  });

  it('formats message, server title, where and hint on one line', () => {
    const line = formatWireError({
      code: 'FORBIDDEN',
      message: 'You may not write to this collection.',
      where: 'https://example.test/api1/collections/abc/objects/',
      hint: 'Pick a collection whose can_write is true.',
      taxii: { title: 'Forbidden', description: 'can_write is false' },
    });
    expect(line).toBe(
      'You may not write to this collection. Server said: Forbidden (can_write is false). ' +
        'Where: https://example.test/api1/collections/abc/objects/. Pick a collection whose can_write is true.',
    );
  });
});
