import { Parser } from 'htmlparser2';

export interface SanitizePolicy {
  /** Allowed tag names, each with the attributes it may keep. */
  tags: Record<string, readonly string[]>;
  /** Per-attribute value checks; an attribute whose value fails is dropped. */
  attributeValues?: Record<string, (value: string) => boolean>;
}

// Elements whose content is never text a person should see.
const DROP_WITH_CONTENT = new Set([
  'script',
  'style',
  'iframe',
  'object',
  'embed',
  'template',
  'noscript',
  'textarea',
  'select',
]);
const VOID = new Set(['br', 'hr', 'img', 'wbr']);

const escapeText = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttribute = (text: string) => escapeText(text).replace(/"/g, '&quot;');

/**
 * Keeps only allow-listed tags and attributes, re-serialized from a parse so that malformed markup cannot
 * smuggle anything through; disallowed tags are removed but their text is kept (script and the like go whole).
 */
export function sanitizeHtml(html: string, policy: SanitizePolicy): string {
  const out: string[] = [];
  const open: string[] = [];
  let dropping = 0;
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (dropping > 0 || DROP_WITH_CONTENT.has(name)) {
          if (!VOID.has(name)) dropping++;
          return;
        }
        const allowed = policy.tags[name];
        if (!allowed) return;
        const kept = Object.entries(attributes)
          .filter(
            ([attribute, value]) =>
              allowed.includes(attribute) && (policy.attributeValues?.[attribute]?.(value) ?? true),
          )
          .map(([attribute, value]) => ` ${attribute}="${escapeAttribute(value)}"`);
        out.push(`<${name}${kept.join('')}>`);
        if (!VOID.has(name)) open.push(name);
      },
      ontext(text) {
        if (dropping === 0) out.push(escapeText(text));
      },
      onclosetag(name, isImplied) {
        if (dropping > 0) {
          if (!VOID.has(name)) dropping--;
          return;
        }
        if (VOID.has(name) || !policy.tags[name]) return;
        const index = open.lastIndexOf(name);
        if (index < 0) return;
        // Close anything left open inside it, so the output is always well nested.
        while (open.length > index) out.push(`</${open.pop()!}>`);
        void isImplied;
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true, recognizeSelfClosing: true },
  );
  parser.write(html);
  parser.end();
  while (open.length > 0) out.push(`</${open.pop()!}>`);
  return out.join('');
}
