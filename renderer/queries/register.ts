/** Every query and mutation error is an AppError (transport.ts guarantees it). */
import type { AppError } from '../../shared/errors';

declare module '@tanstack/react-query' {
  interface Register {
    defaultError: AppError;
  }
}
