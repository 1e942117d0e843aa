// Generated figures live between `<!-- NAME:begin -->` and `<!-- NAME:end -->` in a Markdown
// document; benchmark scripts rewrite only that part.
export function sectionMarkers(name: string): { begin: string; end: string } {
  return { begin: `<!-- ${name}:begin -->`, end: `<!-- ${name}:end -->` };
}

/** Replaces the named section (markers included in `section`), or appends it when absent. */
export function spliceSection(doc: string, name: string, section: string): string {
  const { begin, end } = sectionMarkers(name);
  const b = doc.indexOf(begin);
  const e = doc.indexOf(end);
  if (b >= 0 && e > b) return doc.slice(0, b) + section + doc.slice(e + end.length);
  return `${doc.trimEnd()}\n\n${section}\n`;
}
