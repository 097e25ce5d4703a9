/**
 * Start-up: pick the transport (the preload bridge in Electron, the loopback bridge in web mode),
 * install it for the queries, and render the workspace. A page opened without its web token shows
 * a plain error instead of the app.
 */
import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { AppError } from '../shared/errors';
import { createTransport } from './api';
import { App } from './app';
import { createQueryClient } from './queries/query-client';
import { installTransport } from './queries/transport';
import './styles/app.css';

function errorText(error: unknown): string {
  if (error instanceof AppError) return [error.message, error.wire.hint].filter(Boolean).join(' ');
  return 'Something went wrong.';
}

const root = createRoot(document.getElementById('root')!);
createTransport().then(
  (api) => {
    installTransport(api);
    const queryClient = createQueryClient();
    root.render(
      <StrictMode>
        <QueryClientProvider client={queryClient}>
          <App />
        </QueryClientProvider>
      </StrictMode>,
    );
  },
  (error: unknown) =>
    root.render(
      <div className="startup-error">
        <h1>Taxiway</h1>
        <p role="alert" data-testid="shell-error">
          {errorText(error)}
        </p>
      </div>,
    ),
);
