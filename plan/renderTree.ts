// The resource tree of a plan: every registered resource, nested under its parent, with its type,
// name and the id the mock gave it.
import { RecordedResource } from "./recorder";
import { ResourceIndex } from "./resourceIndex";

export function renderTree(index: ResourceIndex, stackLabel: string): string[] {
  const lines = [stackLabel];
  const walk = (nodes: RecordedResource[], prefix: string) => {
    nodes.forEach((r, i) => {
      const last = i === nodes.length - 1;
      const id = r.id ? `  ${r.id}` : "";
      lines.push(`${prefix}${last ? "└─ " : "├─ "}${r.type}  ${r.name}${id}`);
      walk(index.childrenOf(r), prefix + (last ? "   " : "│  "));
    });
  };
  walk(index.roots, "");
  return lines;
}
