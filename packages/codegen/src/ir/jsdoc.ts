/** Reading annotations: JSDoc tags and source positions of ts-morph nodes. */
import type { JSDocTag, JSDocableNode, Node } from "ts-morph";
import type { SourceLoc } from "./types";

/** The last `@<tag> text` of each tag name in a node's JSDoc. */
export function tagsOf(node: JSDocableNode): Map<string, string> {
  const out = new Map<string, string>();
  for (const doc of node.getJsDocs()) {
    for (const tag of doc.getTags()) {
      const c = tag.getCommentText();
      out.set(tag.getTagName(), (c ?? "").trim());
    }
  }
  return out;
}

/** Where a node starts (file, 1-based line, column). */
export function locOf(node: Node): SourceLoc {
  const sf = node.getSourceFile();
  const { line, column } = sf.getLineAndColumnAtPos(node.getStart());
  return { file: sf.getFilePath(), line, col: column };
}

/** Every `@<name>` tag of a node's JSDoc, in order (`tagsOf` keeps only the last of each). */
export function tagsNamed(node: JSDocableNode, name: string): JSDocTag[] {
  return node
    .getJsDocs()
    .flatMap((d) => d.getTags())
    .filter((t) => t.getTagName() === name);
}
