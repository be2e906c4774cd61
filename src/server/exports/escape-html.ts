/**
 * @module escapeHtml: text made safe for HTML element content and double- or single-quoted
 * attribute values. Every value a report shows goes through it; nothing is trusted, not even ids.
 */
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: unknown): string {
  if (value === undefined || value === null) return '';
  return String(value).replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}
