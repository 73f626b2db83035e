import type { GraphQLResolveInfo } from 'graphql';
import { collectFieldGroups, subSelections, type Fragments } from './merged-selection';

/**
 * The names of the fields a client selects at `path` below the field being resolved, e.g.
 * ['edges', 'node'] for the nodes of a connection. Fragments count whatever their type, and
 * @include/@skip are not evaluated: the set may hold more than is returned, never less.
 */
export function selectedFields(info: GraphQLResolveInfo, path: string[] = []): Set<string> {
  const fragments: Fragments = new Map(Object.entries(info.fragments));
  let sets = info.fieldNodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : []));
  for (const name of path) {
    sets = collectFieldGroups(sets, fragments).flatMap((group) => (group.nodes[0].name.value === name ? subSelections(group) : []));
  }
  return new Set(collectFieldGroups(sets, fragments).map((group) => group.nodes[0].name.value));
}
