// Where a piece of text goes when it is put into the reply at the cursor. A canned reply is
// a paragraph or more: at the start or end of a line it becomes a paragraph of its own (a
// blank line on each side); in the middle of a line it joins the sentence with spaces.

export interface Insertion {
  /** The text to put in place of value[start, end), spacing included. */
  text: string;
  /** Where the cursor goes afterwards, counted from `start`. */
  caretOffset: number;
}

export function insertionAt(value: string, start: number, end: number, text: string): Insertion {
  const before = value.slice(0, start);
  const after = value.slice(end);
  const atLineEdge = before === '' || before.endsWith('\n') || after === '' || after.startsWith('\n');
  let lead: string;
  let trail: string;
  if (atLineEdge) {
    lead = before === '' || before.endsWith('\n\n') ? '' : before.endsWith('\n') ? '\n' : '\n\n';
    trail = after === '' || after.startsWith('\n\n') ? '' : after.startsWith('\n') ? '\n' : '\n\n';
  } else {
    lead = /\s$/.test(before) ? '' : ' ';
    trail = /^\s/.test(after) ? '' : ' ';
  }
  return { text: `${lead}${text}${trail}`, caretOffset: lead.length + text.length };
}
