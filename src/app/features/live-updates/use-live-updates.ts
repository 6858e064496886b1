import { useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { auth, useAuth } from '../../auth/auth';
import { runEventStream, type LiveEvent } from './event-stream';
import { queryKeysTouchedBy } from './invalidations';

/** Events arrive in bursts (a batch's lines booked together): their invalidations go out together. */
const BATCH_MS = 150;

/**
 * While someone is signed in, listens to the BFF's event stream and marks stale exactly the queries
 * each event touches (mounted once, in the shell). `onEvent` hears every event, for notices.
 */
export function useLiveUpdates(onEvent: (event: LiveEvent) => void): void {
  const queryClient = useQueryClient();
  const signedIn = useAuth().status === 'signed-in';
  const listener = useRef(onEvent);
  useEffect(() => {
    listener.current = onEvent;
  }, [onEvent]);

  useEffect(() => {
    if (!signedIn) return;
    const controller = new AbortController();
    const stale = new Map<string, QueryKey>();
    let timer: ReturnType<typeof setTimeout> | null = null;
    const flush = () => {
      timer = null;
      for (const queryKey of stale.values()) void queryClient.invalidateQueries({ queryKey });
      stale.clear();
    };
    void runEventStream({
      url: '/api/events',
      token: () => auth.accessToken(),
      signal: controller.signal,
      onEvent: (event) => {
        for (const key of queryKeysTouchedBy(event)) stale.set(JSON.stringify(key), key);
        timer ??= setTimeout(flush, BATCH_MS);
        listener.current(event);
      },
      onReset: () => void queryClient.invalidateQueries(),
    });
    return () => {
      controller.abort();
      if (timer) clearTimeout(timer);
    };
  }, [signedIn, queryClient]);
}
