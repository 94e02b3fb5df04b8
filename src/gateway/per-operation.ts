import type { DocumentNode } from 'graphql';

/**
 * A value kept per parsed document and operation name, for as long as the document lives: the
 * gateway's parser cache hands the same object for the same query text, so what is worked out
 * for an operation once serves every later request of it.
 */
export class PerOperation<T> {
  private readonly byDocument = new WeakMap<DocumentNode, Map<string, T>>();

  get(document: DocumentNode, operationName: string | null | undefined): T | undefined {
    return this.byDocument.get(document)?.get(operationName ?? '');
  }

  set(document: DocumentNode, operationName: string | null | undefined, value: T): void {
    let byName = this.byDocument.get(document);
    if (!byName) this.byDocument.set(document, (byName = new Map()));
    byName.set(operationName ?? '', value);
  }
}
