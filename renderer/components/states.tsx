/** Designed loading and empty states (never a bare "Loading…" or a blank area). */
import type { ReactNode } from 'react';

/** A busy indicator with a label a screen reader announces. */
export function Loading({ label, testId = 'loading' }: { label: string; testId?: string }) {
  return (
    <div className="loading" role="status" aria-live="polite" data-testid={testId}>
      <span className="spinner" aria-hidden="true" />
      <span>{label}</span>
    </div>
  );
}

/** Nothing to show, said plainly, with what to do next. */
export function EmptyState({
  title,
  children,
  testId = 'empty',
}: {
  title: string;
  children?: ReactNode;
  testId?: string;
}) {
  return (
    <div className="empty-state" data-testid={testId}>
      <p className="empty-title">{title}</p>
      {children && <div className="empty-body">{children}</div>}
    </div>
  );
}
