/** The web links in a plain-text mail, in order, each once; trailing sentence punctuation is not part of a link. */
export function linksIn(text: string): string[] {
  const found = (text.match(/https?:\/\/[^\s<>"']+/g) ?? []).map((link) => link.replace(/[.,;:!?)\]]+$/, ''));
  return [...new Set(found)];
}

/** A timestamp people can read and sort: 2026-03-02 10:00:30 UTC. */
export function formatReceivedAt(at: Date): string {
  return `${at.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}
