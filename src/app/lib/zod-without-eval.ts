import { z } from 'zod';

// Zod compiles its parsers with `new Function` unless told not to, and probes for it as soon as schemas
// are built; the dashboard's CSP forbids eval (rightly). Imported first by main.tsx, before any schema.
z.config({ jitless: true });
