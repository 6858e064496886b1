import type { Endpoint } from './endpoint';
import { getHealth } from './health';

/** Every operation of the public API, in the order the reference lists them. */
export const publicEndpoints: readonly Endpoint[] = [getHealth];
