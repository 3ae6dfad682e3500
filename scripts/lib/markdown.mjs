// The little of Markdown that the doc checks need: the fenced code blocks, and the lines outside them.

/**
 * Splits Markdown into its fenced code blocks and its other lines (`prose`). A block's `line` is its body's first
 * line (1-based); its body is de-indented by the fence's indent; a fence closes on one of its kind, at least as long.
 * @param {string} markdown
 */
export function splitMarkdown(markdown) {
  /** @type {{ lang: string, line: number, body: string[], fence: string, indent: string }[]} */
  const blocks = [];
  const prose = [];
  let block;
  markdown.split('\n').forEach((text, i) => {
    const [, indent = '', fence, lang = ''] = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)/.exec(text) ?? [];
    if (!block && fence) blocks.push((block = { lang: lang.toLowerCase(), line: i + 2, body: [], fence, indent }));
    else if (!block) prose.push(text);
    else if (fence?.[0] === block.fence[0] && fence.length >= block.fence.length) block = undefined;
    else block.body.push(text.startsWith(block.indent) ? text.slice(block.indent.length) : text);
  });
  return { blocks, prose };
}
