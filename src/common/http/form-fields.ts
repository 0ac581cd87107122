/** The text fields of a posted form (urlencoded bodies arrive as an object); anything else is left out. */
export function formFields(body: Record<string, unknown> | undefined | null): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [key, value] of Object.entries(body ?? {})) if (typeof value === 'string') fields[key] = value;
  return fields;
}
