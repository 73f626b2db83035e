import { Kind, parse, type DocumentNode, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import { collectFieldGroups, fragmentsOf, hasFragmentCycle, subSelections } from './merged-selection';

export interface ShapeLimits {
  /** Lexical tokens of the query text (graphql-js stops parsing beyond). */
  tokens: number;
  /** Levels of nested selections. */
  depth: number;
  /** Fields of the whole document once fragments are expanded, counted as execution merges them. */
  fields: number;
  /** Times one field may be selected at one place of the answer, directly or through fragments. */
  repeats: number;
  /** Fragments, named or inline, gone through at one place of the answer. */
  fragments: number;
}

class ShapeExceeded extends Error {}

/**
 * Why the document is too big to validate, or null. graphql-js's validation compares every two
 * fields that answer the same key at the same place (OverlappingFieldsCanBeMerged), so its work
 * grows with the square of how often one field is selected there, with the square of the number
 * of fragments there (named or inline, side by side or nested), and with the size of the document once its fragments are expanded; this check bounds both in one pass that stops at the
 * first excess, before any rule runs. A document whose fragments spread themselves is left to
 * validation, which refuses it.
 */
function documentShapeProblem(document: DocumentNode, limits: ShapeLimits): string | null {
  const fragments = fragmentsOf(document.definitions);
  if (hasFragmentCycle(fragments)) return null;
  let fields = 0;
  const walk = (sets: SelectionSetNode[], depth: number) => {
    const seen = { names: new Set<string>(), inline: 0 };
    const groups = collectFieldGroups(sets, fragments, seen);
    const spread = seen.names.size + seen.inline;
    if (spread > limits.fragments) throw new ShapeExceeded(`The query uses ${spread} fragments at one place; at most ${limits.fragments} are allowed`);
    for (const group of groups) {
      fields += group.nodes.length;
      if (fields > limits.fields) throw new ShapeExceeded(`The query selects more than ${limits.fields} fields once its fragments are expanded`);
      if (group.nodes.length > limits.repeats) {
        throw new ShapeExceeded(`The query selects "${group.key}" ${group.nodes.length} times at one place; at most ${limits.repeats} are allowed`);
      }
      const below = subSelections(group);
      if (!below.length) continue;
      if (depth + 1 > limits.depth) throw new ShapeExceeded(`The query is nested more than ${limits.depth} levels deep`);
      walk(below, depth + 1);
    }
  };
  try {
    for (const operation of operationsOf(document)) walk([operation.selectionSet], 1);
    return null;
  } catch (error) {
    if (error instanceof ShapeExceeded) return error.message;
    throw error;
  }
}

function operationsOf(document: DocumentNode): OperationDefinitionNode[] {
  return document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
}

/** Query texts found within the limits; a client sends the same few again and again. */
const CHECKED_TEXTS = 1_000;

/**
 * The shape check for query texts, run before Apollo parses and validates them (an Apollo plugin
 * cannot refuse a request between those two steps). A text is parsed here once: texts found
 * within the limits are remembered, so a repeated query costs a lookup. A text that does not parse
 * is left to Apollo, which answers it as a syntax error.
 */
export class DocumentShapeCheck {
  private readonly passed = new Set<string>();

  constructor(private readonly limits: ShapeLimits) {}

  problem(query: string): string | null {
    if (this.passed.has(query)) return null;
    let document: DocumentNode;
    try {
      document = parse(query, { maxTokens: this.limits.tokens, noLocation: true });
    } catch {
      return null;
    }
    const problem = documentShapeProblem(document, this.limits);
    if (problem === null) {
      // The oldest first: a Set iterates in insertion order.
      if (this.passed.size >= CHECKED_TEXTS) this.passed.delete(this.passed.values().next().value!);
      this.passed.add(query);
    }
    return problem;
  }
}
