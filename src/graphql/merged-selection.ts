import { Kind, type FieldNode, type FragmentDefinitionNode, type SelectionSetNode } from 'graphql';

/** The fragments a collection went through: named ones (each once), and how many inline ones. */
export interface FragmentsSeen {
  names: Set<string>;
  inline: number;
}

/** The field nodes that answer one key at one place of the result, under one type condition. */
export interface FieldGroup {
  /** The response key: the alias, else the field's name. */
  key: string;
  /** The type condition of the fragment the fields were selected in; null where they were selected directly. */
  on: string | null;
  nodes: FieldNode[];
}

export type Fragments = ReadonlyMap<string, FragmentDefinitionNode>;

export function fragmentsOf(definitions: readonly { kind: Kind }[]): Map<string, FragmentDefinitionNode> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) {
      const fragment = definition as FragmentDefinitionNode;
      fragments.set(fragment.name.value, fragment);
    }
  }
  return fragments;
}

/**
 * The fields that `sets` select together, as graphql-js's execution collects them: each fragment
 * is expanded once however often it is spread (the spreads of `...F ...F` are one), and fields with
 * the same key are merged into one group whose sub-selections are collected together at the next
 * level. Walking a document this way costs what executing it costs, never more: a document whose
 * fragments spread each other twice at every level (2^n spreads in a few hundred bytes) is walked
 * once per fragment. Fragments must not spread themselves (validation refuses such documents;
 * see hasFragmentCycle for walks that run before it). `seen` receives the fragments gone through.
 */
export function collectFieldGroups(
  sets: readonly SelectionSetNode[],
  fragments: Fragments,
  seen: FragmentsSeen = { names: new Set(), inline: 0 },
): FieldGroup[] {
  const groups = new Map<string, FieldGroup>();
  const collect = (set: SelectionSetNode, on: string | null) => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        const key = selection.alias?.value ?? selection.name.value;
        const id = on === null ? key : `${on}.${key}`;
        const group = groups.get(id);
        if (group) group.nodes.push(selection);
        else groups.set(id, { key, on, nodes: [selection] });
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        seen.inline++;
        collect(selection.selectionSet, selection.typeCondition?.name.value ?? on);
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (!fragment || seen.names.has(name)) continue;
        seen.names.add(name);
        collect(fragment.selectionSet, fragment.typeCondition.name.value);
      }
    }
  };
  for (const set of sets) collect(set, null);
  return [...groups.values()];
}

/** The sub-selections of a group's fields, to collect at the next level. */
export function subSelections(group: FieldGroup): SelectionSetNode[] {
  const sets: SelectionSetNode[] = [];
  for (const node of group.nodes) if (node.selectionSet) sets.push(node.selectionSet);
  return sets;
}

/** True when a fragment spreads itself, directly or through others: such a document is invalid, and expanding it never ends. */
export function hasFragmentCycle(fragments: Fragments): boolean {
  const spreads = (set: SelectionSetNode, into: Set<string>): Set<string> => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FRAGMENT_SPREAD) into.add(selection.name.value);
      else if (selection.selectionSet) spreads(selection.selectionSet, into);
    }
    return into;
  };
  const edges = new Map([...fragments].map(([name, fragment]) => [name, spreads(fragment.selectionSet, new Set())]));
  const done = new Set<string>();
  const onPath = new Set<string>();
  const cyclic = (name: string): boolean => {
    if (onPath.has(name)) return true;
    if (done.has(name) || !edges.has(name)) return false;
    onPath.add(name);
    for (const next of edges.get(name)!) if (cyclic(next)) return true;
    onPath.delete(name);
    done.add(name);
    return false;
  };
  return [...fragments.keys()].some(cyclic);
}
