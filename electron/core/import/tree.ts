// The nested indicator trees of a plan, flattened with their codes: a code
// left out is generated from the position (1, 1.1, 1.1.1), under the
// component's prefix. The importer and the workbook writer use the same
// numbering, so a plan written to Excel and read back keeps its codes.
import type { IndicatorNode, PlanCategory, PlanComponent } from './plan-schema.ts';
import type { PathKey } from './problems.ts';

export const TREE_KINDS: ReadonlySet<PlanComponent['kind']> = new Set(['indicators', 'routine']);

export interface FlatIndicator {
  componentIndex: number;
  code: string;
  parentCode: string | null;
  /** 1 for a top-level indicator */
  depth: number;
  /** 1-based position among its siblings */
  sortOrder: number;
  node: IndicatorNode;
  isLeaf: boolean;
  /** where the node is in the plan */
  path: PathKey[];
}

/** The prefix of generated codes: none for the category's first tree, the component's code and “-” for the others. */
export function codePrefix(category: PlanCategory, componentIndex: number): string {
  const comp = category.components[componentIndex]!;
  if (comp.codePrefix !== undefined) return comp.codePrefix;
  const firstTree = category.components.findIndex((c) => TREE_KINDS.has(c.kind) && (c.indicators?.length ?? 0) > 0);
  return firstTree === componentIndex || firstTree < 0 ? '' : `${comp.code}-`;
}

/** Every indicator of a category, parents before their children, in the plan's order. */
export function flattenCategory(category: PlanCategory, categoryPath: PathKey[]): FlatIndicator[] {
  const out: FlatIndicator[] = [];
  category.components.forEach((comp, ci) => {
    const prefix = codePrefix(category, ci);
    const walk = (nodes: IndicatorNode[], parentCode: string | null, depth: number, path: PathKey[]) => {
      nodes.forEach((node, i) => {
        const code = node.code ?? (parentCode === null ? `${prefix}${i + 1}` : `${parentCode}.${i + 1}`);
        const kids = node.children ?? [];
        const here = [...path, i];
        out.push({ componentIndex: ci, code, parentCode, depth, sortOrder: i + 1, node, isLeaf: kids.length === 0, path: here });
        if (kids.length > 0) walk(kids, code, depth + 1, [...here, 'children']);
      });
    };
    walk(comp.indicators ?? [], null, 1, [...categoryPath, 'components', ci, 'indicators']);
  });
  return out;
}
