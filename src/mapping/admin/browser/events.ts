/**
 * "mappings-changed": a rule or a sheet changed the mappings, so every view on show reads again.
 * Declared on the document's event map so listeners receive its detail typed.
 */
export interface MappingsChangedDetail {
  readonly kind: 'create' | 'update' | 'retire' | 'sheet';
  /** The rule changed; null for a sheet (many rules). */
  readonly rule: { readonly id: string | null };
}

declare global {
  interface DocumentEventMap {
    'mappings-changed': CustomEvent<MappingsChangedDetail>;
  }
}

export function announceChange(detail: MappingsChangedDetail): void {
  document.dispatchEvent(new CustomEvent('mappings-changed', { detail }));
}
