/** A node of the ESTree the bundler's parser gives (`this.parse`, vite's `parseAst`), with its place in the source. */
export type Node = { type: string; start: number; end: number; [key: string]: unknown };
/** Text to write over `start`–`end` of a module's source. */
export type Edit = { start: number; end: number; text: string };

const isNode = (v: unknown): v is Node =>
  typeof v === 'object' && v !== null && typeof (v as Node).type === 'string' && 'start' in v;

/** Visits every node below `node`, each with its parent; `visit` answers false to skip a node's children. */
export function walk(
  node: Node,
  visit: (node: Node, parent: Node | null) => boolean,
  parent: Node | null = null,
): void {
  if (!visit(node, parent)) return;
  for (const value of Object.values(node)) {
    if (Array.isArray(value)) {
      for (const child of value) if (isNode(child)) walk(child, visit, node);
    } else if (isNode(value)) walk(value, visit, node);
  }
}
