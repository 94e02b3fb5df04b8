/**
 * Turns a field path such as `transaction[3]/value/@currency` into the line it sits on in the
 * activity's raw XML. Only run for rejected activities, so a plain scan is fine.
 */
function findElement(xml: string, from: number, name: string, occurrence: number): number {
  const pattern = new RegExp(`<${name.replace(/[-.]/g, '\\$&')}(?=[\\s/>])`, 'g');
  pattern.lastIndex = from;
  let seen = 0;
  for (let match = pattern.exec(xml); match; match = pattern.exec(xml)) {
    seen += 1;
    if (seen === occurrence) return match.index;
  }
  return -1;
}

/** 0-based offset of the field's element inside `xml` (the activity's start when not found). */
export function offsetOf(xml: string, field: string): number {
  let offset = 0;
  for (const step of field.split('/')) {
    if (step.startsWith('@') || step === '') break;
    const match = /^([\w.-]+)(?:\[(\d+)\])?$/.exec(step);
    if (!match?.[1]) break;
    const found = findElement(xml, offset, match[1], Number(match[2] ?? 1));
    if (found < 0) break;
    offset = found;
  }
  return offset;
}

/** The absolute 1-based line of `field`, given the line the activity starts on. */
export function lineOf(xml: string, field: string, activityLine: number): number {
  const offset = offsetOf(xml, field);
  let lines = 0;
  for (let i = xml.indexOf('\n'); i >= 0 && i < offset; i = xml.indexOf('\n', i + 1)) lines += 1;
  return activityLine + lines;
}
