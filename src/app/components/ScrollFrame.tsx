import type { ReactNode } from 'react';

/**
 * A wide table scrolls in its own frame, a named region that takes focus so a keyboard can scroll it;
 * `relative` keeps the absolutely placed sr-only headers inside it.
 */
export function ScrollFrame({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="relative overflow-x-auto" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
