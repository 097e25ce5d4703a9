/**
 * The status badge: a small pill whose tone (ok, warn, danger, or plain) says how the status
 * reads at a glance, so views pass a tone, never a class-name ternary. `toneOf` maps the
 * product's three-way outcomes (check lines, publish outcomes) onto tones in one place.
 */
import type { ReactNode } from 'react';

/** How a badge reads: good, needs a look, bad, or just a fact. */
export type Tone = 'ok' | 'warn' | 'danger' | 'plain';

/** The tone of a yes/no fact that is good when true (`can_read`, "set"). */
export function toneIf(good: boolean): Tone {
  return good ? 'ok' : 'plain';
}

/** The tone of a three-way outcome: good, bad, or anything else (unknown, pending, warn). */
export function toneOf(status: string, good: string, bad: string): Tone {
  return status === good ? 'ok' : status === bad ? 'danger' : 'warn';
}

/** One badge; `className` adds a variant (`mono`, `cached`, `diff-…`). */
export function Badge({
  tone = 'plain',
  className,
  title,
  testId,
  children,
}: {
  tone?: Tone;
  className?: string;
  title?: string;
  testId?: string;
  children: ReactNode;
}) {
  const cls = ['badge', tone === 'plain' ? '' : tone, className ?? ''].filter(Boolean).join(' ');
  return (
    <span className={cls} title={title} data-testid={testId}>
      {children}
    </span>
  );
}
