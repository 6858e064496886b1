import { lazy, type ComponentType, type LazyExoticComponent } from 'react';

/**
 * A page as its own chunk, fetched when its route is first visited: the overview's first render then
 * carries no other page and no chart library. `name` is the page's named export.
 */
export function lazyPage<Name extends string>(
  load: () => Promise<Record<Name, ComponentType>>,
  name: Name,
): LazyExoticComponent<ComponentType> {
  return lazy(async () => ({ default: (await load())[name] }));
}
