/*
 * For the dashboard's component tests (happy-dom): findBy* and waitFor give up after 1 s by default. The suite
 * runs two workers on two cores, and on a slow CI machine a page's first render after its queries resolved has
 * taken longer than that (a test failed at 1,145 ms that passes alone). Waiting longer only costs time when a
 * test would fail anyway. Node tests have no document and skip loading Testing Library.
 */
if (typeof document !== 'undefined') {
  const { configure } = await import('@testing-library/dom');
  configure({ asyncUtilTimeout: 5_000 });
}
