const ORIGIN = /^[\w.-]+\/[\w.-]+:[^@\s]+@[0-9a-f]{7,40}$/;

/** Refuses a source origin that SOURCES.md could not trace back: it must be `owner/repo:path@commit`. */
export function checkOrigin(option: string, origin: string): void {
  if (!ORIGIN.test(origin)) throw new Error(`${option} "${origin}" is not owner/repo:path@commit`);
}
