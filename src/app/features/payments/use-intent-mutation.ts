import { useMutation, type UseMutationOptions } from '@tanstack/react-query';
import { useCallback, useRef } from 'react';

/** The Idempotency-Key of one step of a write (`create`, `submit`…), stable for the whole intent. */
export type IntentKey = (step: string) => string;

/**
 * A write made once per user intent. Every attempt of the same request reuses the same
 * Idempotency-Key per step, so a retry after a network error replays the first attempt on the server
 * instead of repeating it; the key is dropped once the write succeeded or the request changed. A
 * second call while one runs (a double click) is ignored before it reaches the network.
 */
export function useIntentMutation<Input, Output, Context = unknown>(
  options: Omit<UseMutationOptions<Output, Error, Input, Context>, 'mutationFn'> & {
    write: (input: Input, key: IntentKey) => Promise<Output>;
  },
) {
  const { write, onSettled, ...rest } = options;
  const intent = useRef<{ request: string; keys: Map<string, string> } | null>(null);
  const running = useRef(false);
  const mutation = useMutation<Output, Error, Input, Context>({
    ...rest,
    mutationFn: async (input) => {
      const request = JSON.stringify(input);
      if (intent.current?.request !== request) intent.current = { request, keys: new Map() };
      const keys = intent.current.keys;
      const key: IntentKey = (step) => {
        let value = keys.get(step);
        if (value === undefined) {
          value = crypto.randomUUID();
          keys.set(step, value);
        }
        return value;
      };
      const output = await write(input, key);
      intent.current = null;
      return output;
    },
    onSettled: (...args) => {
      running.current = false;
      return onSettled?.(...args);
    },
  });
  const { mutate } = mutation;
  const send = useCallback(
    (input: Input) => {
      if (running.current) return;
      running.current = true;
      mutate(input);
    },
    [mutate],
  );
  return { ...mutation, send };
}
