export interface TreeItem {
  id: string;
  parentId: string | null;
  name: string;
}

export interface TreeNode<T extends TreeItem> {
  unit: T;
  depth: number;
  children: TreeNode<T>[];
}

/**
 * Builds the unit tree from parentId. A unit whose parent is not in the list (outside what the
 * person can see) is a root. Siblings are sorted by name, Vietnamese collation.
 */
export function buildTree<T extends TreeItem>(units: readonly T[]): TreeNode<T>[] {
  const ids = new Set(units.map((unit) => unit.id));
  const children = new Map<string | null, T[]>();
  for (const unit of units) {
    const key = unit.parentId && ids.has(unit.parentId) ? unit.parentId : null;
    const list = children.get(key) ?? [];
    list.push(unit);
    children.set(key, list);
  }
  const collator = new Intl.Collator("vi");
  const visited = new Set<string>();
  const build = (parentId: string | null, depth: number): TreeNode<T>[] =>
    (children.get(parentId) ?? [])
      .filter((unit) => !visited.has(unit.id))
      .sort((a, b) => collator.compare(a.name, b.name))
      .map((unit) => {
        visited.add(unit.id);
        return { unit, depth, children: build(unit.id, depth + 1) };
      });
  return build(null, 0);
}

/** The tree in display order (depth first), each unit with its depth. */
export function flattenTree<T extends TreeItem>(units: readonly T[]): { unit: T; depth: number }[] {
  const out: { unit: T; depth: number }[] = [];
  const walk = (nodes: TreeNode<T>[]) => {
    for (const node of nodes) {
      out.push({ unit: node.unit, depth: node.depth });
      walk(node.children);
    }
  };
  walk(buildTree(units));
  return out;
}

/** The unit and all its descendants' ids. */
export function subtreeIds(units: readonly TreeItem[], rootId: string): Set<string> {
  const result = new Set([rootId]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const unit of units) {
      if (unit.parentId && result.has(unit.parentId) && !result.has(unit.id)) {
        result.add(unit.id);
        grew = true;
      }
    }
  }
  return result;
}

/** A select option label indented by depth (non-breaking spaces survive in <option>). */
export function indentLabel(name: string, depth: number): string {
  return `${"\u00a0\u00a0\u00a0".repeat(depth)}${depth > 0 ? "└ " : ""}${name}`;
}
