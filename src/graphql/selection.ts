import type { FieldNode, GraphQLResolveInfo } from 'graphql';
import { collectFieldGroups, subSelections, type Fragments } from './merged-selection';

interface Found {
  fieldNodes: readonly FieldNode[];
  path: string;
  fields: ReadonlySet<string>;
}

/** Paths asked below one field node before more are worked out anew each time (a resolver asks for one or two). */
const PATHS_PER_NODE = 8;

/**
 * What selectedFields found, by the first node of the field: a document is parsed once and kept
 * while clients send it (Apollo's document store), so its next requests find the same nodes and
 * the same answer, also the same Set (which lets what is derived from it be kept too, see
 * procedureSelect). Kept no longer than the document.
 */
const found = new WeakMap<FieldNode, Found[]>();

const sameNodes = (a: readonly FieldNode[], b: readonly FieldNode[]) => a.length === b.length && a.every((node, i) => node === b[i]);

/**
 * The names of the fields a client selects at `path` below the field being resolved, e.g.
 * ['edges', 'node'] for the nodes of a connection. Fragments count whatever their type, and
 * @include/@skip are not evaluated: the set may hold more than is returned, never less.
 */
export function selectedFields(info: GraphQLResolveInfo, path: string[] = []): ReadonlySet<string> {
  const key = path.join('.');
  const first = info.fieldNodes[0];
  const known = found.get(first) ?? [];
  const hit = known.find((entry) => entry.path === key && sameNodes(entry.fieldNodes, info.fieldNodes));
  if (hit) return hit.fields;

  const fragments: Fragments = new Map(Object.entries(info.fragments));
  let sets = info.fieldNodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : []));
  for (const name of path) {
    sets = collectFieldGroups(sets, fragments).flatMap((group) => (group.nodes[0].name.value === name ? subSelections(group) : []));
  }
  const fields: ReadonlySet<string> = new Set(collectFieldGroups(sets, fragments).map((group) => group.nodes[0].name.value));
  if (known.length < PATHS_PER_NODE) {
    known.push({ fieldNodes: [...info.fieldNodes], path: key, fields });
    found.set(first, known);
  }
  return fields;
}
